"""Invitations and reminders through a real SMTP server (aiosmtpd, in this process), sent by two
workers at once, producers included: every email arrives exactly once.

Two cycles of fourteen trainees: one ended yesterday (the learning assessment and the hot
satisfaction open to every trainee, the structure's satisfaction to its contact), one starting
in ten days (the positioning open to every trainee). Each worker runs in its own thread with its
own database connection, asking the producers before each round as `acunum serve` does; then the
clock moves three days (the first reminders), then seven (the second).

On PostgreSQL the workers claim rows side by side (FOR UPDATE SKIP LOCKED); on SQLite their
IMMEDIATE transactions queue. Run both: `uv run pytest tests/evaluation` and with
ACUNUM_DATABASE_URL set.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from unittest import skipUnless

from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone

from acunum.accounts.models import Organisation, User
from acunum.cycles.models import Cycle
from acunum.evaluation.loader import load_questionnaires
from acunum.evaluation.reminders import enqueue_due
from acunum.outbox import producers, worker
from acunum.outbox.models import Message
from acunum.programmes.loader import load_programme
from acunum.test import make_structure, make_trainee, make_user, schedule_cycle
from tests.cycles.test_enrolment_limit import run_together
from tests.evaluation.world import move_schedule, training_ended
from tests.outbox.smtp import SmtpServerMixin

GROUP = 14
WORKERS = 2
# Open to each trainee: the assessment and the hot satisfaction of the ended cycle, the
# positioning of the next; and the structure's satisfaction to its contact.
PER_ROUND = 2 * GROUP + GROUP + 1
DAY = timedelta(days=1)


class TwoWorkersSendQuestionnaireEmails(SmtpServerMixin, TransactionTestCase):
    def setUp(self):
        super().setUp()
        # The app's producers, as its ready() registered them, run in each worker's rounds.
        self.assertIn(enqueue_due, producers._producers)
        version, _created = load_programme()
        load_questionnaires()
        Organisation.objects.create(
            name="Organisme Test",
            siret="11122233300044",
            nda="11223344556",
            qualiopi_certificate="Q-1",
            address="1 rue Test",
            postal_code="69001",
            city="Lyon",
            email="of@example.org",
        )
        trainer = make_user("bob", User.Role.TRAINER)
        structure = make_structure("La Passerelle")
        structure.contacts.add(make_user("diane", User.Role.CONTACT))
        cycles = []
        for n in range(2):
            cycle = Cycle.objects.create(
                programme_version=version, structure=structure, status=Cycle.Status.SCHEDULED
            )
            cycle.trainers.add(trainer)
            schedule_cycle(cycle, date(2026, 1, 5) + timedelta(weeks=26 * n))
            for seat in range(GROUP):
                make_trainee(cycle, f"T{n}x{seat}", email=f"t{n}-{seat}@example.org")
            cycles.append(cycle)
        training_ended(cycles[0])
        move_schedule(cycles[1], first=timezone.localdate() + timedelta(days=10))
        self.start = timezone.now()

    def round_at(self, now) -> int:
        """Both workers at `now` until neither finds anything to send; how many they sent."""

        def work(i: int) -> int:
            sent = 0
            while True:  # small rounds, so that the workers interleave many times
                done = worker.run_once(now, worker=f"worker-{i}", limit=5)
                sent += done
                if not done:
                    return sent

        results = run_together(work, WORKERS)
        self.assertEqual([r for r in results if not isinstance(r, int)], [])
        return sum(results)

    def received(self) -> Counter:
        # A long subject is folded on the wire: compared without the space that leaves.
        return Counter((m["To"], str(m["Subject"]).strip()) for m in self.inbox.received)

    def check_every_email_arrives_exactly_once(self) -> None:
        self.assertEqual(self.round_at(self.start), PER_ROUND)
        invitations = self.received()
        self.assertEqual(len(invitations), PER_ROUND)
        self.assertEqual(set(invitations.values()), {1})
        self.assertEqual(Message.objects.filter(kind=Message.Kind.INVITATION).count(), PER_ROUND)

        # Three days later, the first reminders; seven days later, the second (every window is
        # still open: the positioning until the first half-day, in ten days).
        for n, days in ((1, 3), (2, 7)):
            self.assertEqual(
                self.round_at(self.start + days * DAY + timedelta(minutes=1)), PER_ROUND
            )
            reminders = {k: v for k, v in self.received().items() if k[1].startswith("Rappel")}
            self.assertEqual(len(reminders), PER_ROUND, f"reminder {n}")
            # The same subject each time: the first and the second reminder, once each.
            self.assertEqual(set(reminders.values()), {n}, f"reminder {n}")
        self.assertEqual(self.round_at(self.start + 8 * DAY), 0)

        received = self.received()
        self.assertEqual(sum(received.values()), 3 * PER_ROUND)
        ids = self.inbox.message_ids()
        self.assertEqual([i for i, count in ids.items() if count > 1], [], "sent twice")
        self.assertEqual(
            set(ids), {f"<{c}@example.org>" for c in Message.objects.values_list("code", flat=True)}
        )
        self.assertEqual(
            Message.objects.filter(status=Message.Status.SENT, attempts=1).count(), 3 * PER_ROUND
        )
        self.assertEqual(
            received[("diane@example.org", "Satisfaction de la structure – ACUNUM")], 1
        )

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL claims rows with SKIP LOCKED")
    def test_two_workers_on_postgresql_send_each_invitation_and_reminder_exactly_once(self):
        self.check_every_email_arrives_exactly_once()

    @skipUnless(connection.vendor == "sqlite", "SQLite queues the claims in IMMEDIATE transactions")
    def test_two_workers_on_sqlite_send_each_invitation_and_reminder_exactly_once(self):
        self.check_every_email_arrives_exactly_once()
