"""The worker, against a real SMTP server: each message arrives once, attachments byte for byte;
failures are tried again later and given up in the end; a crashed worker's lease runs out."""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone

from acunum.outbox import producers, sending, worker
from acunum.outbox.models import Message
from tests.outbox.smtp import SmtpServerMixin, attachments_of, free_port, smtp_settings

# Not a valid PDF, on purpose: bytes that text handling would change (a NUL, CR alone, a lone
# high byte, a line longer than SMTP's 998 characters) must arrive unchanged all the same.
AWKWARD = b"%PDF-1.7\r\n\x00\xff\xfe\rlone CR\n" + bytes(range(256)) + b"x" * 5000 + b"\r\n.\r\n"


def enqueue(key: str, **extra) -> Message:
    fields = {
        "to": f"{key.replace(':', '-')}@example.org",
        "subject": f"Sujet {key}",
        "body": f"Bonjour,\n\nle message {key}.\n",
        "kind": Message.Kind.OTHER,
    }
    return Message.objects.enqueue(key, **{**fields, **extra})


class SendingTests(SmtpServerMixin, TestCase):
    def test_a_due_message_arrives_once_with_its_attachment_byte_for_byte(self):
        message = enqueue("m:1", attachments=[("convocation.pdf", AWKWARD, "application/pdf")])

        self.assertEqual(worker.run_once(), 1)
        self.assertEqual(worker.run_once(), 0)

        self.assertEqual(len(self.inbox.received), 1)
        received = self.inbox.received[0]
        self.assertEqual(received["To"], "m-1@example.org")
        self.assertEqual(received["From"], "of@example.org")
        self.assertEqual(received["Subject"], "Sujet m:1")
        body = received.get_body(("plain",)).get_content()
        self.assertEqual(body.replace("\r\n", "\n"), message.body)  # CRLF on the wire
        self.assertEqual(
            attachments_of(received), [("convocation.pdf", AWKWARD, "application/pdf")]
        )
        self.assertEqual(received["Message-ID"], f"<{message.code}@example.org>")

    def test_a_sent_message_keeps_when_and_what_the_server_answered(self):
        message = enqueue("m:1", attachments=[("a.pdf", AWKWARD, "application/pdf")])
        before = timezone.now()
        worker.run_once()
        message.refresh_from_db()
        self.assertEqual(message.status, Message.Status.SENT)
        self.assertGreaterEqual(message.sent_at, before)
        self.assertEqual(message.smtp_reply, "250 2.0.0 Ok: queued as TEST1")
        self.assertEqual(message.attempts, 1)
        self.assertIsNone(message.claimed_until)
        self.assertEqual(message.last_error, "")
        # The proof: the bytes sent and their digest.
        attachment = message.attachments.get()
        self.assertEqual(bytes(attachment.content), AWKWARD)
        self.assertEqual(attachment.sha256, hashlib.sha256(AWKWARD).hexdigest())

    def test_several_messages_are_sent_through_one_connection_oldest_due_first(self):
        now = timezone.now()
        for n in range(5):
            enqueue(f"m:{n}", due_at=now - timedelta(minutes=n))
        self.assertEqual(worker.run_once(), 5)
        self.assertEqual(
            [m["Subject"] for m in self.inbox.received],
            ["Sujet m:4", "Sujet m:3", "Sujet m:2", "Sujet m:1", "Sujet m:0"],
        )

    def test_a_message_due_later_waits_for_its_time(self):
        now = timezone.now()
        enqueue("later", due_at=now + timedelta(days=3))
        self.assertEqual(worker.run_once(now), 0)
        self.assertEqual(worker.run_once(now + timedelta(days=3)), 1)

    def test_cancelled_and_failed_messages_are_not_sent(self):
        enqueue("invitation:1")
        Message.objects.cancel_pending("invitation:")
        enqueue("gone")
        Message.objects.filter(key="gone").update(status=Message.Status.FAILED, last_error="x")
        self.assertEqual(worker.run_once(), 0)
        self.assertEqual(self.inbox.received, [])

    def test_a_round_sends_at_most_its_limit(self):
        for n in range(4):
            enqueue(f"m:{n}")
        self.assertEqual(worker.run_once(limit=3), 3)
        self.assertEqual(worker.run_once(limit=3), 1)


class ProducerTests(SmtpServerMixin, TestCase):
    """These tests run the worker with their own producers only; the apps' are put back after."""

    def setUp(self):
        super().setUp()
        self.registered = list(producers._producers)
        producers._producers.clear()

    def tearDown(self):
        producers._producers[:] = self.registered
        super().tearDown()

    def test_producers_run_before_the_sending_so_what_they_enqueue_leaves_in_the_same_round(self):
        calls = []

        def invitations(now):
            calls.append(now)
            enqueue("invitation:7")

        producers.register(invitations)
        producers.register(invitations)  # a ready() run twice registers once
        before = timezone.now()
        self.assertEqual(worker.run_once(), 1)
        self.assertEqual(len(calls), 1)
        self.assertGreaterEqual(calls[0], before)
        self.assertEqual(self.inbox.received[0]["Subject"], "Sujet invitation:7")

    def test_a_failing_producer_is_logged_and_the_others_still_run(self):
        def broken(now):
            raise RuntimeError("bug in a producer")

        producers.register(broken)
        producers.register(lambda now: enqueue("reminder:1"))
        with self.assertLogs("acunum.outbox.producers", "ERROR") as logs:
            self.assertEqual(worker.run_once(), 1)
        self.assertIn("bug in a producer", "\n".join(logs.output))

    def test_without_an_smtp_server_producers_run_and_messages_wait(self):
        producers.register(lambda now: enqueue("invitation:1"))
        with override_settings(EMAIL_HOST=""):
            self.assertFalse(sending.mail_configured())
            self.assertEqual(worker.run_once(), 0)
        message = Message.objects.get()
        self.assertEqual(message.status, Message.Status.PENDING)
        self.assertEqual(message.attempts, 0)
        self.assertEqual(self.inbox.received, [])


class FailureTests(SmtpServerMixin, TestCase):
    def test_a_temporary_refusal_is_tried_again_later_with_a_doubling_delay_then_given_up(self):
        self.inbox.refuse_data = "451 4.3.0 Try again later"
        message = enqueue("m:1")
        now = timezone.now()
        expected_delays = [2, 4, 8, 16, 32, 60, 60]
        for attempt, minutes in enumerate(expected_delays, start=1):
            with self.assertLogs("acunum.outbox.worker", "WARNING"):
                self.assertEqual(worker.run_once(now), 0)
            message.refresh_from_db()
            self.assertEqual(message.status, Message.Status.PENDING)
            self.assertEqual(message.attempts, attempt)
            self.assertEqual(message.last_error, "451 4.3.0 Try again later")
            self.assertEqual(message.due_at, now + timedelta(minutes=minutes))
            # Not due again before its delay.
            self.assertEqual(worker.run_once(now + timedelta(minutes=minutes, seconds=-1)), 0)
            self.assertEqual(Message.objects.get().attempts, attempt)
            now = message.due_at

        with self.assertLogs("acunum.outbox.worker", "WARNING"):
            worker.run_once(now)
        message.refresh_from_db()
        self.assertEqual(message.attempts, worker.MAX_ATTEMPTS)
        self.assertEqual(message.status, Message.Status.FAILED)
        self.assertEqual(message.last_error, "451 4.3.0 Try again later")
        self.assertEqual(worker.run_once(now + timedelta(days=1)), 0)
        self.assertEqual(self.inbox.received, [])

    def test_a_message_refused_then_accepted_is_sent_once(self):
        self.inbox.refuse_data = "451 4.3.0 Try again later"
        message = enqueue("m:1")
        now = timezone.now()
        with self.assertLogs("acunum.outbox.worker", "WARNING"):
            worker.run_once(now)
        self.inbox.refuse_data = None
        self.assertEqual(worker.run_once(now + worker.backoff(1)), 1)
        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts), (Message.Status.SENT, 2))
        self.assertEqual(len(self.inbox.received), 1)

    def test_an_address_refused_for_good_fails_at_once_and_the_round_goes_on(self):
        enqueue("bad", due_at=timezone.now() - timedelta(minutes=1))
        enqueue("good")
        self.inbox.refused["bad@example.org"] = "550 5.1.1 No such user"
        with self.assertLogs("acunum.outbox.worker", "WARNING"):
            self.assertEqual(worker.run_once(), 1)
        bad, good = Message.objects.get(key="bad"), Message.objects.get(key="good")
        self.assertEqual(bad.status, Message.Status.FAILED)
        self.assertEqual(bad.attempts, 1)
        self.assertEqual(bad.last_error, "bad@example.org: 550 5.1.1 No such user")
        self.assertEqual(good.status, Message.Status.SENT)
        self.assertEqual([m["To"] for m in self.inbox.received], ["good@example.org"])

    def test_an_unreachable_server_ends_the_round_and_leaves_the_other_messages_untouched(self):
        for n in range(3):
            enqueue(f"m:{n}")
        with smtp_settings(free_port()), self.assertLogs("acunum.outbox.worker", "WARNING"):
            self.assertEqual(worker.run_once(), 0)
        attempts = sorted(Message.objects.values_list("attempts", flat=True))
        self.assertEqual(attempts, [0, 0, 1])
        tried = Message.objects.get(attempts=1)
        self.assertEqual(tried.status, Message.Status.PENDING)
        self.assertIn("ConnectionRefusedError", tried.last_error)

    def test_a_message_that_cannot_be_built_fails_alone_and_the_others_leave(self):
        broken = enqueue("broken", due_at=timezone.now() - timedelta(minutes=1))
        enqueue("fine")
        real_build = sending.build

        def build(message, connection=None):
            if message.pk == broken.pk:
                raise ValueError("a bug in this message")
            return real_build(message, connection)

        with mock.patch.object(sending, "build", build):
            with self.assertLogs("acunum.outbox.worker", "WARNING"):
                self.assertEqual(worker.run_once(), 1)
        broken.refresh_from_db()
        self.assertEqual(broken.status, Message.Status.PENDING)
        self.assertEqual(broken.last_error, "ValueError: a bug in this message")
        self.assertEqual([m["Subject"] for m in self.inbox.received], ["Sujet fine"])


class LeaseTests(SmtpServerMixin, TestCase):
    def test_a_crashed_workers_message_is_sent_by_another_once_its_lease_has_run_out(self):
        message = enqueue("m:1")
        now = timezone.now()
        # A worker claims the message, then dies before sending it (or before marking it sent).
        claimed = worker.claim("crashed-worker", now)
        self.assertEqual(claimed.pk, message.pk)
        message.refresh_from_db()
        self.assertEqual(message.status, Message.Status.SENDING)
        self.assertEqual(message.claimed_by, "crashed-worker")
        self.assertEqual(message.claimed_until, now + worker.LEASE)

        # While the lease runs, nobody else takes it.
        self.assertEqual(worker.run_once(now + worker.LEASE - timedelta(seconds=1)), 0)
        self.assertEqual(self.inbox.received, [])

        with self.assertLogs("acunum.outbox.worker", "WARNING") as logs:
            sent = worker.run_once(now + worker.LEASE + timedelta(seconds=1), worker="second")
        self.assertEqual(sent, 1)
        self.assertIn("crashed-worker stopped while sending", "\n".join(logs.output))
        message.refresh_from_db()
        self.assertEqual(message.status, Message.Status.SENT)
        self.assertEqual(message.claimed_by, "second")
        self.assertEqual(message.attempts, 2)
        self.assertIn("it may have been sent already", message.last_error)
        self.assertEqual(len(self.inbox.received), 1)

    def test_a_message_whose_workers_keep_dying_is_given_up_in_the_end(self):
        enqueue("m:1")
        now = timezone.now()
        self.assertIsNotNone(worker.claim("crashing", now))
        for _ in range(worker.MAX_ATTEMPTS - 1):
            now += worker.LEASE + timedelta(seconds=1)
            with self.assertLogs("acunum.outbox.worker", "WARNING"):
                self.assertIsNotNone(worker.claim("crashing", now))
        now += worker.LEASE + timedelta(seconds=1)
        with self.assertLogs("acunum.outbox.worker", "WARNING"):
            self.assertIsNone(worker.claim("crashing", now))
        message = Message.objects.get()
        self.assertEqual(message.status, Message.Status.FAILED)
        self.assertIn("stopped while sending", message.last_error)

    def test_marking_sent_a_message_another_worker_already_sent_warns_and_keeps_it_sent(self):
        message = enqueue("m:1")
        claimed = worker.claim("slow", timezone.now())
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.SENT, sent_at=timezone.now(), claimed_by="fast"
        )
        with self.assertLogs("acunum.outbox.worker", "WARNING") as logs:
            worker.mark_sent(claimed, "slow", "250 OK")
        self.assertIn("was sent again", "\n".join(logs.output))
        message.refresh_from_db()
        self.assertEqual((message.status, message.claimed_by), (Message.Status.SENT, "fast"))


class LoopTests(SmtpServerMixin, TransactionTestCase):
    """The loop in a thread of its own, with its own database connection, as in `acunum serve`."""

    def test_the_loop_sends_what_becomes_due_keeps_going_after_a_failed_round_and_stops(self):
        enqueue("m:1")
        rounds = []
        real_run_once = worker.run_once

        def run_once(**kwargs):
            rounds.append(1)
            if len(rounds) == 2:
                raise RuntimeError("the database went away")
            return real_run_once(**kwargs)

        with (
            mock.patch.object(worker, "run_once", run_once),
            self.assertLogs("acunum.outbox.worker", "ERROR") as logs,
        ):
            embedded = worker.start_in_thread(interval=0.05)
            self.wait_for(lambda: len(self.inbox.received) == 1)
            enqueue("m:2")  # enqueued while the loop runs: the next rounds send it
            self.wait_for(lambda: len(self.inbox.received) == 2)
            embedded.stop(timeout=10)
        self.assertFalse(embedded.thread.is_alive())
        self.assertIn("the database went away", "\n".join(logs.output))
        self.assertEqual(Message.objects.filter(status=Message.Status.SENT).count(), 2)

    def test_the_worker_command_sends_once_and_stops(self):
        enqueue("m:1")
        call_command("worker", "--once", verbosity=0)
        self.assertEqual(len(self.inbox.received), 1)

    def wait_for(self, condition, seconds: float = 20) -> None:
        event = threading.Event()
        deadline = timezone.now() + timedelta(seconds=seconds)
        while not condition():
            self.assertLess(timezone.now(), deadline, "the worker did not send in time")
            event.wait(0.05)


class ConfigurationTests(TestCase):
    def test_mail_is_configured_only_with_an_smtp_host(self):
        with override_settings(EMAIL_HOST=""):
            self.assertFalse(sending.mail_configured())
        with override_settings(EMAIL_HOST="smtp.example.org"):
            self.assertTrue(sending.mail_configured())

    def test_the_backoff_doubles_from_two_minutes_up_to_an_hour(self):
        self.assertEqual(
            [worker.backoff(n) // timedelta(minutes=1) for n in range(1, 9)],
            [2, 4, 8, 16, 32, 60, 60, 60],
        )

    def test_claiming_uses_skip_locked_where_the_database_has_it(self):
        self.assertEqual(
            connection.features.has_select_for_update_skip_locked,
            connection.vendor == "postgresql",
        )
