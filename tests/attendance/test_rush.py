"""The signing POST's short path (rush.py) reads what the ORM would, on SQLite and PostgreSQL."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

from acunum.attendance import rush, signing
from acunum.attendance.models import AttendanceEvent, SigningWindow
from acunum.cycles.models import Enrolment, Slot, hash_token
from acunum.test import BaseTestCase, open_today
from tests.attendance.test_core import drawn_signature


class ShortPathTests(BaseTestCase):
    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)
        self.window = open_today(self.slot, self.bob)

    def test_the_enrolment_slot_and_window_read_equal_those_of_the_orm(self):
        enrolment, slot = rush.signer(hash_token(self.dominique_token), 1)
        orm_slot = Slot.objects.get(pk=self.slot.pk)
        orm_window = SigningWindow.objects.get(pk=self.window.pk)
        self.assertEqual(enrolment.pk, self.dominique.pk)
        self.assertEqual(
            (enrolment.seat, enrolment.trainee_id, enrolment.cycle.code),
            (self.dominique.seat, self.dominique.trainee_id, self.cycle.code),
        )
        for name in ("index", "date", "start", "end", "cycle_id", "sequence_id"):
            self.assertEqual(getattr(slot, name), getattr(orm_slot, name), name)
        for name in ("opened_at", "closes_at", "closed_at", "room_secret", "opened_by_id"):
            self.assertEqual(getattr(slot.window, name), getattr(orm_window, name), name)
        self.assertTrue(slot.window.is_open())

    def test_a_half_day_not_opened_yet_reads_without_a_window(self):
        _enrolment, slot = rush.signer(hash_token(self.dominique_token), 2)
        self.assertIsNone(signing.window_of(slot))

    def test_an_unknown_link_or_half_day_is_left_to_the_ordinary_path(self):
        self.assertIsNone(rush.signer(hash_token("not-a-token"), 1))
        self.assertIsNone(rush.signer(hash_token(self.dominique_token), 99))
        self.dominique.revoke_link()
        self.assertIsNone(rush.signer(hash_token(self.dominique_token), 1))

    def test_a_signature_made_on_the_phone_page_verifies_in_the_ledger(self):
        url = reverse("attendance:sign", args=[self.dominique_token, 1])
        r = self.client.post(url, {"code": self.window.room_code(), "signature": drawn_signature()})
        self.assertRedirects(r, url)
        event = AttendanceEvent.objects.select_related("cycle", "slot", "enrolment").get(
            kind=AttendanceEvent.Kind.SIGNATURE
        )
        self.assertEqual(event.enrolment, Enrolment.objects.get(pk=self.dominique.pk))
        call_command("verify_ledger", stdout=io.StringIO())  # raises if the hash differs
