"""The trainees' proposals: when they open and close, the dots and their limit, merging."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.cycles.models import Slot
from acunum.test import BaseTestCase, database_state
from acunum.usages import plan, proposals
from acunum.usages.models import DOTS_PER_TRAINEE, Comment, Dot, Proposal, Refused
from tests.usages.world import propose, sequence, theme_content


def move_j4(t, days_from_today: int | None) -> None:
    """J4's two half-days moved to another day, or removed from the schedule (None)."""
    j4 = Slot.objects.filter(cycle=t.cycle, sequence__code="J4")
    if days_from_today is None:
        j4.delete()
    else:
        j4.update(date=timezone.localdate() + timedelta(days=days_from_today))


def assign_every_half_day(t) -> None:
    for code in ("DJ3", "DJ4", "DJ5", "DJ6", "DJ7"):
        plan.set_theme(
            t.cycle,
            sequence(t, code),
            theme_content(title=f"Thème {code}"),
            reason="Vote",
            user=t.bob,
        )


class OpeningTests(BaseTestCase):
    def test_the_passerelle_cycle_is_open_since_its_j4_in_january(self):
        found = proposals.state(self.cycle)
        self.assertEqual(found.value, "open")
        self.assertEqual(found.opens_on.isoformat()[:7], "2026-01")

    def test_proposals_open_on_the_day_of_j4_and_not_before(self):
        move_j4(self, 1)
        found = proposals.state(self.cycle)
        self.assertEqual(found.value, "not_yet")
        before = database_state()
        with self.assertRaises(Refused) as caught:
            propose(self)
        self.assertEqual(str(caught.exception), proposals.refusal(self.cycle, found))
        self.assertIn("J4", str(caught.exception))
        self.assertEqual(database_state(), before)
        move_j4(self, 0)
        self.assertEqual(proposals.state(self.cycle).value, "open")
        self.assertEqual(propose(self).title, "Découvrir Mastodon")

    def test_without_a_j4_date_the_refusal_says_it_is_not_set(self):
        move_j4(self, None)
        found = proposals.state(self.cycle)
        self.assertEqual((found.value, found.opens_on), ("not_yet", None))
        self.assertEqual(
            proposals.refusal(self.cycle, found),
            _("Proposals open on %(day)s, whose date is not set yet.") % {"day": "J4"},
        )

    def test_the_trainer_may_open_them_before_j4_and_go_back(self):
        move_j4(self, 10)
        proposals.open_early(self.cycle, self.bob)
        self.assertTrue(proposals.state(self.cycle).opened_early)
        self.assertEqual(proposals.state(self.cycle).value, "open")
        propose(self)
        proposals.open_early(self.cycle, self.bob, opened=False)
        self.assertEqual(proposals.state(self.cycle).value, "not_yet")

    def test_they_close_once_the_five_half_days_have_their_theme_and_reopen_without_one(self):
        mastodon = propose(self)
        proposals.place_dot(self.eden, mastodon)
        assign_every_half_day(self)
        self.assertEqual(proposals.state(self.cycle).value, "closed")
        before = database_state()
        for attempt in (
            lambda: propose(self, "Trop tard"),
            lambda: proposals.place_dot(self.dominique, mastodon),
            lambda: proposals.take_back(self.eden, mastodon),
            lambda: proposals.comment(mastodon, "Et moi ?", enrolment=self.dominique),
        ):
            with self.assertRaises(Refused) as caught:
                attempt()
            self.assertIn("DJ3–DJ7", str(caught.exception))
        self.assertEqual(database_state(), before)
        # The trainer still comments, to explain the choice.
        proposals.comment(mastodon, "Retenu pour DJ3.", user=self.bob)
        plan.remove_theme(self.cycle, sequence(self, "DJ7"), reason="À revoir", user=self.bob)
        self.assertEqual(proposals.state(self.cycle).value, "open")

    def test_an_unknown_category_is_refused(self):
        with self.assertRaises(Refused):
            propose(self, category="gaming")
        self.assertFalse(Proposal.objects.exists())

    def test_the_database_refuses_an_untitled_proposal_or_an_unknown_category(self):
        for fields in ({"title": ""}, {"category": "gaming"}):
            with (
                self.subTest(fields=fields),
                self.assertRaises(IntegrityError),
                transaction.atomic(),
            ):
                Proposal.objects.create(
                    cycle=self.cycle, **{"title": "Titre", "category": "other", **fields}
                )

    def test_a_comment_needs_a_text_and_one_author_at_most(self):
        mastodon = propose(self)
        with self.assertRaises(Refused):
            proposals.comment(mastodon, "   ", enrolment=self.eden)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Comment.objects.create(
                proposal=mastodon, enrolment=self.eden, user=self.bob, text="Deux auteurs"
            )
        self.assertFalse(Comment.objects.exists())

    def test_a_trainee_cannot_comment_another_cycles_proposal(self):
        theirs = propose(self, enrolment=self.farid)
        with self.assertRaises(Refused):
            proposals.comment(theirs, "Bonjour", enrolment=self.dominique)
        self.assertFalse(Comment.objects.exists())


class DotTests(BaseTestCase):
    def setUp(self):
        self.mastodon = propose(self)
        self.video = propose(self, "Tourner une vidéo", self.eden, "public_actions")

    def dots(self, enrolment=None) -> list[tuple[int, int]]:
        return list(
            Dot.objects.filter(enrolment=enrolment or self.dominique)
            .order_by("number")
            .values_list("proposal_id", "number")
        )

    def test_three_dots_several_on_one_proposal_and_a_fourth_refused_naming_the_limit(self):
        self.assertEqual(DOTS_PER_TRAINEE, 3)
        proposals.place_dot(self.dominique, self.mastodon)
        proposals.place_dot(self.dominique, self.mastodon)
        last = proposals.place_dot(self.dominique, self.video)
        self.assertEqual((last.changed, last.on_proposal, last.left), (True, 1, 0))
        before = database_state()
        with self.assertRaises(Refused) as caught:
            proposals.place_dot(self.dominique, self.video)
        self.assertEqual(str(caught.exception), proposals.limit_message())
        self.assertIn("3", str(caught.exception))
        self.assertEqual(database_state(), before)
        self.assertEqual(
            self.dots(), [(self.mastodon.pk, 1), (self.mastodon.pk, 2), (self.video.pk, 3)]
        )

    def test_a_dot_taken_back_can_be_placed_elsewhere(self):
        for _dot in range(3):
            proposals.place_dot(self.dominique, self.mastodon)
        back = proposals.take_back(self.dominique, self.mastodon)
        self.assertEqual((back.changed, back.on_proposal, back.left), (True, 2, 1))
        proposals.place_dot(self.dominique, self.video)
        self.assertEqual(
            self.dots(), [(self.mastodon.pk, 1), (self.mastodon.pk, 2), (self.video.pk, 3)]
        )

    def test_taking_back_a_dot_that_is_not_there_is_refused(self):
        proposals.place_dot(self.dominique, self.video)
        before = database_state()
        with self.assertRaises(Refused) as caught:
            proposals.take_back(self.dominique, self.mastodon)
        self.assertIn("Découvrir Mastodon", str(caught.exception))
        self.assertEqual(database_state(), before)

    def test_the_same_tap_arriving_twice_places_one_dot(self):
        first = proposals.place_dot(self.dominique, self.mastodon, seen=0)
        again = proposals.place_dot(self.dominique, self.mastodon, seen=0)
        self.assertTrue(first.changed)
        self.assertFalse(again.changed)
        self.assertEqual((again.on_proposal, again.left), (1, 2))
        self.assertEqual(len(self.dots()), 1)
        # And a taking back, twice: one dot goes.
        proposals.place_dot(self.dominique, self.mastodon, seen=1)
        proposals.take_back(self.dominique, self.mastodon, seen=2)
        proposals.take_back(self.dominique, self.mastodon, seen=2)
        self.assertEqual(len(self.dots()), 1)

    def test_each_trainee_has_their_own_dots(self):
        for _dot in range(3):
            proposals.place_dot(self.dominique, self.video)
        for _dot in range(3):
            proposals.place_dot(self.eden, self.video)
        self.assertEqual(Proposal.objects.ranked().get(pk=self.video.pk).dot_count, 6)
        self.assertEqual(proposals.dots_of(self.eden), {self.video.pk: 3})

    def test_the_database_refuses_a_fourth_dot_and_a_number_twice(self):
        proposals.place_dot(self.dominique, self.mastodon)
        for number in (4, 0, 1):
            with self.subTest(number=number), self.assertRaises(IntegrityError):
                with transaction.atomic():
                    Dot.objects.create(enrolment=self.dominique, proposal=self.video, number=number)
        self.assertEqual(len(self.dots()), 1)

    def test_a_dot_on_another_cycles_proposal_is_refused(self):
        theirs = propose(self, "Autre cycle", self.farid)
        with self.assertRaises(Refused):
            proposals.place_dot(self.dominique, theirs)
        self.assertEqual(self.dots(), [])

    def test_a_merged_proposal_takes_no_dot(self):
        proposals.merge(self.video, self.mastodon, self.bob)
        with self.assertRaises(Refused):
            proposals.place_dot(self.dominique, self.video)
        self.assertEqual(self.dots(), [])

    def test_the_ranking_is_by_dots_then_by_age(self):
        later = propose(self, "Padlet", self.eden, "other")
        proposals.place_dot(self.eden, later)
        ranked = list(Proposal.objects.of_cycle(self.cycle).visible().ranked())
        self.assertEqual(ranked, [later, self.mastodon, self.video])


class MergeTests(BaseTestCase):
    def setUp(self):
        self.duplicate = propose(self, "Instagram pour les ados")
        self.kept = propose(self, "Découvrir Instagram", self.eden)
        proposals.place_dot(self.dominique, self.duplicate)
        proposals.place_dot(self.dominique, self.duplicate)
        proposals.place_dot(self.eden, self.duplicate)
        proposals.place_dot(self.eden, self.kept)
        proposals.comment(self.duplicate, "Oui, pour le club ado !", enrolment=self.eden)

    def test_its_dots_and_comments_follow_and_it_is_hidden_but_kept_with_a_pointer(self):
        proposals.merge(self.duplicate, self.kept, self.bob)
        self.duplicate.refresh_from_db()
        self.assertEqual(self.duplicate.merged_into, self.kept)
        self.assertEqual(self.duplicate.merged_by, self.bob)
        self.assertIsNotNone(self.duplicate.merged_at)
        self.assertEqual(list(Proposal.objects.of_cycle(self.cycle).visible()), [self.kept])
        self.assertEqual(Proposal.objects.ranked().get(pk=self.kept.pk).dot_count, 4)
        self.assertEqual(
            list(self.kept.comments.values_list("text", flat=True)), ["Oui, pour le club ado !"]
        )
        self.assertEqual(proposals.dots_of(self.dominique), {self.kept.pk: 2})
        # Still three dots each, whatever the merge: Dominique may place her last one.
        proposals.place_dot(self.dominique, self.kept)
        with self.assertRaises(Refused):
            proposals.place_dot(self.dominique, self.kept)

    def test_a_theme_that_answered_the_duplicate_answers_the_proposal_it_is_merged_into(self):
        plan.set_theme(
            self.cycle,
            sequence(self, "DJ3"),
            theme_content(proposals=(self.duplicate,)),
            reason="Vote",
            user=self.bob,
        )
        proposals.merge(self.duplicate, self.kept, self.bob)
        theme = self.cycle.usage_themes.get()
        self.assertEqual(list(theme.proposals.all()), [self.kept])

    def test_merging_into_itself_across_cycles_or_twice_is_refused_and_changes_nothing(self):
        other = propose(self, "Autre cycle", self.farid)
        third = propose(self, "Troisième", self.eden)
        proposals.merge(third, self.kept, self.bob)
        before = database_state()
        itself = _("A proposal cannot be merged into itself: choose another one.")
        across = _("This proposal is not one of this cycle’s: choose one from the list.")
        refusals = [
            (self.duplicate, self.duplicate, itself),
            (self.duplicate, other, across),
            (other, self.duplicate, across),
            (self.duplicate, third, "Troisième"),
            (third, self.duplicate, "Troisième"),
        ]
        for merged, into, says in refusals:
            with self.subTest(merged=merged.title, into=into.title):
                with self.assertRaises(Refused) as caught:
                    proposals.merge(merged, into, self.bob)
                self.assertIn(says, str(caught.exception))
        self.assertEqual(database_state(), before)

    def test_the_database_refuses_a_proposal_merged_into_itself_or_a_merge_without_a_date(self):
        now = timezone.now()
        for fields in ({"merged_into": self.duplicate.pk, "merged_at": now}, {"merged_at": now}):
            with self.subTest(fields=fields), self.assertRaises(IntegrityError):
                with transaction.atomic():
                    Proposal.objects.filter(pk=self.duplicate.pk).update(**fields)

    def test_a_chain_of_merges_leads_to_the_last_proposal(self):
        last = propose(self, "Les réseaux des ados", self.eden)
        proposals.merge(self.duplicate, self.kept, self.bob)
        proposals.merge(self.kept, last, self.bob)
        self.duplicate.refresh_from_db()
        self.assertEqual(proposals.current(self.duplicate), last)
        self.assertEqual(Proposal.objects.ranked().get(pk=last.pk).dot_count, 4)
