"""The trainer's pages: proposals by dots with comments, merging, opening early, the themes of
DJ3 to DJ7 and the record of their changes."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from acunum.test import BaseTestCase, database_state, make_trainee
from acunum.usages import plan, proposals
from acunum.usages.models import Adaptation, Comment, Opening, Proposal, Theme
from tests.usages.test_proposals import move_j4
from tests.usages.world import THEME_DATA, propose, sequence, theme_content


class TrainerPageTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)

    def url(self, name, *args):
        return reverse(f"usages:{name}", args=[self.cycle.code, *args])

    def test_the_cycle_page_links_to_the_board_for_those_who_run_it(self):
        self.assertContains(self.client.get(self.cycle.get_absolute_url()), self.url("board"))
        self.login(self.diane)
        self.assertNotContains(self.client.get(self.cycle.get_absolute_url()), self.url("board"))

    def test_the_board_ranks_the_proposals_by_dots_with_their_comments(self):
        mastodon = propose(self)
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        proposals.place_dot(self.eden, video)
        proposals.comment(mastodon, "Pour quitter X", enrolment=self.eden)
        proposals.comment(video, "Avec les jeunes", user=self.bob)
        r = self.client.get(self.url("board"))
        page = r.content.decode()
        self.assertLess(page.index("Tourner une vidéo"), page.index("Découvrir Mastodon"))
        self.assertContains(r, "Pour quitter X")
        self.assertContains(r, "Avec les jeunes")
        self.assertContains(r, self.url("merge", mastodon.pk))
        self.assertContains(r, self.url("comment", video.pk))

    def test_the_board_says_which_half_days_still_lack_a_theme(self):
        plan.set_theme(
            self.cycle, sequence(self, "DJ4"), theme_content(), reason="Vote", user=self.bob
        )
        r = self.client.get(self.url("board"))
        self.assertEqual(r.context["missing_codes"], "DJ3, DJ5, DJ6, DJ7")
        self.assertContains(r, "DJ3, DJ5, DJ6, DJ7")
        for code in ("DJ3", "DJ4", "DJ5", "DJ6", "DJ7"):
            self.assertContains(r, self.url("theme", code))
        self.assertNotContains(r, self.url("theme", "DJ8"))

    def test_the_trainer_opens_the_proposals_before_j4_and_goes_back(self):
        move_j4(self, 7)
        self.assertContains(self.client.get(self.url("board")), self.url("opening"))
        self.client.post(self.url("opening"), {"opened": "1"})
        self.assertTrue(Opening.objects.get(cycle=self.cycle).opened_early)
        self.assertEqual(Opening.objects.get(cycle=self.cycle).changed_by, self.bob)
        self.assertEqual(proposals.state(self.cycle).value, "open")
        self.client.post(self.url("opening"), {"opened": "0"})
        self.assertEqual(proposals.state(self.cycle).value, "not_yet")

    def test_the_trainer_comments_and_an_empty_comment_changes_nothing(self):
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        r = self.client.post(self.url("comment", video.pk), {"text": "Prévoir des micros"})
        self.assertRedirects(r, self.url("board") + f"#usage-{video.pk}")
        self.assertEqual(Comment.objects.get().user, self.bob)
        before = database_state()
        r = self.client.post(self.url("comment", video.pk), {"text": "  "}, follow=True)
        self.assertContains(r, "message-error")
        self.assertEqual(database_state(), before)

    def test_merging_a_duplicate_through_the_form(self):
        duplicate = propose(self, "Instagram pour les ados")
        kept = propose(self, "Découvrir Instagram", self.eden)
        proposals.place_dot(self.dominique, duplicate)
        r = self.client.post(self.url("merge", duplicate.pk), {"into": kept.pk}, follow=True)
        self.assertRedirects(r, self.url("board") + f"#usage-{kept.pk}")
        duplicate.refresh_from_db()
        self.assertEqual(duplicate.merged_into, kept)
        self.assertEqual(proposals.dots_of(self.dominique), {kept.pk: 1})
        self.assertContains(r, "Instagram pour les ados")  # in the merged list

    def test_bad_merges_are_refused_with_a_message_and_change_nothing(self):
        duplicate = propose(self, "Instagram pour les ados")
        theirs = propose(self, "Chez les Tilleuls", self.farid)
        before = database_state()
        for into, says in (
            (duplicate.pk, _("A proposal cannot be merged into itself: choose another one.")),
            (theirs.pk, _("This proposal is not one of this cycle’s: choose one from the list.")),
            ("", _("Choose the proposal to merge it into.")),
            ("abc", _("Choose the proposal to merge it into.")),
            (99999, _("Choose the proposal to merge it into.")),
        ):
            with self.subTest(into=into):
                r = self.client.post(self.url("merge", duplicate.pk), {"into": into}, follow=True)
                self.assertContains(r, says)
        # Another cycle's proposal cannot be merged from this cycle's page either.
        self.assertEqual(
            self.client.post(self.url("merge", theirs.pk), {"into": duplicate.pk}).status_code,
            404,
        )
        self.assertEqual(database_state(), before)

    def test_assigning_a_theme_records_what_who_when_and_why(self):
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        page = self.client.get(self.url("theme", "DJ4"))
        self.assertContains(page, "Tourner une vidéo")
        self.assertContains(page, _("Why this change?"))
        r = self.client.post(self.url("theme", "DJ4"), {**THEME_DATA, "proposals": [video.pk]})
        self.assertRedirects(r, self.url("board") + "#plan")
        theme = Theme.objects.get()
        self.assertEqual((theme.sequence.code, theme.title), ("DJ4", THEME_DATA["title"]))
        self.assertEqual(list(theme.proposals.all()), [video])
        adaptation = Adaptation.objects.get()
        self.assertEqual(
            (adaptation.change, adaptation.user, adaptation.reason),
            ("created", self.bob, THEME_DATA["reason"]),
        )
        board = self.client.get(self.url("board"))
        self.assertContains(board, THEME_DATA["reason"])
        self.assertContains(board, "Bob Test")
        # The form shows the theme to change it.
        self.assertContains(self.client.get(self.url("theme", "DJ4")), THEME_DATA["objectives"])

    def test_a_theme_without_a_reason_or_a_title_changes_nothing(self):
        before = database_state()
        for changes in ({"reason": ""}, {"title": ""}, {"objectives": ""}, {"proposals": [999]}):
            with self.subTest(changes=changes):
                r = self.client.post(self.url("theme", "DJ3"), {**THEME_DATA, **changes})
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, 'class="errorlist"')
        self.assertEqual(database_state(), before)

    def test_a_theme_for_a_half_day_outside_dj3_to_dj7_is_refused_naming_it(self):
        before = database_state()
        for code in ("DJ1", "DJ2", "DJ8", "J1", "J4"):
            with self.subTest(code=code):
                half_day = sequence(self, code)
                message = _(
                    "%(code)s “%(title)s” is not a half-day for the usages the trainees ask "
                    "for: only %(codes)s receive a theme."
                ) % {"code": code, "title": half_day.title, "codes": "DJ3, DJ4, DJ5, DJ6, DJ7"}
                r = self.client.get(self.url("theme", code), follow=True)
                self.assertRedirects(r, self.url("board") + "#plan")
                self.assertContains(r, message)
                r = self.client.post(self.url("theme", code), THEME_DATA, follow=True)
                self.assertContains(r, message)
                r = self.client.post(
                    self.url("theme-remove", code), {"remove-reason": "x"}, follow=True
                )
                self.assertContains(r, message)
        self.assertEqual(database_state(), before)

    def test_a_code_the_programme_does_not_have_is_not_found(self):
        self.assertEqual(self.client.get(self.url("theme", "DJ99")).status_code, 404)

    def test_removing_a_theme_needs_a_reason_and_is_recorded(self):
        plan.set_theme(
            self.cycle, sequence(self, "DJ5"), theme_content(), reason="Vote", user=self.bob
        )
        before = database_state()
        r = self.client.post(self.url("theme-remove", "DJ5"), {"remove-reason": " "})
        self.assertContains(r, 'class="errorlist"')
        self.assertEqual(database_state(), before)
        r = self.client.post(self.url("theme-remove", "DJ5"), {"remove-reason": "Reportée"})
        self.assertRedirects(r, self.url("board") + "#plan")
        self.assertFalse(Theme.objects.exists())
        removed = Adaptation.objects.of_cycle(self.cycle).last()
        self.assertEqual((removed.change, removed.reason), ("removed", "Reportée"))
        # Nothing left to remove: said so, nothing recorded.
        before = database_state()
        r = self.client.post(self.url("theme-remove", "DJ5"), {"remove-reason": "x"}, follow=True)
        self.assertContains(r, "message-error")
        self.assertEqual(database_state(), before)

    def test_the_board_costs_the_same_whatever_the_number_of_proposals(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(self.url("board")).status_code, 200)
            return len(ctx.captured_queries)

        first = propose(self)
        proposals.comment(first, "Oui", enrolment=self.eden)
        plan.set_theme(
            self.cycle,
            sequence(self, "DJ3"),
            theme_content(proposals=(first,)),
            reason="Vote",
            user=self.bob,
        )
        self.client.get(self.url("board"))
        small = count()
        found = []
        for n in range(4):
            enrolment = make_trainee(self.cycle, f"Extra{n}")
            found.append(propose(self, f"Usage {n}", enrolment, "other"))
            proposals.comment(found[n], "Moi aussi", enrolment=self.eden)
            proposals.comment(found[n], "Noté", user=self.bob)
            proposals.merge(propose(self, f"Doublon {n}", enrolment), found[n], self.bob)
        for n in range(4):
            plan.set_theme(
                self.cycle,
                sequence(self, f"DJ{4 + n}"),
                theme_content(title=f"Thème {n}", proposals=tuple(found[: n + 1])),
                reason="Vote",
                user=self.bob,
            )
        self.assertEqual(count(), small)

    def test_the_schedule_of_the_cycle_page_shows_the_theme(self):
        plan.set_theme(
            self.cycle, sequence(self, "DJ6"), theme_content(), reason="Vote", user=self.bob
        )
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, THEME_DATA["title"])
        self.assertNotContains(r, sequence(self, "DJ6").title)
        self.assertContains(r, sequence(self, "DJ7").title)

    def test_the_proposals_count_stays_the_cycles_own(self):
        propose(self, "Chez les Tilleuls", self.farid)
        r = self.client.get(self.url("board"))
        self.assertNotContains(r, "Chez les Tilleuls")
        self.assertEqual(list(r.context["proposals"]), [])
        self.assertFalse(Proposal.objects.of_cycle(self.cycle).exists())
