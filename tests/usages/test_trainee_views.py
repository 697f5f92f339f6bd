"""The trainee's pages from the personal link: propose, comment, place and take back dots, the
plan; and the schedule that shows the themes."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from acunum.test import BaseTestCase, database_state, make_trainee
from acunum.usages import plan, proposals
from acunum.usages.models import Comment, Dot, Proposal
from tests.usages.test_proposals import assign_every_half_day, move_j4
from tests.usages.world import THEME_DATA, proposal_data, propose, sequence, theme_content


class TraineePageTests(BaseTestCase):
    def url(self, name, *args, token=None):
        return reverse(f"usages:{name}", args=[token or self.dominique_token, *args])

    def test_the_trainee_home_links_to_the_usages(self):
        r = self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        self.assertContains(r, self.url("proposals"))

    def test_the_list_ranks_the_groups_proposals_by_dots_and_shows_mine(self):
        mastodon = propose(self)
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        proposals.place_dot(self.eden, video)
        proposals.place_dot(self.eden, video)
        proposals.place_dot(self.dominique, video)
        proposals.comment(video, "Avec les ados du club", enrolment=self.dominique)
        r = self.client.get(self.url("proposals"))
        page = r.content.decode()
        self.assertLess(page.index("Tourner une vidéo"), page.index("Découvrir Mastodon"))
        self.assertEqual([p.pk for p in r.context["proposals"]], [video.pk, mastodon.pk])
        self.assertEqual(r.context["proposals"][0].dot_count, 3)
        self.assertEqual(r.context["proposals"][0].mine, 1)
        self.assertEqual(r.context["proposals"][0].comment_count, 1)
        self.assertEqual(r.context["dots_left"], 2)
        self.assertContains(r, _("proposed by %(name)s") % {"name": "Eden"})
        self.assertContains(r, self.url("take-back", video.pk))
        self.assertNotContains(r, self.url("take-back", mastodon.pk))
        # Another cycle's proposals are not there.
        propose(self, "Chez les Tilleuls", self.farid)
        self.assertNotContains(self.client.get(self.url("proposals")), "Chez les Tilleuls")

    def test_a_proposal_is_posted_and_listed(self):
        r = self.client.post(self.url("proposals"), proposal_data(self))
        proposal = Proposal.objects.get()
        self.assertRedirects(r, self.url("proposals") + f"#usage-{proposal.pk}")
        self.assertEqual(
            (proposal.title, proposal.category, proposal.author, proposal.cycle),
            ("Tourner une vidéo avec les jeunes", "public_actions", self.dominique, self.cycle),
        )
        self.assertContains(self.client.get(self.url("proposals")), "Tourner une vidéo")

    def test_bad_proposals_are_refused_with_a_message_and_change_nothing(self):
        before = database_state()
        for changes in (
            {"title": ""},
            {"title": "x" * 121},
            {"category": ""},
            {"category": "gaming"},
            {"description": "x" * 1001},
        ):
            with self.subTest(changes=changes):
                r = self.client.post(self.url("proposals"), {**proposal_data(self), **changes})
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, 'class="problems"')
                self.assertContains(r, 'class="errorlist"')
        self.assertEqual(database_state(), before)

    def test_a_proposal_before_j4_is_refused_with_the_day_it_opens(self):
        move_j4(self, 3)
        found = proposals.state(self.cycle)
        r = self.client.get(self.url("proposals"))
        self.assertContains(r, proposals.refusal(self.cycle, found))
        self.assertNotContains(r, 'id="h-propose"')
        before = database_state()
        r = self.client.post(self.url("proposals"), proposal_data(self))
        self.assertContains(r, proposals.refusal(self.cycle, found), count=2)
        self.assertEqual(database_state(), before)

    def test_a_comment_is_posted_on_the_proposals_page(self):
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        r = self.client.post(self.url("proposal", video.pk), {"text": "  Oui, au club ado  "})
        self.assertRedirects(r, self.url("proposal", video.pk) + "#commentaires")
        comment = Comment.objects.get()
        self.assertEqual(
            (comment.text, comment.enrolment, comment.user),
            ("Oui, au club ado", self.dominique, None),
        )
        page = self.client.get(self.url("proposal", video.pk))
        self.assertContains(page, "Oui, au club ado")
        self.assertContains(page, "Dominique")

    def test_an_empty_or_too_long_comment_changes_nothing(self):
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        before = database_state()
        for text in ("", "   ", "x" * 1001):
            r = self.client.post(self.url("proposal", video.pk), {"text": text})
            self.assertContains(r, 'class="errorlist"')
        self.assertEqual(database_state(), before)

    def test_placing_and_taking_back_dots_through_the_forms(self):
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        r = self.client.post(self.url("place", video.pk), {"seen": "0"}, follow=True)
        self.assertRedirects(r, self.url("proposals") + f"#usage-{video.pk}")
        self.assertContains(r, "message-success")
        r = self.client.post(
            self.url("place", video.pk), {"seen": "1", "back": "detail"}, follow=True
        )
        self.assertRedirects(r, self.url("proposal", video.pk))
        self.assertEqual(proposals.dots_of(self.dominique), {video.pk: 2})
        self.client.post(self.url("take-back", video.pk), {"seen": "2"})
        self.assertEqual(proposals.dots_of(self.dominique), {video.pk: 1})

    def test_a_fourth_dot_is_refused_with_a_message_naming_the_limit(self):
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        for seen in range(3):
            self.client.post(self.url("place", video.pk), {"seen": str(seen)})
        before = database_state()
        r = self.client.post(self.url("place", video.pk), {"seen": "3"}, follow=True)
        self.assertContains(r, proposals.limit_message())
        self.assertContains(r, "message-error")
        self.assertEqual(database_state(), before)
        self.assertEqual(Dot.objects.filter(enrolment=self.dominique).count(), 3)

    def test_a_double_tap_places_one_dot(self):
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        for _tap in range(2):
            r = self.client.post(self.url("place", video.pk), {"seen": "0"}, follow=True)
            self.assertContains(r, "message-success")
        self.assertEqual(proposals.dots_of(self.dominique), {video.pk: 1})

    def test_taking_back_a_dot_not_placed_is_refused_and_changes_nothing(self):
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        before = database_state()
        r = self.client.post(self.url("take-back", video.pk), {}, follow=True)
        self.assertContains(r, "message-error")
        self.assertContains(r, "Tourner une vidéo")
        self.assertEqual(database_state(), before)

    def test_another_cycles_proposal_is_not_found_from_dominiques_link(self):
        theirs = propose(self, "Chez les Tilleuls", self.farid)
        before = database_state()
        self.assertEqual(self.client.get(self.url("proposal", theirs.pk)).status_code, 404)
        for name in ("place", "take-back", "proposal"):
            self.assertEqual(
                self.client.post(self.url(name, theirs.pk), {"text": "x"}).status_code, 404
            )
        self.assertEqual(database_state(), before)

    def test_a_merged_proposal_leads_to_the_one_it_was_merged_into(self):
        duplicate = propose(self, "Instagram pour les ados")
        kept = propose(self, "Découvrir Instagram", self.eden)
        proposals.merge(duplicate, kept, self.bob)
        self.assertRedirects(
            self.client.get(self.url("proposal", duplicate.pk)), self.url("proposal", kept.pk)
        )
        self.assertNotContains(self.client.get(self.url("proposals")), "Instagram pour les ados")

    def test_a_revoked_link_is_told_whom_to_ask(self):
        token = self.dominique_token
        self.dominique.issue_link()
        for name in ("proposals", "plan"):
            self.assertEqual(self.client.get(self.url(name, token=token)).status_code, 410)

    def test_once_the_plan_is_made_the_page_says_proposals_are_closed_and_offers_no_form(self):
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        proposals.place_dot(self.dominique, video)
        assign_every_half_day(self)
        r = self.client.get(self.url("proposals"))
        self.assertContains(r, proposals.refusal(self.cycle, proposals.state(self.cycle)))
        self.assertNotContains(r, self.url("place", video.pk))
        self.assertNotContains(r, self.url("take-back", video.pk))
        self.assertNotContains(r, 'id="h-propose"')
        detail = self.client.get(self.url("proposal", video.pk))
        self.assertNotContains(detail, 'name="text"')

    def test_the_plan_shows_each_half_day_with_its_theme_objectives_resources_and_answers(self):
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        plan.set_theme(
            self.cycle,
            sequence(self, "DJ4"),
            theme_content(proposals=(video,)),
            reason="Vote",
            user=self.bob,
        )
        r = self.client.get(self.url("plan"))
        for text in (
            THEME_DATA["title"],
            THEME_DATA["objectives"],
            "Les smartphones de la structure",
            "Tourner une vidéo",
            "DJ3",
            "DJ7",
            "DJ3, DJ5, DJ6, DJ7",
        ):
            self.assertContains(r, text)
        self.assertNotContains(r, "DJ8")
        self.assertNotContains(r, "Bob")  # who changed it is the record's business

    def test_the_schedule_shows_a_themed_half_day_by_its_theme(self):
        plan.set_theme(
            self.cycle, sequence(self, "DJ3"), theme_content(), reason="Vote", user=self.bob
        )
        generic = sequence(self, "DJ3").title
        home = self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        self.assertContains(home, THEME_DATA["title"])
        self.assertNotContains(home, generic)
        self.assertContains(home, sequence(self, "DJ4").title)
        # Farid's cycle keeps the programme's title.
        farid = self.client.get(reverse("cycles:trainee-home", args=[self.farid_token]))
        self.assertContains(farid, generic)
        self.assertNotContains(farid, THEME_DATA["title"])

    def test_the_list_costs_the_same_whatever_the_number_of_proposals_and_trainees(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(self.url("proposals")).status_code, 200)
            return len(ctx.captured_queries)

        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        proposals.comment(video, "Oui", enrolment=self.eden)
        self.client.get(self.url("proposals"))
        small = count()
        for n in range(6):
            enrolment = make_trainee(self.cycle, f"Extra{n}")
            found = propose(self, f"Usage {n}", enrolment, "other")
            proposals.place_dot(enrolment, found)
            proposals.comment(found, "Moi aussi", enrolment=self.eden)
        self.assertEqual(count(), small)

    def test_dominiques_pages_never_show_another_trainees_email_or_link(self):
        propose(self, "Tourner une vidéo", self.eden, "public_actions")
        for name in ("proposals", "plan"):
            r = self.client.get(self.url(name))
            self.assertNotContains(r, "eden@example.org")
            self.assertNotContains(r, self.eden_token)

    def test_the_form_names_the_category_choices_of_the_programme(self):
        r = self.client.get(self.url("proposals"))
        for value in ("social_network", "public_actions", "smartphone_at_work", "other"):
            self.assertContains(r, f'value="{value}"')
        self.assertContains(r, _("The smartphone at work"))
