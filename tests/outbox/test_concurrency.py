"""Two workers at once, each in its own thread with its own database connection, over many
messages: every message reaches the SMTP server exactly once.

On PostgreSQL each claim locks one row with FOR UPDATE SKIP LOCKED, so the two workers take
different messages side by side; on SQLite the IMMEDIATE transactions queue the claims. Run both:
`uv run pytest tests/outbox` and with ACUNUM_DATABASE_URL set.
"""

from __future__ import annotations

from unittest import skipUnless

from django.db import connection
from django.test import TransactionTestCase

from acunum.outbox import worker
from acunum.outbox.models import Message
from tests.cycles.test_enrolment_limit import run_together
from tests.outbox.smtp import SmtpServerMixin, attachments_of

MESSAGES = 120
WORKERS = 2


class TwoWorkers(SmtpServerMixin, TransactionTestCase):
    def setUp(self):
        super().setUp()
        for n in range(MESSAGES):
            Message.objects.enqueue(
                f"invitation:{n}",
                to=f"t{n}@example.org",
                subject=f"Questionnaire {n}",
                body=f"Bonjour {n}",
                kind=Message.Kind.INVITATION,
                attachments=[(f"{n}.bin", bytes([n % 256]) * (n + 1), "application/octet-stream")],
            )

    def run_workers(self) -> list:
        def work(i: int) -> int:
            sent = 0
            while True:  # small rounds, so that the workers interleave many times
                done = worker.run_once(worker=f"worker-{i}", limit=7)
                sent += done
                if not done:
                    return sent

        return run_together(work, WORKERS)

    def check_every_message_arrived_once(self, results: list) -> None:
        self.assertEqual([r for r in results if not isinstance(r, int)], [])
        self.assertEqual(sum(results), MESSAGES)
        ids = self.inbox.message_ids()
        codes = {f"<{c}@example.org>" for c in Message.objects.values_list("code", flat=True)}
        self.assertEqual(set(ids), codes)
        self.assertEqual([i for i, count in ids.items() if count > 1], [], "sent twice")
        self.assertEqual(
            Message.objects.filter(status=Message.Status.SENT, attempts=1).count(), MESSAGES
        )
        for received in self.inbox.received:
            n = int(received["Subject"].split()[-1])
            self.assertEqual(
                attachments_of(received),
                [(f"{n}.bin", bytes([n % 256]) * (n + 1), "application/octet-stream")],
            )

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL claims rows with SKIP LOCKED")
    def test_two_workers_on_postgresql_send_every_message_exactly_once(self):
        self.check_every_message_arrived_once(self.run_workers())

    @skipUnless(connection.vendor == "sqlite", "SQLite queues the claims in IMMEDIATE transactions")
    def test_two_workers_on_sqlite_send_every_message_exactly_once(self):
        self.check_every_message_arrived_once(self.run_workers())
