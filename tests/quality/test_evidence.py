"""The evidence per indicator, against the figures of tests/quality/world.py counted by hand."""

from __future__ import annotations

from datetime import date
from unittest import mock

from django.urls import reverse

from acunum.checklist.catalogue import catalogue
from acunum.evaluation import indicators as published
from acunum.quality.evidence import NOT_APPLICABLE, REGISTRY, Status, collect
from acunum.quality.scope import Scope
from acunum.test import BaseTestCase
from tests.quality import world
from tests.quality.world import JANUARY, NOW


class EvidenceTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        world.build(cls)

    def period(self, start=JANUARY[0], end=JANUARY[1]) -> dict:
        return {e.number: e for e in collect(Scope.of_period(start, end, NOW))}

    def of_cycle(self, cycle) -> dict:
        return {e.number: e for e in collect(Scope.of_cycle(cycle, NOW))}

    def assertFigures(self, evidence, expected: dict) -> None:
        """`expected`: key → (done, of), or done alone, or None for a figure not due."""
        found = {}
        for key, value in expected.items():
            figure = evidence.figure(key)
            self.assertIsNotNone(figure, f"{evidence.number}: no figure {key}")
            if value is None:
                found[key] = None if not figure.due else (figure.done, figure.of)
            elif isinstance(value, tuple):
                found[key] = (figure.done, figure.of) if figure.due else None
            else:
                found[key] = figure.done if figure.due else None
        self.assertEqual(found, expected, f"indicator {evidence.number}")


class ScopeTests(EvidenceTestCase):
    def test_the_period_counts_the_cycles_whose_schedule_overlaps_it_and_the_cancelled_apart(self):
        scope = Scope.of_period(*JANUARY, NOW)
        self.assertEqual([d.cycle for d in scope.cycles], [self.other_cycle, self.cycle])
        self.assertEqual(scope.cancelled, [self.cancelled])

    def test_a_period_touching_one_day_of_a_schedule_counts_that_cycle(self):
        # The Tilleuls' last half-day is on 13 January 2026, the Passerelle's first on 5 January.
        scope = Scope.of_period(date(2026, 1, 13), date(2026, 1, 13), NOW)
        self.assertEqual(len(scope.cycles), 2)
        scope = Scope.of_period(date(2025, 11, 1), date(2026, 1, 4), NOW)
        self.assertEqual([d.cycle for d in scope.cycles], [self.other_cycle])
        self.assertEqual(scope.cancelled, [])

    def test_every_indicator_is_listed_once(self):
        numbers = [e.number for e in collect(Scope.of_cycle(self.cycle, NOW))]
        self.assertEqual(numbers, list(range(1, 33)))
        self.assertEqual(
            sorted([i.number for i in REGISTRY] + list(NOT_APPLICABLE)), list(range(1, 33))
        )

    def test_the_indicators_that_never_apply_say_so(self):
        rows = self.period()
        for number in (3, 7, 13, 14, 15, 16, 20, 28, 29):
            self.assertEqual(rows[number].status, Status.NOT_APPLICABLE)
            self.assertTrue(rows[number].notes)

    def test_a_cancelled_cycle_expects_nothing_of_its_delivery(self):
        rows = self.of_cycle(self.cancelled)
        # (19 stays met: the settings catalogue is the OF's, whatever the cycle.)
        for number in (4, 6, 8, 9, 10, 11, 12, 17, 21, 22, 27, 30):
            with self.subTest(number=number):
                self.assertEqual(rows[number].status, Status.NOT_APPLICABLE)
                self.assertEqual(rows[number].missing, [])

    def test_a_period_with_no_cycle_expects_nothing_of_the_actions(self):
        rows = self.period(date(2024, 1, 1), date(2024, 12, 31))
        for number in (4, 6, 8, 9, 10, 11, 12, 17, 21, 22, 27, 30):
            self.assertEqual(rows[number].status, Status.NOT_APPLICABLE)
        # The OF's own evidence is still there.
        self.assertFigures(rows[1], {"mentions": (11, 11)})
        self.assertFigures(rows[26], {"disability_referent": (1, 1), "accessibility_needs": 0})


class InformationAndDesignTests(EvidenceTestCase):
    def test_1_the_public_page_states_every_mandatory_mention(self):
        rows = self.period()
        self.assertFigures(rows[1], {"mentions": (11, 11)})
        self.assertEqual(rows[1].status, Status.MET)
        url = reverse("programmes:public-version", args=["acunum", self.version.number])
        self.assertEqual(rows[1].evidence[0].url, url)

    def test_1_without_the_organisations_details_the_contact_is_missing(self):
        self.organisation.referents.all().delete()
        self.organisation.delete()
        rows = self.period()
        self.assertFigures(rows[1], {"mentions": (10, 11)})
        self.assertEqual(rows[1].missing[0].fix_url, reverse("admin:accounts_organisation_add"))

    def test_2_the_year_of_an_ended_cycle_is_missing_until_its_results_are_published(self):
        rows = self.period()
        # The Tilleuls ended in 2026; nothing is published yet.
        self.assertFigures(rows[2], {"published_years": (0, 1), "published": 0})
        self.assertEqual(rows[2].status, Status.MISSING)
        published.publish(NOW)
        rows = self.period()
        self.assertFigures(rows[2], {"published_years": (1, 1), "published": 1})
        self.assertEqual(rows[2].status, Status.MET)

    def test_4_one_needs_analysis_completed_of_two(self):
        rows = self.period()
        self.assertFigures(rows[4], {"needs_analysis": (1, 2), "accessibility_needs": 1})
        self.assertEqual(rows[4].status, Status.PARTIAL)
        self.assertEqual(len(rows[4].missing), 1)
        self.assertEqual(
            rows[4].missing[0].fix_url, reverse("cycles:needs", args=[self.other_cycle.code])
        )
        self.assertEqual(self.of_cycle(self.cycle)[4].status, Status.MET)
        self.assertEqual(self.of_cycle(self.other_cycle)[4].status, Status.MISSING)

    def test_4_is_missing_while_no_needs_analysis_model_exists(self):
        with mock.patch("acunum.quality.indicators.design.optional_model", return_value=None):
            row = self.period()[4]
        self.assertEqual(row.status, Status.MISSING)
        self.assertEqual(len(row.missing), 1)
        self.assertIsNone(row.figure("needs_analysis"))

    def test_5_three_objectives_each_assessed_by_the_trainer(self):
        row = self.period()[5]
        self.assertFigures(row, {"objectives": 3, "objectives_assessed": (3, 3)})
        self.assertEqual(row.status, Status.MET)

    def test_6_the_saturday_half_day_is_a_conflict(self):
        row = self.period()[6]
        self.assertFigures(row, {"schedules": (1, 2)})
        self.assertEqual(row.missing[0].fix_url, self.cycle.get_absolute_url() + "#h-schedule")

    def test_6_a_request_without_schedule_is_fixed_by_proposing_one(self):
        row = self.of_cycle(self.request)[6]
        self.assertFigures(row, {"schedules": (0, 1)})
        self.assertEqual(
            row.missing[0].fix_url, reverse("cycles:schedule", args=[self.request.code])
        )

    def test_8_three_of_four_trainees_answered_the_positioning(self):
        row = self.period()[8]
        self.assertFigures(row, {"positioning": (3, 4), "to_support": 1})
        self.assertEqual(row.status, Status.PARTIAL)
        cycle_row = self.of_cycle(self.cycle)[8]
        self.assertFigures(cycle_row, {"positioning": (2, 3), "to_support": 1})
        self.assertEqual(len(cycle_row.missing), 1)
        self.assertEqual(
            cycle_row.missing[0].fix_url, reverse("evaluation:results", args=[self.cycle.code])
        )
        self.assertEqual(self.of_cycle(self.other_cycle)[8].status, Status.MET)


class DeliveryTests(EvidenceTestCase):
    def test_9_two_of_four_convocations_sent(self):
        row = self.period()[9]
        self.assertFigures(row, {"convocations": (2, 4)})
        cycle_row = self.of_cycle(self.cycle)[9]
        self.assertFigures(cycle_row, {"convocations": (1, 3)})
        self.assertEqual(cycle_row.missing[0].fix_url, self.cycle.get_absolute_url() + "#h-outbox")

    def test_9_a_request_without_schedule_owes_no_convocation_yet(self):
        row = self.of_cycle(self.request)[9]
        self.assertFigures(row, {"convocations": None})
        self.assertEqual(row.status, Status.NOT_APPLICABLE)

    def test_10_seven_of_ten_half_days_themed_and_eight_changes_recorded(self):
        row = self.period()[10]
        self.assertFigures(row, {"themes": (7, 10), "adaptations": 8})
        self.assertEqual(row.status, Status.PARTIAL)
        cycle_row = self.of_cycle(self.cycle)[10]
        self.assertFigures(cycle_row, {"themes": (2, 5), "adaptations": 3})
        self.assertEqual(
            cycle_row.missing[0].fix_url, reverse("usages:board", args=[self.cycle.code])
        )

    def test_10_the_themes_are_not_due_before_the_first_requested_half_day(self):
        scope = Scope.of_cycle(self.cycle, world.at(self.cycle.slots.get(index=11), 8))
        row = {e.number: e for e in collect(scope)}[10]
        self.assertFigures(row, {"themes": None, "adaptations": 3})

    def test_11_the_trainers_assessment_is_due_only_once_the_last_half_day_has_begun(self):
        row = self.period()[11]
        # The Passerelle's last half-day is to come: only Farid's assessment is due.
        self.assertFigures(row, {"trainer_assessments": (1, 1), "self_assessments": (0, 1)})
        self.assertEqual(row.status, Status.PARTIAL)
        self.assertEqual(self.of_cycle(self.cycle)[11].status, Status.NOT_APPLICABLE)

    def test_12_half_days_over_closed_and_counter_signed_and_the_hours_realised(self):
        row = self.period()[12]
        # 12 of the Passerelle's half-days are over, 16 of the Tilleuls'. Hours: the
        # Passerelle's 810 + 570 + 420 minutes of 12 × 210 × 3; Farid's 3060 of 16 × 210.
        self.assertFigures(
            row,
            {
                "closed": (2 + 16, 12 + 16),
                "counter_signed": (3 + 16, 12 + 16),
                "hours": (1800 + 3060, 7560 + 3360),
                "absences": 3,
            },
        )
        self.assertEqual(row.status, Status.PARTIAL)

    def test_12_each_half_day_not_closed_links_to_its_attendance(self):
        row = self.of_cycle(self.cycle)[12]
        self.assertFigures(
            row, {"closed": (2, 12), "counter_signed": (3, 12), "hours": (1800, 7560)}
        )
        self.assertEqual(len(row.missing), 10)  # half-days 3 to 12
        self.assertEqual(
            [m.fix_url for m in row.missing[:2]],
            [reverse("attendance:board", args=[self.cycle.code, n]) for n in (3, 4)],
        )
        self.assertEqual(self.of_cycle(self.other_cycle)[12].status, Status.MET)


class MeansTests(EvidenceTestCase):
    def test_17_one_cycle_of_two_states_its_access(self):
        row = self.period()[17]
        self.assertFigures(row, {"premises": (1, 2)})
        self.assertEqual(
            row.missing[0].fix_url, reverse("cycles:edit", args=[self.other_cycle.code])
        )

    def test_18_one_referent_of_three_and_both_cycles_with_their_trainer(self):
        row = self.period()[18]
        self.assertFigures(row, {"referents": (1, 3), "trainers": (2, 2)})
        self.assertEqual(len(row.missing), 2)

    def test_19_resources_activities_and_checklists(self):
        row = self.period()[19]
        self.assertFigures(
            row,
            {
                "catalogue": len(catalogue().steps),
                "activities": (1, 2),
                "activities_run": 1,
                "checklists": (1, 4),
            },
        )
        self.assertEqual(row.status, Status.PARTIAL)

    def test_21_22_27_the_freelance_trainers_files(self):
        rows = self.period()
        self.assertFigures(rows[21], {"trainer_cvs": (1, 2), "trainer_evaluations": (1, 2)})
        self.assertFigures(rows[22], {"trainer_trainings": (1, 2)})
        # Bob's agreement covers the Passerelle; Charlie's ended before the Tilleuls began.
        self.assertFigures(rows[27], {"agreements": (1, 2)})
        self.assertEqual(
            rows[27].missing[0].fix_url, reverse("complaints:agreement-new", args=[self.charlie.pk])
        )
        passerelle = self.of_cycle(self.cycle)
        self.assertFigures(passerelle[21], {"trainer_cvs": (1, 1), "trainer_evaluations": (0, 1)})
        self.assertEqual(passerelle[22].status, Status.MET)
        self.assertEqual(passerelle[27].status, Status.MET)

    def test_21_22_27_are_not_recorded_while_the_trainers_files_do_not_exist(self):
        with mock.patch("acunum.quality.indicators.means.optional_model", return_value=None):
            rows = self.period()
        for number in (21, 22, 27):
            self.assertEqual(rows[number].status, Status.MISSING)
            self.assertEqual(len(rows[number].missing), 1)

    def test_23_to_25_are_not_recorded(self):
        rows = self.period()
        for number in (23, 24, 25):
            self.assertEqual(rows[number].status, Status.MISSING)

    def test_26_the_disability_referent_and_the_needs_recorded(self):
        row = self.period()[26]
        self.assertFigures(row, {"disability_referent": (1, 1), "accessibility_needs": 1})
        self.assertEqual(row.status, Status.MET)


class AppreciationTests(EvidenceTestCase):
    def test_30_the_satisfactions_due_and_the_reminders(self):
        row = self.period()[30]
        # The Tilleuls' hot satisfaction and the structure's are due, not yet the cold one; the
        # Passerelle's last half-day is to come.
        self.assertFigures(
            row,
            {
                "satisfaction-chaud": (1, 1),
                "satisfaction-froid": None,
                "satisfaction-commanditaire": (0, 1),
                "reminders": 1,
            },
        )
        self.assertEqual(row.status, Status.PARTIAL)
        self.assertEqual(self.of_cycle(self.cycle)[30].status, Status.NOT_APPLICABLE)

    def test_30_a_structure_without_contact_cannot_answer_its_survey(self):
        self.other_structure.contacts.clear()
        row = self.of_cycle(self.other_cycle)[30]
        self.assertFigures(row, {"satisfaction-commanditaire": (0, 0)})
        self.assertEqual(
            row.missing[0].fix_url,
            reverse("admin:cycles_structure_change", args=[self.other_structure.pk]),
        )

    def test_31_the_complaints_received_in_the_period_and_those_closed(self):
        row = self.period()[31]
        self.assertFigures(row, {"complaints": 2, "complaints_closed": (1, 2)})
        self.assertEqual(row.missing[0].fix_url, self.open_complaint.get_absolute_url())
        # The Passerelle's two, January's and February's, neither closed.
        self.assertFigures(
            self.of_cycle(self.cycle)[31], {"complaints": 2, "complaints_closed": (0, 2)}
        )

    def test_31_an_empty_register_is_met(self):
        row = self.period(date(2025, 12, 1), date(2025, 12, 31))[31]
        self.assertFigures(row, {"complaints": 0})
        self.assertEqual(row.status, Status.MET)

    def test_32_the_improvements_decided_in_the_period_and_those_done(self):
        row = self.period()[32]
        self.assertFigures(row, {"improvements": 2, "improvements_done": (1, 2)})
        self.assertEqual(row.status, Status.PARTIAL)
        # Each cycle's: the Passerelle's satisfaction; the Tilleuls' complaint.
        self.assertFigures(
            self.of_cycle(self.cycle)[32], {"improvements": 1, "improvements_done": (0, 1)}
        )
        self.assertFigures(
            self.of_cycle(self.other_cycle)[32], {"improvements": 1, "improvements_done": (1, 1)}
        )

    def test_32_a_period_without_improvement_is_missing_one(self):
        row = self.period(date(2025, 12, 1), date(2025, 12, 31))[32]
        self.assertEqual(row.status, Status.MISSING)
        self.assertEqual(row.missing[0].fix_url, reverse("complaints:improvement-new"))
