"""Corrections: after closing, a change is a new event with its author and reason, never an
overwrite; what was recorded before stays in the ledger and on the board."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from acunum.attendance import signing
from acunum.attendance.models import AttendanceEvent
from acunum.test import BaseTestCase, open_today
from tests.attendance import test_core

Kind = AttendanceEvent.Kind


def said(message: str) -> str:
    return escape(gettext(message))


class CorrectionTests(BaseTestCase):
    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)  # 09:00–12:30
        self.window = open_today(self.slot, self.bob)
        self.signature = signing.sign(
            self.dominique,
            self.slot,
            code=self.window.room_code(),
            strokes=test_core.drawn_signature(),
        )
        signing.mark_absent(self.slot, self.eden, self.bob, excused=False)
        signing.counter_sign(self.slot, self.bob, strokes=test_core.drawn_signature())
        signing.close_window(self.window, self.bob)
        self.login(self.bob)

    def url(self, name: str = "correction", index: int = 1) -> str:
        return reverse(f"attendance:{name}", args=[self.cycle.code, index])

    def corrections(self):
        return AttendanceEvent.objects.filter(slot=self.slot, kind=Kind.CORRECTION)

    def test_after_closing_each_trainee_row_offers_a_correction(self):
        r = self.client.get(self.url("board"))
        self.assertContains(r, f"{self.url()}?seat={self.dominique.seat}")
        self.assertContains(r, f"{self.url()}?seat={self.eden.seat}")

    def test_before_closing_only_a_signed_trainee_needs_a_correction(self):
        slot = self.cycle.slots.get(index=2)
        window = open_today(slot, self.bob)
        signing.sign(self.eden, slot, code=window.room_code(), strokes=test_core.drawn_signature())
        r = self.client.get(self.url("board", 2))
        self.assertContains(r, f"{self.url(index=2)}?seat={self.eden.seat}")
        self.assertNotContains(r, f"{self.url(index=2)}?seat={self.dominique.seat}")

    def test_the_form_starts_from_what_is_recorded(self):
        r = self.client.get(self.url(), {"seat": self.eden.seat})
        self.assertContains(r, "Eden Test")
        self.assertContains(r, 'value="absent" id="id_status_1" required checked')
        self.assertContains(r, 'value="no" id="id_excused_1" checked')

    def test_a_correction_is_a_new_event_with_its_author_and_reason_and_the_signature_stays(self):
        r = self.client.post(
            self.url(),
            {
                "seat": self.dominique.seat,
                "status": "absent",
                "excused": "yes",
                "reason": "Partie à 9 h 10, malade",
                "why": "A signé puis est repartie, vu avec la structure",
            },
            follow=True,
        )
        self.assertRedirects(r, self.url("board"))
        correction = self.corrections().get()
        self.assertEqual(correction.enrolment, self.dominique)
        self.assertEqual(correction.actor, self.bob)
        self.assertEqual(
            correction.data,
            {
                "set": {"status": "absent", "excused": True, "reason": "Partie à 9 h 10, malade"},
                "why": "A signé puis est repartie, vu avec la structure",
            },
        )
        self.assertTrue(AttendanceEvent.objects.filter(pk=self.signature.pk).exists())
        # The board shows the new state and, below, the correction with its reason and author.
        self.assertContains(r, said("excused absence"))
        self.assertContains(r, "A signé puis est repartie, vu avec la structure")
        self.assertContains(r, "Bob Test")
        call_command("verify_ledger", verbosity=0)

    def test_a_correction_without_a_reason_is_refused_and_records_nothing(self):
        r = self.client.post(
            self.url(),
            {"seat": self.eden.seat, "status": "present", "why": "   "},
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, said("Say why you correct this attendance."))
        self.assertFalse(self.corrections().exists())

    def test_a_correction_that_changes_nothing_is_refused(self):
        r = self.client.post(
            self.url(),
            {"seat": self.eden.seat, "status": "absent", "excused": "no", "why": "Vérifié"},
        )
        self.assertContains(r, said("This correction changes nothing."))
        self.assertFalse(self.corrections().exists())

    def test_an_excused_absence_needs_its_reason(self):
        r = self.client.post(
            self.url(),
            {"seat": self.eden.seat, "status": "absent", "excused": "yes", "why": "Justificatif"},
        )
        self.assertContains(r, said("Say what excuses the absence."))
        self.assertFalse(self.corrections().exists())

    def test_a_time_outside_the_half_day_is_refused(self):
        r = self.client.post(
            self.url(),
            {
                "seat": self.dominique.seat,
                "status": "present",
                "arrival": "08:00",
                "why": "Erreur d'heure",
            },
        )
        self.assertContains(
            r,
            escape(
                gettext("The time must fall within the half-day (%(start)s–%(end)s).")
                % {"start": "09:00", "end": "12:30"}
            ),
        )
        self.assertFalse(self.corrections().exists())

    def test_a_late_arrival_corrected_away_gives_back_the_whole_half_day(self):
        slot = self.cycle.slots.get(index=2)
        window = open_today(slot, self.bob)
        signing.sign(self.eden, slot, code=window.room_code(), strokes=test_core.drawn_signature())
        late = slot.start.replace(hour=slot.start.hour + 1)
        signing.mark_time(slot, self.eden, self.bob, kind=Kind.LATE_ARRIVAL, at=late)
        self.client.post(
            self.url(index=2),
            {"seat": self.eden.seat, "status": "present", "arrival": "", "why": "Était là"},
        )
        correction = AttendanceEvent.objects.get(slot=slot, kind=Kind.CORRECTION)
        self.assertEqual(correction.data["set"], {"arrival": ""})
        r = self.client.get(self.url("board", 2))
        self.assertNotContains(r, gettext("arrived %(at)s") % {"at": late.strftime("%H:%M")})

    def test_a_trainee_who_never_signed_can_be_corrected_to_present_and_the_hours_follow(self):
        self.client.post(
            self.url(),
            {
                "seat": self.eden.seat,
                "status": "present",
                "departure": "11:30",
                "why": "Signature papier retrouvée",
            },
        )
        r = self.client.get(self.url("board"))
        self.assertContains(r, "2 h 30")  # 09:00–11:30

    def test_a_seat_that_is_not_in_the_cycle_is_not_found(self):
        self.assertEqual(self.client.get(self.url(), {"seat": 9}).status_code, 404)
        self.assertEqual(self.client.get(self.url(), {"seat": "x"}).status_code, 404)
        r = self.client.post(self.url(), {"seat": 9, "status": "absent", "why": "Test"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(self.corrections().exists())

    def test_without_a_trainee_it_goes_back_to_the_board(self):
        self.assertRedirects(self.client.get(self.url()), self.url("board"))

    def test_another_cycles_slot_is_not_found(self):
        url = reverse("attendance:correction", args=[self.other_cycle.code, 1])
        r = self.client.post(url, {"seat": 1, "status": "absent", "excused": "no", "why": "x"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(self.corrections().exists())

    def test_the_contact_may_not_correct(self):
        self.login(self.diane)
        r = self.client.post(
            self.url(),
            {"seat": self.eden.seat, "status": "present", "why": "Je le dis"},
        )
        self.assertEqual(r.status_code, 403)
        self.assertFalse(self.corrections().exists())
