"""The themes of the half-days DJ3 to DJ7, exactly those five, and the record of every change
(Qualiopi indicator 10)."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.programmes.loader import DEFAULT_PROGRAMME, load_programme
from acunum.test import BaseTestCase, database_state
from acunum.usages import plan, proposals
from acunum.usages.models import Adaptation, Immutable, Proposal, Refused, Theme
from tests.usages.world import THEME_DATA, propose, sequence, theme_content

REQUESTED = ["DJ3", "DJ4", "DJ5", "DJ6", "DJ7"]


def another_version():
    """A second version of the same programme, as a change of its file would load."""
    with tempfile.TemporaryDirectory() as folder:
        changed = Path(folder) / DEFAULT_PROGRAMME.name
        changed.write_bytes(DEFAULT_PROGRAMME.read_bytes() + b"\n# a second version\n")
        version, _created = load_programme(changed)
    return version


class HalfDayTests(BaseTestCase):
    def assign(self, code: str, **changes):
        return plan.set_theme(
            self.cycle,
            sequence(self, code),
            theme_content(**{"title": f"Thème de {code}", **changes}),
            reason="Le vote du groupe",
            user=self.bob,
        )

    def test_the_requested_half_days_are_dj3_to_dj7_from_the_programme_file(self):
        self.assertEqual(plan.requested_codes(self.version), REQUESTED)
        days = plan.half_days(self.cycle)
        self.assertEqual([d.sequence.code for d in days], REQUESTED)
        self.assertEqual([d.slot.index for d in days], [11, 12, 13, 14, 15])

    def test_the_plan_is_complete_only_when_each_of_the_five_has_its_theme(self):
        for code in REQUESTED[:-1]:
            self.assign(code)
            self.assertFalse(plan.is_complete(self.cycle))
        self.assertEqual([s.code for s in plan.missing(plan.half_days(self.cycle))], ["DJ7"])
        self.assign("DJ7")
        self.assertTrue(plan.is_complete(self.cycle))
        self.assertEqual(plan.missing(plan.half_days(self.cycle)), [])
        # Another cycle's plan is its own.
        self.assertFalse(plan.is_complete(self.other_cycle))

    def test_a_theme_outside_dj3_to_dj7_is_refused_naming_the_half_day(self):
        before = database_state()
        for code in ("DJ1", "DJ2", "DJ8", "J1", "J4"):
            with self.subTest(code=code), self.assertRaises(Refused) as caught:
                self.assign(code)
            half_day = sequence(self, code)
            self.assertEqual(
                str(caught.exception),
                _(
                    "%(code)s “%(title)s” is not a half-day for the usages the trainees ask "
                    "for: only %(codes)s receive a theme."
                )
                % {"code": code, "title": half_day.title, "codes": ", ".join(REQUESTED)},
            )
        self.assertEqual(database_state(), before)

    def test_a_half_day_of_another_programme_version_is_refused_naming_it(self):
        dj3 = another_version().sequences.get(code="DJ3")
        before = database_state()
        for attempt in (
            lambda: plan.set_theme(self.cycle, dj3, theme_content(), reason="x", user=self.bob),
            lambda: plan.remove_theme(self.cycle, dj3, reason="x", user=self.bob),
        ):
            with self.assertRaises(Refused) as caught:
                attempt()
            self.assertIn("DJ3", str(caught.exception))
            self.assertIn(str(self.version.number), str(caught.exception))
        self.assertEqual(database_state(), before)

    def test_the_database_keeps_one_theme_per_half_day_with_a_title_and_objectives(self):
        self.assign("DJ3")
        dj3, dj4 = sequence(self, "DJ3"), sequence(self, "DJ4")
        for fields in (
            {"sequence": dj3, "title": "Deux", "objectives": "x"},
            {"sequence": dj4, "title": "", "objectives": "x"},
            {"sequence": dj4, "title": "Sans objectifs", "objectives": ""},
        ):
            with self.subTest(fields=fields), self.assertRaises(IntegrityError):
                with transaction.atomic():
                    Theme.objects.create(cycle=self.cycle, **fields)
        self.assertEqual(Theme.objects.count(), 1)

    def test_a_theme_without_a_reason_title_or_objectives_is_refused_and_changes_nothing(self):
        dj3 = sequence(self, "DJ3")
        before = database_state()
        for content, reason in (
            (theme_content(), "   "),
            (theme_content(title=" "), "Vote"),
            (theme_content(objectives=""), "Vote"),
            (theme_content(title="x" * 121), "Vote"),
            (theme_content(resources="x" * 1001), "Vote"),
        ):
            with self.assertRaises(Refused):
                plan.set_theme(self.cycle, dj3, content, reason=reason, user=self.bob)
        self.assertEqual(database_state(), before)

    def test_a_theme_answers_only_this_cycles_proposals_not_merged(self):
        theirs = propose(self, "Autre cycle", self.farid)
        with self.assertRaises(Refused):
            self.assign("DJ3", proposals=(theirs,))
        self.assertFalse(Theme.objects.exists())
        ours = propose(self)
        self.assign("DJ3", proposals=(ours,))
        self.assertEqual(list(Theme.objects.get().proposals.all()), [ours])

    def test_saving_the_same_theme_again_records_nothing(self):
        self.assertIsNotNone(self.assign("DJ3"))
        self.assertIsNone(self.assign("DJ3"))
        self.assertEqual(Adaptation.objects.count(), 1)

    def test_removing_a_half_day_without_a_theme_is_refused(self):
        with self.assertRaises(Refused) as caught:
            plan.remove_theme(self.cycle, sequence(self, "DJ5"), reason="x", user=self.bob)
        self.assertIn("DJ5", str(caught.exception))
        self.assertFalse(Adaptation.objects.exists())


class AdaptationTests(BaseTestCase):
    def test_each_change_is_recorded_with_what_who_when_and_why(self):
        dj4 = sequence(self, "DJ4")
        video = propose(self, "Tourner une vidéo", self.eden, "public_actions")
        monday = timezone.make_aware(datetime(2026, 3, 2, 18, 0))
        plan.set_theme(
            self.cycle,
            dj4,
            theme_content(proposals=(video,)),
            reason=THEME_DATA["reason"],
            user=self.bob,
            at=monday,
        )
        plan.set_theme(
            self.cycle,
            dj4,
            theme_content(title="Tourner une vidéo au smartphone", objectives="Filmer, monter."),
            reason="  Le groupe a déplacé ses gommettes vers la vidéo.  ",
            user=self.alice,
            at=monday + timedelta(days=1),
        )
        plan.remove_theme(
            self.cycle,
            dj4,
            reason="La structure reporte la demi-journée.",
            user=self.bob,
            at=monday + timedelta(days=2),
        )
        rows = list(Adaptation.objects.of_cycle(self.cycle))
        self.assertEqual([r.change for r in rows], ["created", "changed", "removed"])
        created, changed, removed = rows
        self.assertEqual(
            (created.sequence, created.before_title, created.after_title, created.after_answers),
            (dj4, "", THEME_DATA["title"], "Tourner une vidéo"),
        )
        self.assertEqual(created.after_objectives, THEME_DATA["objectives"])
        self.assertEqual(
            (created.user, created.user_name, created.at), (self.bob, "Bob Test", monday)
        )
        self.assertEqual(created.reason, THEME_DATA["reason"])
        self.assertEqual(
            (changed.before_title, changed.after_title, changed.after_objectives),
            (THEME_DATA["title"], "Tourner une vidéo au smartphone", "Filmer, monter."),
        )
        self.assertEqual((changed.before_answers, changed.after_answers), ("Tourner une vidéo", ""))
        self.assertEqual(changed.user, self.alice)
        self.assertEqual(changed.reason, "Le groupe a déplacé ses gommettes vers la vidéo.")
        self.assertEqual(
            (removed.before_title, removed.after_title), ("Tourner une vidéo au smartphone", "")
        )
        self.assertFalse(Theme.objects.exists())

    def test_the_record_is_only_the_cycles_own(self):
        plan.set_theme(
            self.other_cycle, sequence(self, "DJ3"), theme_content(), reason="x", user=self.charlie
        )
        self.assertEqual(list(Adaptation.objects.of_cycle(self.cycle)), [])
        self.assertEqual(Adaptation.objects.of_cycle(self.other_cycle).count(), 1)

    def test_a_record_cannot_be_changed_or_deleted(self):
        adaptation = plan.set_theme(
            self.cycle, sequence(self, "DJ3"), theme_content(), reason="Vote", user=self.bob
        )
        adaptation.reason = "Autre chose"
        with self.assertRaises(Immutable):
            adaptation.save()
        with self.assertRaises(Immutable):
            adaptation.delete()
        with self.assertRaises(Immutable):
            Adaptation.objects.filter(pk=adaptation.pk).update(reason="Autre chose")
        with self.assertRaises(Immutable):
            Adaptation.objects.filter(pk=adaptation.pk).delete()
        self.assertEqual(Adaptation.objects.get().reason, "Vote")

    def test_the_database_refuses_a_record_without_why_who_or_a_matching_before_and_after(self):
        dj3 = sequence(self, "DJ3")
        good = {
            "cycle": self.cycle,
            "sequence": dj3,
            "change": "created",
            "after_title": "Titre",
            "user_name": "Bob",
            "reason": "Vote",
        }
        for changes in (
            {"reason": ""},
            {"user_name": ""},
            {"change": "created", "before_title": "Avant"},
            {"change": "removed"},
            {"change": "changed"},
            {"change": "moved"},
        ):
            with self.subTest(changes=changes), self.assertRaises(IntegrityError):
                with transaction.atomic():
                    Adaptation.objects.create(**{**good, **changes})
        self.assertFalse(Adaptation.objects.exists())

    def test_the_record_keeps_the_name_of_a_deleted_account(self):
        plan.set_theme(
            self.cycle, sequence(self, "DJ3"), theme_content(), reason="Vote", user=self.bob
        )
        self.bob.delete()
        adaptation = Adaptation.objects.get()
        self.assertEqual((adaptation.user, adaptation.user_name), (None, "Bob Test"))

    def test_deleting_a_cycle_deletes_its_usages_and_record(self):
        theirs = propose(self, "Autre cycle", self.farid)
        duplicate = propose(self, "Doublon", self.farid)
        proposals.place_dot(self.farid, duplicate)
        proposals.merge(duplicate, theirs, self.charlie)
        plan.set_theme(
            self.other_cycle,
            sequence(self, "DJ3"),
            theme_content(proposals=(theirs,)),
            reason="x",
            user=self.charlie,
        )
        self.other_cycle.delete()
        self.assertFalse(Adaptation.objects.exists())
        self.assertFalse(Theme.objects.exists())
        self.assertFalse(Proposal.objects.exists())
