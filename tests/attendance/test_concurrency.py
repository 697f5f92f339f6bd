"""Signatures that arrive at the same instant: none lost, none duplicated, the chain intact.

Threads with their own database connections, released together, as a server's workers would be.
On SQLite the IMMEDIATE transactions queue the writers (with the busy timeout); on PostgreSQL each
cycle's LedgerHead row lock does. Run both: `uv run pytest` and with ACUNUM_DATABASE_URL set.
"""

from __future__ import annotations

from datetime import date
from unittest import skipUnless

from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext

from acunum.attendance import signing
from acunum.attendance.models import AttendanceEvent, LedgerHead, append
from acunum.cycles.models import Cycle, Enrolment, Slot
from acunum.programmes.loader import load_programme
from acunum.test import make_structure, make_trainee, make_user, open_today, schedule_cycle
from tests.attendance.test_core import drawn_signature
from tests.cycles.test_enrolment_limit import run_together

CYCLES = 3
TRAINEES = 14


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class SigningWorld(TransactionTestCase):
    def setUp(self):
        version, _created = load_programme()
        self.trainer = make_user("bob", "trainer")
        self.slots: list[Slot] = []
        self.enrolments: list[Enrolment] = []
        for n in range(CYCLES):
            cycle = Cycle.objects.create(
                programme_version=version, structure=make_structure(f"Structure {n}")
            )
            cycle.trainers.add(self.trainer)
            # Different weeks: the trainer cannot be in two rooms at once.
            schedule_cycle(cycle, date(2026, 1, 5 + 7 * n))
            slot = cycle.slots.get(index=1)
            open_today(slot, self.trainer)
            self.slots.append(slot)
            for m in range(TRAINEES):
                self.enrolments.append(make_trainee(cycle, f"T{n}x{m}", email=f"t{n}x{m}@e.org"))

    def sign(self, enrolment: Enrolment, strokes: str | None = None):
        slot = Slot.objects.select_related("window").get(cycle=enrolment.cycle_id, index=1)
        return signing.sign(
            enrolment,
            slot,
            code=slot.window.room_code(),
            strokes=strokes or drawn_signature(),
            device=f"phone-{enrolment.pk}",
        )

    def assertChainIntact(self) -> None:
        for slot in self.slots:
            events = AttendanceEvent.objects.filter(cycle=slot.cycle_id).order_by("seq")
            seqs = list(events.values_list("seq", flat=True))
            self.assertEqual(seqs, list(range(1, len(seqs) + 1)), "the seqs have a gap")
            self.assertEqual(LedgerHead.objects.get(cycle=slot.cycle_id).seq, len(seqs))
        call_command("verify_ledger", verbosity=0)  # raises CommandError if broken

    def signatures(self) -> list[tuple[int, int]]:
        return list(
            AttendanceEvent.objects.filter(kind="signature").values_list("slot_id", "enrolment_id")
        )


class ConcurrentSigningTests(SigningWorld):
    def test_every_trainee_of_several_cycles_signing_at_once_is_recorded_once(self):
        results = run_together(lambda i: self.sign(self.enrolments[i]), len(self.enrolments))
        self.assertEqual([r for r in results if not isinstance(r, AttendanceEvent)], [])
        signed = self.signatures()
        self.assertEqual(len(signed), CYCLES * TRAINEES)
        self.assertEqual(len(set(signed)), CYCLES * TRAINEES, "a signature is duplicated")
        self.assertEqual({e for _s, e in signed}, {e.pk for e in self.enrolments})
        self.assertChainIntact()

    def test_the_same_submit_sent_five_times_at_once_answers_five_successes_and_records_one(self):
        dominique = self.enrolments[0]
        strokes = drawn_signature()  # a double tap sends the very same drawing again
        results = run_together(lambda i: self.sign(dominique, strokes), 5)
        self.assertEqual([r for r in results if not isinstance(r, AttendanceEvent)], [])
        self.assertEqual({r.pk for r in results}, {results[0].pk})
        self.assertEqual(self.signatures(), [(self.slots[0].pk, dominique.pk)])
        self.assertChainIntact()

    def test_every_trainee_submitting_twice_at_once_among_the_others_is_recorded_once(self):
        group = self.enrolments[:TRAINEES]
        drawings = [drawn_signature() for _ in group]

        def submit(i: int):
            return self.sign(group[i % TRAINEES], drawings[i % TRAINEES])

        results = run_together(submit, 2 * TRAINEES)
        self.assertEqual([r for r in results if not isinstance(r, AttendanceEvent)], [])
        self.assertEqual(sorted(e for _s, e in self.signatures()), sorted(e.pk for e in group))
        self.assertChainIntact()

    def test_the_trainer_marking_absences_while_trainees_sign_loses_nothing(self):
        signers, absentees = (
            self.enrolments[: TRAINEES - 4],
            self.enrolments[TRAINEES - 4 : TRAINEES],
        )

        def work(i: int):
            if i < len(signers):
                return self.sign(signers[i])
            return signing.mark_absent(
                self.slots[0], absentees[i - len(signers)], self.trainer, excused=True, reason="x"
            )

        results = run_together(work, TRAINEES)
        self.assertEqual([r for r in results if not isinstance(r, AttendanceEvent)], [])
        self.assertEqual(len(self.signatures()), len(signers))
        self.assertEqual(AttendanceEvent.objects.filter(kind="absence").count(), len(absentees))
        self.assertChainIntact()


@skipUnless(connection.vendor == "postgresql", "PostgreSQL appends a record in one statement")
class OneStatementTests(SigningWorld):
    """Outside a transaction, PostgreSQL links and writes a record in one statement."""

    def test_a_signature_is_appended_in_one_statement_whose_hash_verifies(self):
        with CaptureQueriesContext(connection) as ctx:
            event = self.sign(self.enrolments[0])
        inserts = [q["sql"] for q in ctx.captured_queries if "INSERT" in q["sql"]]
        self.assertEqual(len(inserts), 1)
        self.assertIn("WITH head AS", inserts[0])
        self.assertEqual(AttendanceEvent.objects.get(pk=event.pk).hash, event.hash)
        self.assertChainIntact()

    def test_the_first_record_of_a_cycle_without_a_head_is_appended_all_the_same(self):
        cycle = Cycle.objects.create(
            programme_version=self.slots[0].cycle.programme_version, structure=make_structure("N")
        )
        schedule_cycle(cycle, date(2026, 6, 1))
        slot = cycle.slots.get(index=1)
        first = append(AttendanceEvent.Kind.WINDOW_OPENED, slot, actor=self.trainer)
        second = append(AttendanceEvent.Kind.WINDOW_CLOSED, slot, actor=self.trainer)
        self.assertEqual((first.seq, second.seq, second.prev_hash), (1, 2, first.hash))
        self.assertEqual(LedgerHead.objects.get(cycle=cycle).hash, second.hash)
        call_command("verify_ledger", verbosity=0)
