"""Kiosk mode: a trainee without a phone signs on the trainer's device."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from acunum.attendance import signing
from acunum.attendance.models import AttendanceEvent, Refusal
from acunum.test import BaseTestCase, open_today
from tests.attendance.test_core import drawn_signature

SIGNATURE = AttendanceEvent.Kind.SIGNATURE


class KioskTests(BaseTestCase):
    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)
        self.window = open_today(self.slot, self.bob)
        self.url = reverse("attendance:kiosk", args=[self.cycle.code, 1])

    def post(self, **data):
        return self.client.post(
            self.url, {"seat": self.eden.seat, "signature": drawn_signature(), **data}
        )

    def signatures(self):
        return AttendanceEvent.objects.filter(kind=SIGNATURE)

    def test_the_trainer_picks_a_name_and_the_trainee_signs_on_the_trainers_device(self):
        self.login(self.bob)
        r = self.client.get(self.url)
        self.assertContains(r, "Eden Test")
        self.assertContains(r, "data-signature-pad")
        self.assertNotContains(r, 'name="code"')  # the trainer is in the room: no room code
        r = self.post()
        self.assertRedirects(r, self.url, fetch_redirect_response=False)
        event = self.signatures().get()
        self.assertEqual(event.enrolment, self.eden)
        self.assertEqual(event.method, AttendanceEvent.Method.KIOSK)
        self.assertEqual(event.actor, self.bob)
        at = timezone.localtime(event.created_at)
        r = self.client.get(self.url)
        self.assertContains(r, f"Présence enregistrée à {at.hour} h {at:%M} : Eden Test.")
        # Who has signed is no longer offered.
        self.assertNotContains(r, f'value="{self.eden.seat}"')
        self.assertContains(r, f'value="{self.dominique.seat}"')

    def test_the_of_admin_may_use_it_too(self):
        self.login(self.alice)
        self.assertRedirects(self.post(), self.url)
        self.assertEqual(self.signatures().get().actor, self.alice)

    def test_a_trainee_who_has_signed_cannot_be_signed_again(self):
        signing.sign(self.eden, self.slot, code=self.window.room_code(), strokes=drawn_signature())
        self.login(self.bob)
        r = self.post()
        self.assertContains(
            r, escape(gettext("Choose the name of a trainee who has not signed yet."))
        )
        self.assertEqual(self.signatures().count(), 1)

    def test_no_name_chosen_is_refused(self):
        self.login(self.bob)
        r = self.post(seat="")
        self.assertContains(
            r, escape(gettext("Choose the name of a trainee who has not signed yet."))
        )
        self.assertFalse(self.signatures().exists())

    def test_a_seat_nobody_holds_in_this_cycle_is_refused(self):
        self.login(self.bob)
        r = self.post(seat=13)
        self.assertContains(
            r, escape(gettext("Choose the name of a trainee who has not signed yet."))
        )
        self.assertFalse(self.signatures().exists())

    def test_a_bad_drawing_is_refused_and_logged(self):
        self.login(self.bob)
        r = self.post(signature=drawn_signature(width=25, height=25))
        message = gettext("This drawing is too small to be a signature: sign in the box.")
        self.assertContains(r, escape(message))
        self.assertFalse(self.signatures().exists())
        self.assertEqual(Refusal.objects.get().enrolment, self.eden)

    def test_only_while_the_window_is_open(self):
        self.window.closed_at = timezone.now()
        self.window.save()
        self.login(self.bob)
        r = self.client.get(self.url)
        self.assertNotContains(r, "data-signature-pad")
        r = self.post()
        self.assertContains(r, escape(gettext("Signing for this half-day is closed.")))
        self.assertFalse(self.signatures().exists())

    def test_a_half_day_never_opened_offers_no_form(self):
        self.login(self.bob)
        r = self.client.get(reverse("attendance:kiosk", args=[self.cycle.code, 2]))
        self.assertNotContains(r, "data-signature-pad")

    def test_another_cycles_trainer_and_the_contact_are_refused(self):
        for user, status in ((self.charlie, 404), (self.diane, 403)):
            self.login(user)
            self.assertEqual(self.post().status_code, status)
        self.assertFalse(self.signatures().exists())
