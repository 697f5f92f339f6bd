"""The trainer's live board: opening, who signed, absences, times, counter-signature, closing."""

from __future__ import annotations

from datetime import time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from acunum.attendance import signing
from acunum.attendance.models import AttendanceEvent, SigningWindow
from acunum.test import BaseTestCase, make_trainee, on_today, open_today
from tests.attendance import test_core

Kind = AttendanceEvent.Kind


def signed(n: int, total: int) -> str:
    return ngettext("%(n)s signed of %(total)s", "%(n)s signed of %(total)s", n) % {
        "n": n,
        "total": total,
    }


def said(message: str) -> str:
    """A message as the page shows it: translated, then escaped (French has apostrophes)."""
    return escape(gettext(message))


def drawing() -> str:
    return test_core.drawn_signature()


class BoardTestCase(BaseTestCase):
    def setUp(self):
        self.slot = on_today(self.cycle.slots.get(index=1))  # 09:00–12:30
        self.login(self.bob)

    def url(self, name: str = "board", index: int = 1) -> str:
        return reverse(f"attendance:{name}", args=[self.cycle.code, index])

    def open(self) -> SigningWindow:
        return open_today(self.slot, self.bob)

    def sign(self, enrolment, window: SigningWindow) -> AttendanceEvent:
        # The window's own slot: sign() reads the window through it, as a request's fresh slot.
        return signing.sign(enrolment, window.slot, code=window.room_code(), strokes=drawing())

    def events(self, kind: str):
        return AttendanceEvent.objects.filter(slot=self.slot, kind=kind)


class OpenAndCloseTests(BoardTestCase):
    def test_before_opening_the_board_lists_every_trainee_as_not_signed_and_offers_to_open(self):
        r = self.client.get(self.url())
        self.assertContains(r, "Dominique")
        self.assertContains(r, "Eden")
        self.assertContains(r, said("not signed"), count=2)
        self.assertContains(r, self.url("open"))
        self.assertNotContains(r, "Farid")

    def test_opening_opens_the_window_and_records_it_in_the_ledger(self):
        r = self.client.post(self.url("open"))
        self.assertRedirects(r, self.url())
        self.assertTrue(SigningWindow.objects.get(slot=self.slot).is_open())
        self.assertEqual(self.events(Kind.WINDOW_OPENED).count(), 1)
        r = self.client.get(self.url())
        self.assertContains(r, self.url("projector"))
        self.assertNotContains(r, self.url("open"))

    def test_a_half_day_of_another_day_cannot_be_opened_and_the_board_says_why(self):
        other_day = self.cycle.slots.get(index=3)
        self.assertNotEqual(other_day.date, timezone.localdate())
        r = self.client.get(self.url(index=3))
        self.assertNotContains(r, self.url("open", index=3))
        why = escape(signing.not_its_day(other_day))
        self.assertIn("mardi 6 janvier 2026", why)
        self.assertContains(r, why)
        r = self.client.post(self.url("open", index=3), follow=True)
        self.assertContains(r, why)
        self.assertFalse(SigningWindow.objects.filter(slot=other_day).exists())
        self.assertFalse(AttendanceEvent.objects.filter(slot=other_day).exists())

    def test_opening_twice_says_so_and_adds_nothing(self):
        self.open()
        r = self.client.post(self.url("open"), follow=True)
        self.assertContains(r, said("Signing for this half-day has already been opened."))
        self.assertEqual(self.events(Kind.WINDOW_OPENED).count(), 1)

    def test_closing_an_unopened_half_day_says_so_and_changes_nothing(self):
        r = self.client.post(self.url("close"), follow=True)
        self.assertContains(r, said("Signing for this half-day has not been opened."))
        self.assertFalse(SigningWindow.objects.exists())

    def test_closing_before_counter_signing_is_refused(self):
        window = self.open()
        r = self.client.post(self.url("close"), follow=True)
        self.assertContains(r, said("Counter-sign this half-day before closing it."))
        window.refresh_from_db()
        self.assertIsNone(window.closed_at)
        self.assertFalse(self.events(Kind.WINDOW_CLOSED).exists())

    def test_closing_after_counter_signing_closes_the_half_day(self):
        window = self.open()
        signing.counter_sign(self.slot, self.bob, strokes=drawing())
        r = self.client.post(self.url("close"), follow=True)
        self.assertContains(r, said("The half-day is closed. Any change is now a correction."))
        window.refresh_from_db()
        self.assertEqual(window.closed_by, self.bob)
        self.assertFalse(window.is_open())
        # No more forms to mark absences or times: a change is now a correction.
        self.assertNotContains(r, self.url("absence"))
        self.assertNotContains(r, self.url("time"))

    def test_a_window_past_its_end_shows_signing_ended_and_still_lets_the_trainer_finish(self):
        window = self.open()
        SigningWindow.objects.filter(pk=window.pk).update(
            opened_at=timezone.now() - timedelta(hours=5),
            closes_at=timezone.now() - timedelta(minutes=1),
        )
        r = self.client.get(self.url())
        self.assertContains(r, said("ended"))
        self.assertContains(r, self.url("counter-sign"))
        self.assertContains(r, self.url("absence"))
        with self.assertRaises(signing.Refused):
            self.sign(self.dominique, SigningWindow.objects.get(pk=window.pk))


class WhoSignedTests(BoardTestCase):
    def test_a_signature_shows_with_its_time_and_method_and_the_time_realised(self):
        window = self.open()
        event = self.sign(self.dominique, window)
        r = self.client.get(self.url())
        self.assertContains(r, said("signed"))
        self.assertContains(r, timezone.localtime(event.created_at).strftime("%H:%M"))
        self.assertContains(r, escape(AttendanceEvent.Method.PHONE.label))
        self.assertContains(r, "3 h 30")  # the whole morning
        self.assertContains(r, signed(1, 2))

    def test_the_list_of_trainees_is_polled_while_signing_is_open(self):
        window = self.open()
        r = self.client.get(self.url())
        self.assertContains(r, 'hx-trigger="every 5s"')
        self.sign(self.eden, window)
        r = self.client.get(self.url(), headers={"HX-Request": "true"})
        # The fragment alone: the list, not the page around it.
        self.assertNotContains(r, "<html")
        self.assertContains(r, 'id="board-trainees"')
        self.assertContains(r, 'hx-trigger="every 5s"')
        self.assertContains(r, said("signed"))
        self.assertIn("HX-Request", r["Vary"])

    def test_the_polling_stops_once_the_half_day_is_closed(self):
        window = self.open()
        signing.counter_sign(self.slot, self.bob, strokes=drawing())
        signing.close_window(window, self.bob)
        r = self.client.get(self.url(), headers={"HX-Request": "true"})
        self.assertContains(r, 'id="board-trainees"')
        self.assertNotContains(r, "hx-trigger")
        # The page that polled still shows signing open: htmx is told to reload it.
        self.assertEqual(r["HX-Refresh"], "true")

    def test_the_board_is_reloaded_when_signing_ends_by_itself(self):
        window = self.open()
        r = self.client.get(self.url(), headers={"HX-Request": "true"})
        self.assertFalse(r.has_header("HX-Refresh"))
        SigningWindow.objects.filter(pk=window.pk).update(
            opened_at=timezone.now() - timedelta(hours=5),
            closes_at=timezone.now() - timedelta(minutes=1),
        )
        r = self.client.get(self.url(), headers={"HX-Request": "true"})
        self.assertEqual(r["HX-Refresh"], "true")

    def test_the_board_shows_who_had_a_refused_attempt_and_why(self):
        window = self.open()
        with self.assertRaises(signing.Refused):
            signing.sign(self.eden, self.slot, code="0000x", strokes=drawing())
        r = self.client.get(self.url())
        refusal = self.slot.refusals.get()
        self.assertContains(r, refusal.reason)
        self.assertContains(r, "Eden Test")
        self.assertTrue(window.is_open())


class MarkTests(BoardTestCase):
    def test_marking_an_excused_absence_records_it_with_its_reason(self):
        self.open()
        r = self.client.post(
            self.url("absence"),
            {"seat": self.eden.seat, "excused": "yes", "reason": "Arrêt maladie"},
            follow=True,
        )
        self.assertRedirects(r, self.url())
        event = self.events(Kind.ABSENCE).get()
        self.assertEqual(event.enrolment, self.eden)
        self.assertEqual(event.actor, self.bob)
        self.assertEqual(event.data, {"excused": True, "reason": "Arrêt maladie"})
        self.assertContains(r, said("excused absence"))
        self.assertContains(r, "Arrêt maladie")

    def test_an_unexcused_absence_needs_no_reason(self):
        self.open()
        self.client.post(self.url("absence"), {"seat": self.eden.seat, "excused": "no"})
        self.assertEqual(self.events(Kind.ABSENCE).get().data["excused"], False)

    def test_an_excused_absence_without_a_reason_is_refused(self):
        self.open()
        r = self.client.post(self.url("absence"), {"seat": self.eden.seat, "excused": "yes"})
        self.assertContains(r, said("Say what excuses the absence."))
        self.assertFalse(self.events(Kind.ABSENCE).exists())

    def test_an_absence_for_a_trainee_who_signed_is_refused_and_changes_nothing(self):
        window = self.open()
        self.sign(self.dominique, window)
        r = self.client.post(self.url("absence"), {"seat": self.dominique.seat, "excused": "no"})
        self.assertContains(
            r,
            said("%(name)s has signed: record a correction instead.")
            % {"name": self.dominique.trainee},
        )
        self.assertFalse(self.events(Kind.ABSENCE).exists())

    def test_a_seat_that_is_not_in_the_cycle_is_refused(self):
        self.open()
        r = self.client.post(self.url("absence"), {"seat": 13, "excused": "no"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="errorlist"')
        self.assertFalse(self.events(Kind.ABSENCE).exists())

    def test_a_late_arrival_shows_and_shortens_the_time_realised(self):
        window = self.open()
        self.sign(self.dominique, window)
        r = self.client.post(
            self.url("time"),
            {"seat": self.dominique.seat, "kind": "late_arrival", "at": "10:00"},
            follow=True,
        )
        self.assertEqual(self.events(Kind.LATE_ARRIVAL).get().data, {"time": "10:00"})
        self.assertContains(r, said("arrived %(at)s") % {"at": "10:00"})
        self.assertContains(r, "2 h 30")

    def test_an_early_departure_is_recorded(self):
        self.open()
        self.client.post(
            self.url("time"), {"seat": self.eden.seat, "kind": "early_departure", "at": "11:45"}
        )
        self.assertEqual(self.events(Kind.EARLY_DEPARTURE).get().enrolment, self.eden)

    def test_a_time_outside_the_half_day_is_refused(self):
        self.open()
        r = self.client.post(
            self.url("time"), {"seat": self.eden.seat, "kind": "late_arrival", "at": "13:00"}
        )
        self.assertContains(
            r,
            said("The time must fall within the half-day (%(start)s–%(end)s).")
            % {"start": "09:00", "end": "12:30"},
        )
        self.assertFalse(self.events(Kind.LATE_ARRIVAL).exists())

    def test_a_departure_before_the_arrival_is_refused(self):
        self.open()
        signing.mark_time(self.slot, self.eden, self.bob, kind=Kind.LATE_ARRIVAL, at=time(11, 0))
        r = self.client.post(
            self.url("time"), {"seat": self.eden.seat, "kind": "early_departure", "at": "10:30"}
        )
        self.assertContains(
            r,
            said("The departure (%(departure)s) must come after the arrival (%(arrival)s).")
            % {"departure": "10:30", "arrival": "11:00"},
        )
        self.assertFalse(self.events(Kind.EARLY_DEPARTURE).exists())

    def test_a_time_that_is_not_a_time_is_refused(self):
        self.open()
        r = self.client.post(
            self.url("time"), {"seat": self.eden.seat, "kind": "late_arrival", "at": "dix heures"}
        )
        self.assertContains(r, 'class="errorlist"')
        self.assertFalse(self.events(Kind.LATE_ARRIVAL).exists())

    def test_marks_before_opening_are_refused(self):
        r = self.client.post(self.url("absence"), {"seat": self.eden.seat, "excused": "no"})
        self.assertContains(r, said("Open signing for this half-day first."))
        self.assertFalse(AttendanceEvent.objects.exists())

    def test_marks_after_closing_are_refused_without_a_correction(self):
        window = self.open()
        signing.counter_sign(self.slot, self.bob, strokes=drawing())
        signing.close_window(window, self.bob)
        before = AttendanceEvent.objects.count()
        r = self.client.post(self.url("absence"), {"seat": self.eden.seat, "excused": "no"})
        self.assertContains(
            r, said("This half-day is closed: record a correction, with its reason.")
        )
        r = self.client.post(
            self.url("time"), {"seat": self.eden.seat, "kind": "late_arrival", "at": "10:00"}
        )
        self.assertContains(
            r, said("This half-day is closed: record a correction, with its reason.")
        )
        self.assertEqual(AttendanceEvent.objects.count(), before)


class CounterSignatureTests(BoardTestCase):
    def test_the_trainer_counter_signs_with_a_drawing_that_the_board_then_shows(self):
        self.open()
        r = self.client.post(self.url("counter-sign"), {"signature": drawing()}, follow=True)
        event = self.events(Kind.TRAINER_SIGNATURE).get()
        self.assertEqual(event.actor, self.bob)
        self.assertIn(b'"strokes"', bytes(event.image))
        self.assertContains(r, 'src="data:image/svg+xml;base64,')
        self.assertContains(r, self.url("close"))
        self.assertNotContains(r, "data-signature-pad")

    def test_counter_signing_twice_is_refused(self):
        self.open()
        signing.counter_sign(self.slot, self.bob, strokes=drawing())
        r = self.client.post(self.url("counter-sign"), {"signature": drawing()})
        self.assertContains(r, said("This half-day is already counter-signed."))
        self.assertEqual(self.events(Kind.TRAINER_SIGNATURE).count(), 1)

    def test_an_empty_counter_signature_is_refused(self):
        self.open()
        r = self.client.post(self.url("counter-sign"), {"signature": ""})
        self.assertContains(r, said("The signature is missing: draw it in the box."))
        r = self.client.post(self.url("counter-sign"), {"signature": '{"w": 320, "h": 140}'})
        self.assertContains(r, 'role="alert"')
        self.assertFalse(self.events(Kind.TRAINER_SIGNATURE).exists())

    def test_a_counter_signature_copied_from_another_signature_is_refused(self):
        window = self.open()
        copy = drawing()
        signing.sign(self.dominique, self.slot, code=window.room_code(), strokes=copy)
        r = self.client.post(self.url("counter-sign"), {"signature": copy})
        self.assertContains(r, said("This signature was already used once: draw it again."))
        self.assertFalse(self.events(Kind.TRAINER_SIGNATURE).exists())

    def test_counter_signing_before_opening_is_refused(self):
        r = self.client.post(self.url("counter-sign"), {"signature": drawing()})
        self.assertContains(r, said("Open signing for this half-day first."))
        self.assertFalse(AttendanceEvent.objects.exists())


class BoardAccessTests(BoardTestCase):
    def test_another_cycles_slot_is_not_found(self):
        other = reverse("attendance:board", args=[self.other_cycle.code, 1])
        self.assertEqual(self.client.get(other).status_code, 404)
        for name in ("open", "absence", "counter-sign", "correction"):
            url = reverse(f"attendance:{name}", args=[self.other_cycle.code, 1])
            self.assertEqual(self.client.post(url, {"seat": 1}).status_code, 404)
        self.assertFalse(AttendanceEvent.objects.exists())

    def test_a_slot_the_cycle_does_not_have_is_not_found(self):
        self.assertEqual(self.client.get(self.url(index=99)).status_code, 404)

    def test_the_structures_contact_may_not_open_the_board(self):
        self.login(self.diane)
        self.assertEqual(self.client.get(self.url()).status_code, 403)


class BoardQueryCountTests(BoardTestCase):
    def count(self) -> int:
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(self.url()).status_code, 200)
        return len(ctx.captured_queries)

    def fill(self, window) -> None:
        """Every trainee signs, one is late, one leaves early, a refusal, a correction."""
        for enrolment in self.cycle.enrolments.all():
            self.sign(enrolment, window)
        first = self.cycle.enrolments.order_by("-seat").first()  # the newest trainee
        signing.mark_time(self.slot, first, self.bob, kind=Kind.LATE_ARRIVAL, at=time(9, 30))
        signing.correct(self.slot, first, self.bob, changes={"status": "absent"}, why="Pas venue")
        signing.refuse("Code faux", slot=self.slot, enrolment=first)

    def test_the_board_costs_the_same_with_2_or_14_trainees(self):
        window = self.open()
        signing.counter_sign(self.slot, self.bob, strokes=drawing())
        self.fill(window)
        small = self.count()
        for n in range(12):
            make_trainee(self.cycle, f"Extra{n}")
        self.fill(window)
        large = self.count()
        self.assertEqual(self.cycle.enrolments.count(), 14)
        self.assertEqual(small, large)

    def test_the_cycle_page_costs_the_same_whatever_the_number_of_slots_with_attendance(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(self.cycle.get_absolute_url()).status_code, 200)
            return len(ctx.captured_queries)

        self.client.get(self.cycle.get_absolute_url())
        self.open()
        one = count()
        for slot in self.cycle.slots.exclude(index=1):
            window = open_today(slot, self.bob)
            signing.sign(self.dominique, slot, code=window.room_code(), strokes=drawing())
        self.assertEqual(one, count())


class CyclePageTests(BoardTestCase):
    def test_each_slot_shows_its_attendance_state_and_a_link_to_its_board(self):
        window = self.open()
        self.sign(self.dominique, window)
        second = self.cycle.slots.get(index=2)
        closed = open_today(second, self.bob)
        signing.counter_sign(second, self.bob, strokes=drawing())
        signing.mark_absent(second, self.eden, self.bob, excused=False)
        signing.close_window(closed, self.bob)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, said("not opened"), count=14)
        self.assertContains(r, signed(1, 2))
        self.assertContains(r, signed(0, 2))
        self.assertContains(r, ngettext("%(n)s absent", "%(n)s absent", 1) % {"n": 1})
        self.assertContains(r, said("not counter-signed"), count=1)
        self.assertContains(r, reverse("attendance:board", args=[self.cycle.code, 16]))

    def test_todays_slot_offers_to_open_signing_from_the_cycle_page(self):
        self.cycle.slots.filter(index=3).update(date=timezone.localdate())
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, reverse("attendance:open", args=[self.cycle.code, 3]))
        self.assertNotContains(r, reverse("attendance:open", args=[self.cycle.code, 4]))

    def test_the_contact_sees_the_summary_but_no_board_and_nothing_to_open(self):
        self.cycle.slots.filter(index=3).update(date=timezone.localdate())
        window = self.open()
        self.sign(self.dominique, window)
        self.login(self.diane)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, signed(1, 2))
        self.assertNotContains(r, "/emargement/")
