"""The core rules, end to end through the ledger (the views and pages have their own tests)."""

import json
import secrets

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from acunum.attendance import signing
from acunum.attendance.hours import cycle_assiduity
from acunum.attendance.models import AttendanceEvent
from acunum.test import BaseTestCase, open_today


def drawn_signature(width=300, height=100) -> str:
    """What the pad sends: strokes in a 320×140 box, the drawing spanning width × height.

    A hand never draws the same strokes twice, and the same drawing again is refused as a copy:
    a random tremor makes each test drawing unique, as a real one is.
    """
    shape = [(0.05, 0.7), (0.25, 0.2), (0.45, 0.8), (0.7, 0.25), (0.95, 0.6)]
    stroke = []
    for x, y in shape:
        stroke += [round(x * width + secrets.randbelow(10) / 10, 1), round(y * height, 1)]
    return json.dumps({"w": 320, "h": 140, "strokes": [stroke]})


class CoreTests(BaseTestCase):
    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)
        self.window = open_today(self.slot, self.bob)

    def test_a_trainee_signs_once_and_a_second_submit_adds_nothing(self):
        code = self.window.room_code()
        first = signing.sign(self.dominique, self.slot, code=code, strokes=drawn_signature())
        again = signing.sign(self.dominique, self.slot, code=code, strokes=drawn_signature())
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(AttendanceEvent.objects.filter(kind="signature").count(), 1)

    def test_a_wrong_room_code_is_refused_and_logged(self):
        # Tests run in French: the message is the translated one.
        with self.assertRaisesMessage(signing.Refused, "code de salle"):
            signing.sign(self.dominique, self.slot, code="abcd", strokes=drawn_signature())
        self.assertFalse(AttendanceEvent.objects.filter(kind="signature").exists())
        self.assertEqual(self.slot.refusals.count(), 1)

    def test_a_dot_is_not_a_signature(self):
        with self.assertRaises(signing.Refused):
            signing.sign(
                self.dominique,
                self.slot,
                code=self.window.room_code(),
                strokes=drawn_signature(width=20, height=20),
            )

    def test_hours_realised_follow_signatures_absences_and_late_arrivals(self):
        from datetime import time

        signing.sign(
            self.dominique, self.slot, code=self.window.room_code(), strokes=drawn_signature()
        )
        signing.mark_time(self.slot, self.dominique, self.bob, kind="late_arrival", at=time(10, 0))
        signing.mark_absent(self.slot, self.eden, self.bob, excused=True, reason="Malade")
        assiduity = cycle_assiduity(
            self.cycle, list(self.cycle.slots.all()), list(self.cycle.enrolments.all())
        )
        minutes = {t.enrolment.pk: t.by_slot for t in assiduity.trainees}
        self.assertEqual(minutes[self.dominique.pk][1], 150)  # 10:00–12:30
        self.assertEqual(minutes[self.eden.pk][1], 0)

    def test_verify_ledger_names_an_altered_record(self):
        signing.sign(
            self.dominique, self.slot, code=self.window.room_code(), strokes=drawn_signature()
        )
        call_command("verify_ledger", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE attendance_attendanceevent SET ip = '10.9.9.9' WHERE seq = 2")
        with self.assertRaisesMessage(CommandError, "record 2"):
            call_command("verify_ledger", verbosity=0)
