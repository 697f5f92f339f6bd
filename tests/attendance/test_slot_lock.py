from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext

from acunum.test import BaseTestCase, open_today


class SlotLockTests(BaseTestCase):
    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)
        open_today(self.slot, self.bob)

    def test_a_half_day_with_attendance_cannot_be_moved(self):
        self.login(self.bob)
        url = reverse("cycles:slot-edit", args=[self.cycle.code, 1])
        r = self.client.post(
            url, {"date": "2026-01-06", "start": "09:00", "end": "12:30"}, follow=True
        )
        self.assertContains(
            r,
            gettext(
                "Attendance has been recorded for this half-day: its date "
                "and hours can no longer change."
            ),
        )
        moved = self.cycle.slots.get(index=1)
        self.assertEqual(moved.date, self.slot.date)

    def test_moving_it_in_the_database_breaks_the_ledger(self):
        call_command("verify_ledger", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cycles_slot SET start = '10:00' WHERE id = %s", [self.slot.pk])
        with self.assertRaises(CommandError):
            call_command("verify_ledger", verbosity=0)
