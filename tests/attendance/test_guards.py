"""What the ledger names stays: no page deletes a trainee or a half-day it records."""

from __future__ import annotations

from django.urls import reverse

from acunum.attendance import signing
from acunum.test import BaseTestCase, open_today
from tests.attendance.test_core import drawn_signature


class LedgerGuardTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)
        slot = self.cycle.slots.get(index=1)
        window = open_today(slot, self.bob)
        signing.sign(self.eden, slot, code=window.room_code(), strokes=drawn_signature())

    def test_a_trainee_who_signed_is_not_removed_and_the_trainer_is_told_why(self):
        url = reverse("cycles:trainee-remove", args=[self.cycle.code, self.eden.seat])
        r = self.client.post(url, follow=True)
        self.assertContains(r, "Eden Test a des enregistrements d’émargement")
        self.assertTrue(self.cycle.enrolments.filter(pk=self.eden.pk).exists())

    def test_a_trainee_with_no_attendance_can_still_be_removed(self):
        url = reverse("cycles:trainee-remove", args=[self.cycle.code, self.dominique.seat])
        self.client.post(url)
        self.assertFalse(self.cycle.enrolments.filter(pk=self.dominique.pk).exists())

    def test_the_schedule_cannot_be_proposed_again_once_a_half_day_was_opened(self):
        slots = list(self.cycle.slots.values_list("pk", "date"))
        url = reverse("cycles:schedule", args=[self.cycle.code])
        r = self.client.post(
            url,
            {
                "start": "2026-03-02",
                "weekdays": [0, 1, 2, 3, 4],
                "max_days_per_week": 2,
                "weeks_between_parts": 2,
                "half_day": "morning",
                "morning_start": "09:00",
                "afternoon_start": "13:30",
            },
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(list(self.cycle.slots.values_list("pk", "date")), slots)
