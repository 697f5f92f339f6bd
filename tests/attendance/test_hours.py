"""Hours realised per trainee and per slot, folded from the ledger's events."""

from __future__ import annotations

from datetime import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from acunum.attendance import signing
from acunum.attendance.hours import cycle_assiduity
from acunum.attendance.models import AttendanceEvent, append
from acunum.test import BaseTestCase, make_trainee, open_today
from tests.attendance.test_core import drawn_signature


class HoursTests(BaseTestCase):
    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)  # 09:00–12:30
        self.assertEqual((self.slot.start, self.slot.end), (time(9, 0), time(12, 30)))
        self.window = open_today(self.slot, self.bob)

    def sign(self, enrolment, slot=None):
        slot = slot or self.slot
        return signing.sign(
            enrolment, slot, code=slot.window.room_code(), strokes=drawn_signature()
        )

    def minutes(self, enrolment, index: int = 1) -> int:
        assiduity = cycle_assiduity(
            self.cycle, list(self.cycle.slots.all()), list(self.cycle.enrolments.all())
        )
        row = next(t for t in assiduity.trainees if t.enrolment.pk == enrolment.pk)
        return row.by_slot.get(index, 0)

    def close(self):
        signing.counter_sign(self.slot, self.bob, strokes=drawn_signature())
        signing.close_window(self.window, self.bob)

    def test_a_trainee_present_the_whole_slot_realises_210_minutes(self):
        self.sign(self.dominique)
        self.assertEqual(self.minutes(self.dominique), 210)

    def test_a_trainee_who_never_signed_realises_nothing(self):
        self.sign(self.dominique)
        self.assertEqual(self.minutes(self.eden), 0)

    def test_a_late_arrival_counts_from_the_arrival(self):
        self.sign(self.dominique)
        signing.mark_time(self.slot, self.dominique, self.bob, kind="late_arrival", at=time(9, 45))
        self.assertEqual(self.minutes(self.dominique), 165)

    def test_an_early_departure_counts_until_the_departure(self):
        self.sign(self.dominique)
        signing.mark_time(
            self.slot, self.dominique, self.bob, kind="early_departure", at=time(11, 30)
        )
        self.assertEqual(self.minutes(self.dominique), 150)

    def test_a_late_arrival_and_an_early_departure_both_count(self):
        self.sign(self.dominique)
        signing.mark_time(self.slot, self.dominique, self.bob, kind="late_arrival", at=time(9, 30))
        signing.mark_time(
            self.slot, self.dominique, self.bob, kind="early_departure", at=time(12, 0)
        )
        self.assertEqual(self.minutes(self.dominique), 150)

    def test_an_absence_realises_nothing_excused_or_not(self):
        signing.mark_absent(self.slot, self.dominique, self.bob, excused=True, reason="Malade")
        signing.mark_absent(self.slot, self.eden, self.bob, excused=False)
        self.assertEqual(self.minutes(self.dominique), 0)
        self.assertEqual(self.minutes(self.eden), 0)

    def test_a_correction_after_closing_changes_the_hours_and_keeps_the_first_events(self):
        self.sign(self.dominique)
        self.close()
        signing.correct(
            self.slot,
            self.dominique,
            self.bob,
            changes={"departure": "11:00"},
            why="Partie à 11 h pour un rendez-vous médical, oublié au moment de fermer.",
        )
        self.assertEqual(self.minutes(self.dominique), 120)
        self.assertTrue(AttendanceEvent.objects.filter(kind="signature").exists())

    def test_a_correction_can_mark_an_absent_trainee_present_and_later_undo_it(self):
        signing.mark_absent(self.slot, self.eden, self.bob, excused=False)
        self.close()
        signing.correct(
            self.slot, self.eden, self.bob, changes={"status": "present"}, why="Arrivée à 9 h."
        )
        self.assertEqual(self.minutes(self.eden), 210)
        signing.correct(
            self.slot,
            self.eden,
            self.bob,
            changes={"status": "absent", "excused": True},
            why="Erreur de saisie.",
        )
        self.assertEqual(self.minutes(self.eden), 0)

    def test_a_presence_from_the_paper_sheet_counts_like_a_signature(self):
        append("paper", self.slot, enrolment=self.eden, actor=self.bob, method="paper")
        self.assertEqual(self.minutes(self.eden), 210)

    # The rules refuse such times today; the folding must hold whatever the ledger holds (events
    # appended by an earlier version, by hand on a paper sheet), hence `append` directly.
    def test_an_arrival_after_the_departure_is_never_negative(self):
        self.sign(self.dominique)
        for kind, at in (("late_arrival", "12:00"), ("early_departure", "10:00")):
            append(kind, self.slot, enrolment=self.dominique, actor=self.bob, data={"time": at})
        self.assertEqual(self.minutes(self.dominique), 0)

    def test_times_outside_the_slot_never_give_more_than_the_slot(self):
        self.sign(self.dominique)
        append(
            "correction",
            self.slot,
            enrolment=self.dominique,
            actor=self.bob,
            data={"set": {"arrival": "08:00", "departure": "13:30"}, "why": "Saisie large."},
        )
        self.assertEqual(self.minutes(self.dominique), 210)

    def test_totals_per_trainee_and_per_slot(self):
        self.sign(self.dominique)
        signing.mark_time(self.slot, self.eden, self.bob, kind="late_arrival", at=time(10, 0))
        self.sign(self.eden)
        self.close()
        second = self.cycle.slots.get(index=2)
        open_today(second, self.bob)
        second.refresh_from_db()
        self.sign(self.dominique, second)
        signing.mark_absent(second, self.eden, self.bob, excused=True, reason="Malade")
        slots, enrolments = list(self.cycle.slots.all()), list(self.cycle.enrolments.all())
        assiduity = cycle_assiduity(self.cycle, slots, enrolments)
        self.assertEqual(assiduity.planned, 16 * 210)
        by_name = {t.enrolment.pk: t for t in assiduity.trainees}
        self.assertEqual(by_name[self.dominique.pk].minutes, 210 + second.minutes)
        self.assertEqual(by_name[self.dominique.pk].attended, 2)
        self.assertEqual(by_name[self.eden.pk].minutes, 150)
        self.assertEqual(by_name[self.eden.pk].absences, 1)
        first_row, second_row = assiduity.slots[0], assiduity.slots[1]
        self.assertEqual((first_row.minutes, first_row.present, first_row.planned), (360, 2, 420))
        self.assertEqual((second_row.minutes, second_row.present), (second.minutes, 1))
        self.assertEqual(assiduity.slots[2].minutes, 0)


class AssiduityPageTests(BaseTestCase):
    def setUp(self):
        self.login(self.diane)  # the structure's contact follows attendance too

    def sign_slot(self, index: int, enrolments) -> None:
        slot = self.cycle.slots.get(index=index)
        window = open_today(slot, self.bob)
        for enrolment in enrolments:
            signing.sign(enrolment, slot, code=window.room_code(), strokes=drawn_signature())
        signing.counter_sign(slot, self.bob, strokes=drawn_signature())
        signing.close_window(window, self.bob)

    def test_the_cycle_page_shows_each_trainees_hours_realised_of_56(self):
        self.sign_slot(1, [self.dominique])
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, "Assiduité")
        self.assertContains(r, "3 h 30 sur 56 h")  # Dominique
        self.assertContains(r, "0 h sur 56 h")  # Eden
        self.assertContains(r, "3 h 30 sur 7 h")  # slot 1, for the group of two

    def test_the_cycle_page_costs_the_same_whatever_the_number_of_events(self):
        self.sign_slot(1, [self.dominique])
        url = self.cycle.get_absolute_url()
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(6):
            make_trainee(self.cycle, f"Extra{n}")
        for index in range(2, 9):
            self.sign_slot(index, list(self.cycle.enrolments.all()))
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(url)
        self.assertContains(r, "56 h sur 56 h", count=0)
        self.assertEqual(len(few), len(many), "\n".join(q["sql"] for q in many.captured_queries))
