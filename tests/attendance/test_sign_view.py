"""A trainee signs a half-day on their phone: link, room code, drawing. Every bad input is refused
with a French message, records nothing, and is logged for the trainer."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from acunum.attendance import signing
from acunum.attendance.models import ROOM_CODE_PERIOD, AttendanceEvent, Refusal
from acunum.attendance.state import slot_presences
from acunum.cycles.models import trainee_url
from acunum.test import BaseTestCase, open_today
from tests.attendance.test_core import drawn_signature

SIGNATURE = AttendanceEvent.Kind.SIGNATURE


class SignViewTestCase(BaseTestCase):
    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)
        self.window = open_today(self.slot, self.bob)
        self.url = reverse("attendance:sign", args=[self.dominique_token, 1])

    def post(self, url=None, client=None, **data):
        fields = {"code": self.window.room_code(), "signature": drawn_signature(), **data}
        return (client or self.client).post(url or self.url, fields)

    def signatures(self):
        return AttendanceEvent.objects.filter(kind=SIGNATURE)

    def assert_refused(self, response, message: str) -> None:
        """The form again, the message in French, no signature, and a trace for the trainer."""
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, escape(message))
        self.assertContains(response, 'name="code"')
        self.assertContains(response, "data-signature-pad")
        self.assertFalse(self.signatures().exists())
        self.assertTrue(Refusal.objects.filter(reason=message).exists())


class SignFormTests(SignViewTestCase):
    def test_the_form_asks_for_the_room_code_with_the_phones_number_pad(self):
        r = self.client.get(self.url)
        self.assertContains(r, 'inputmode="numeric"')
        self.assertContains(r, 'autocomplete="off"')
        self.assertContains(r, "data-signature-pad")
        self.assertContains(r, "signature-pad.js")

    def test_a_code_in_the_address_fills_the_field(self):
        r = self.client.get(self.url + "?code=4321")
        self.assertContains(r, 'value="4321"')

    def test_before_opening_the_page_says_to_wait_and_offers_no_form(self):
        r = self.client.get(reverse("attendance:sign", args=[self.dominique_token, 2]))
        self.assertContains(r, "La signature n’est pas encore ouverte.")
        self.assertNotContains(r, 'name="code"')

    def test_the_trainee_home_offers_a_big_button_for_the_open_half_day(self):
        r = self.client.get(trainee_url(self.dominique_token))
        self.assertContains(r, gettext("To sign now"))
        self.assertContains(r, f'href="{self.url}"')


class SigningTests(SignViewTestCase):
    def test_a_trainee_signs_and_sees_the_time_it_was_recorded(self):
        r = self.post()
        self.assertRedirects(r, self.url)
        event = self.signatures().get()
        self.assertEqual(event.enrolment, self.dominique)
        self.assertEqual(event.method, AttendanceEvent.Method.PHONE)
        self.assertEqual(event.ip, "127.0.0.1")
        r = self.client.get(self.url)
        at = timezone.localtime(event.created_at)
        self.assertContains(r, f"Votre présence est enregistrée à {at.hour} h {at:%M}.")
        self.assertNotContains(r, 'name="code"')

    def test_the_home_page_marks_the_half_day_signed(self):
        self.post()
        r = self.client.get(trainee_url(self.dominique_token))
        self.assertNotContains(r, gettext("To sign now"))
        at = timezone.localtime(self.signatures().get().created_at)
        self.assertContains(r, f"signé à {at.hour} h {at:%M}")

    def test_a_repeated_submit_answers_the_same_confirmation_and_records_nothing(self):
        self.post()
        r = self.post()
        self.assertRedirects(r, self.url)
        self.assertEqual(self.signatures().count(), 1)
        self.assertFalse(Refusal.objects.exists())

    def test_a_repeated_submit_after_closing_still_answers_the_confirmation(self):
        self.post()
        self.window.closed_at = timezone.now()
        self.window.save()
        r = self.post()
        self.assertRedirects(r, self.url)
        self.assertEqual(self.signatures().count(), 1)

    def test_the_code_shown_a_moment_ago_is_still_accepted(self):
        previous = self.window.room_code(timezone.now() - timedelta(seconds=ROOM_CODE_PERIOD))
        r = self.post(code=f" {previous} ")
        self.assertRedirects(r, self.url)

    def test_the_trainers_board_data_sees_the_signature(self):
        self.post()
        presence = slot_presences(self.slot)[self.dominique.pk]
        self.assertEqual(presence.status, "present")


class RefusalTests(SignViewTestCase):
    def test_a_closed_window_is_refused(self):
        self.window.closed_at = timezone.now()
        self.window.save()
        self.assert_refused(self.post(), gettext("Signing for this half-day is closed."))

    def test_a_window_past_its_end_is_refused(self):
        self.window.opened_at = timezone.now() - timedelta(hours=5)
        self.window.closes_at = timezone.now() - timedelta(minutes=1)
        self.window.save()
        self.assert_refused(self.post(), gettext("Signing for this half-day is closed."))

    def test_a_half_day_not_yet_opened_is_refused(self):
        url = reverse("attendance:sign", args=[self.dominique_token, 2])
        self.assert_refused(self.post(url), gettext("Signing for this half-day is closed."))

    def wrong_code_message(self):
        return gettext(
            "This room code is not the one on the screen, or it has expired: "
            "type the one shown now."
        )

    def test_a_wrong_room_code_is_refused(self):
        wrong = f"{(int(self.window.room_code()) + 1) % 10_000:04d}"
        if self.window.accepts_code(wrong):  # It happens to be the previous minute's code.
            wrong = f"{(int(wrong) + 1) % 10_000:04d}"
        self.assert_refused(self.post(code=wrong), self.wrong_code_message())

    def test_an_expired_room_code_is_refused(self):
        old = self.window.room_code(timezone.now() - timedelta(seconds=3 * ROOM_CODE_PERIOD))
        if self.window.accepts_code(old):  # Four digits: a rare collision with a valid code.
            self.skipTest("the old code happens to equal a valid one")
        self.assert_refused(self.post(code=old), self.wrong_code_message())

    def test_an_empty_code_is_refused(self):
        self.assert_refused(self.post(code=""), self.wrong_code_message())

    def test_a_revoked_link_is_refused_and_logged(self):
        self.dominique.revoke_link()
        r = self.post()
        self.assertEqual(r.status_code, 410)
        self.assertContains(r, gettext("This link no longer works"), status_code=410)
        self.assertFalse(self.signatures().exists())
        refusal = Refusal.objects.get()
        self.assertEqual((refusal.enrolment, refusal.slot), (self.dominique, self.slot))

    def test_one_phone_cannot_sign_for_a_second_trainee(self):
        self.assertRedirects(self.post(), self.url)
        edens = reverse("attendance:sign", args=[self.eden_token, 1])
        r = self.post(edens)
        message = gettext(
            "This phone has already signed this half-day for someone else: each trainee "
            "signs on their own phone, or on the trainer's device."
        )
        self.assertContains(r, message)
        self.assertEqual(
            list(self.signatures().values_list("enrolment", flat=True)), [self.dominique.pk]
        )
        self.assertEqual(Refusal.objects.get().enrolment, self.eden)
        # Eden signs on her own phone.
        self.assertRedirects(self.post(edens, client=Client()), edens)

    def test_a_half_day_of_another_cycle_is_refused(self):
        # Slot 16 exists only in the other cycle now: the link cannot reach it.
        self.cycle.slots.filter(index=16).delete()
        url = reverse("attendance:sign", args=[self.dominique_token, 16])
        r = self.post(url)
        self.assertContains(
            r, gettext("This half-day is not part of your training."), status_code=404
        )
        self.assertFalse(self.signatures().exists())
        self.assertEqual(Refusal.objects.get().enrolment, self.dominique)

    def test_the_core_refuses_a_slot_of_another_cycle(self):
        other = self.other_cycle.slots.get(index=1)
        open_today(other, self.charlie)
        with self.assertRaises(signing.Refused):
            signing.sign(
                self.dominique, other, code=other.window.room_code(), strokes=drawn_signature()
            )
        self.assertFalse(self.signatures().exists())

    def test_a_missing_drawing_is_refused(self):
        self.assert_refused(
            self.post(signature=""), gettext("The signature is missing: draw it in the box.")
        )

    def test_a_trivial_drawing_is_refused(self):
        self.assert_refused(
            self.post(signature=drawn_signature(width=30, height=30)),
            gettext("This drawing is too small to be a signature: sign in the box."),
        )

    def test_a_signature_longer_than_a_pad_can_make_is_refused(self):
        endless = json.dumps({"w": 320, "h": 140, "strokes": [[10, 10, 300, 120] * 4000]})
        self.assert_refused(
            self.post(signature=endless),
            gettext("The signature is too large: draw it again, smaller."),
        )

    def test_strokes_outside_the_pad_are_refused(self):
        outside = json.dumps({"w": 320, "h": 140, "strokes": [[10, 10, 900, 120, 40, 60]]})
        self.assert_refused(
            self.post(signature=outside), gettext("The signature is damaged: draw it again.")
        )

    def test_a_malformed_drawing_is_refused(self):
        for malformed in (
            "not json",
            "data:image/png;base64,iVBORw0KGgo=",  # a picture, which the pad never sends
            json.dumps({"w": 320, "h": 140, "strokes": [[10, 10, 300]]}),  # an odd coordinate
            json.dumps({"w": 320, "h": 140, "strokes": [["10", 10, 300, 90]]}),
            json.dumps({"w": 320, "h": 140}),
            json.dumps([[10, 10, 300, 120]]),
        ):
            with self.subTest(malformed=malformed):
                self.assert_refused(
                    self.post(signature=malformed),
                    gettext("The signature is damaged: draw it again."),
                )

    def test_a_replayed_signature_for_another_half_day_is_refused(self):
        image = drawn_signature()
        self.assertRedirects(self.post(signature=image), self.url)
        second = self.cycle.slots.get(index=2)
        window = open_today(second, self.bob)
        url = reverse("attendance:sign", args=[self.dominique_token, 2])
        r = self.client.post(url, {"code": window.room_code(), "signature": image})
        self.assertContains(r, gettext("This signature was already used once: draw it again."))
        self.assertEqual(self.signatures().count(), 1)
        self.assertEqual(Refusal.objects.get().slot, second)

    def test_an_unknown_link_is_not_found(self):
        r = self.post(reverse("attendance:sign", args=["not-a-link", 1]))
        self.assertEqual(r.status_code, 404)
        self.assertFalse(self.signatures().exists())

    def test_opening_the_page_records_nothing(self):
        self.client.get(self.url)
        self.assertFalse(self.signatures().exists())
        self.assertFalse(Refusal.objects.exists())
