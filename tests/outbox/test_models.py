"""The outbox table: enqueue once per key, cancel what waits, keep every sent message as proof."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from acunum.cycles.models import Cycle, trainee_url
from acunum.outbox.models import (
    KINDS,
    PERSONAL_LINKS,
    STATUSES,
    Attachment,
    Message,
    ProofKept,
)
from acunum.programmes.loader import load_programme
from acunum.test import BaseTestCase, make_structure
from tests.cycles.test_enrolment_limit import run_together

PDF = b"%PDF-1.7\n\x00\xff binary"


def enqueue(key: str, **extra) -> Message:
    fields = {
        "to": "dominique@example.org",
        "subject": "Convocation",
        "body": "Bonjour,\n",
        "kind": Message.Kind.CONVOCATION,
    }
    return Message.objects.enqueue(key, **{**fields, **extra})


class EnqueueTests(BaseTestCase):
    def test_a_message_is_enqueued_pending_and_due_now_with_its_attachments(self):
        before = timezone.now()
        message = enqueue(
            "convocation:1:abc",
            enrolment=self.dominique,
            attachments=[
                ("convocation.pdf", PDF, "application/pdf"),
                ("b.txt", b"b", "text/plain"),
            ],
        )
        self.assertEqual(message.status, Message.Status.PENDING)
        self.assertGreaterEqual(message.due_at, before)
        self.assertEqual(message.attempts, 0)
        # The cycle follows from the enrolment, for the cycle's outbox page.
        self.assertEqual(message.cycle, self.cycle)
        first, second = message.attachments.all()
        self.assertEqual(
            (first.position, first.filename, first.mimetype),
            (1, "convocation.pdf", "application/pdf"),
        )
        self.assertEqual(bytes(first.content), PDF)
        self.assertEqual(first.size, len(PDF))
        self.assertEqual(first.sha256, hashlib.sha256(PDF).hexdigest())
        self.assertEqual(second.filename, "b.txt")

    def test_the_same_key_twice_enqueues_once_and_returns_the_first_unchanged(self):
        first = enqueue("invitation:5", attachments=[("a.pdf", PDF, "application/pdf")])
        again = enqueue(
            "invitation:5",
            subject="Another subject",
            attachments=[("b.pdf", b"other", "application/pdf")],
        )
        self.assertEqual(again.pk, first.pk)
        self.assertEqual(Message.objects.count(), 1)
        self.assertEqual(Message.objects.get().subject, "Convocation")
        self.assertEqual(list(Attachment.objects.values_list("filename", flat=True)), ["a.pdf"])

    def test_a_key_an_unknown_kind_or_an_empty_prefix_is_refused(self):
        with self.assertRaises(ValueError):
            enqueue("")
        with self.assertRaises(ValueError):
            enqueue("k", kind="spam")
        with self.assertRaises(ValueError):
            Message.objects.cancel_pending("")
        self.assertEqual(Message.objects.count(), 0)

    def test_cancel_pending_cancels_what_waits_under_the_prefix_and_nothing_else(self):
        waiting = enqueue("reminder:7:1")
        later = enqueue("reminder:7:2", due_at=timezone.now() + timedelta(days=3))
        other = enqueue("reminder:70:1")  # another prefix, though it starts alike
        sent = enqueue("reminder:7:0")
        Message.objects.filter(pk=sent.pk).update(status="sent", sent_at=timezone.now())
        sending = enqueue("reminder:7:3")
        Message.objects.filter(pk=sending.pk).update(
            status="sending", claimed_by="w", claimed_until=timezone.now()
        )

        self.assertEqual(Message.objects.cancel_pending("reminder:7:"), 2)

        status = dict(Message.objects.values_list("key", "status"))
        self.assertEqual(
            status,
            {
                waiting.key: "cancelled",
                later.key: "cancelled",
                other.key: "pending",
                sent.key: "sent",
                sending.key: "sending",
            },
        )

    def test_links_are_the_personal_links_in_the_body_moved_to_the_rooms_address(self):
        message = enqueue(
            "k",
            body="Votre lien :\nhttp://localhost:8000/s/AbC-_12/.\n"
            "Voir https://example.org/ailleurs et (http://localhost:8000/s/AbC-_12/q/9/)",
        )
        self.assertEqual(
            message.links(),
            ["http://localhost:8000/s/AbC-_12/", "http://localhost:8000/s/AbC-_12/q/9/"],
        )
        self.assertEqual(
            message.links("http://192.168.1.20:8000"),
            ["http://192.168.1.20:8000/s/AbC-_12/", "http://192.168.1.20:8000/s/AbC-_12/q/9/"],
        )

    def test_personal_links_start_where_the_trainees_link_starts(self):
        self.assertTrue(trainee_url(self.dominique_token).startswith(PERSONAL_LINKS))


class ConstraintTests(BaseTestCase):
    def assertRefused(self, **changes) -> None:
        message = enqueue(f"k{Message.objects.count()}")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Message.objects.filter(pk=message.pk).update(**changes)

    def test_the_database_refuses_states_that_do_not_hold_together(self):
        now = timezone.now()
        self.assertRefused(status="sent")  # sent, but when?
        self.assertRefused(sent_at=now)  # a moment of sending, but pending
        self.assertRefused(status="sending")  # sending, by nobody
        self.assertRefused(status="sending", claimed_by="w")  # without a lease's end
        self.assertRefused(status="failed")  # failed, without saying why
        self.assertRefused(status="lost")
        self.assertRefused(kind="spam")
        self.assertRefused(to="")
        self.assertRefused(key="")

    def test_the_constraints_know_every_kind_and_status(self):
        self.assertEqual(KINDS, Message.Kind.values)
        self.assertEqual(STATUSES, Message.Status.values)

    def test_consistent_states_are_accepted(self):
        message = enqueue("k")
        now = timezone.now()
        Message.objects.filter(pk=message.pk).update(
            status="sending", claimed_by="w", claimed_until=now
        )
        Message.objects.filter(pk=message.pk).update(status="sent", sent_at=now)
        Message.objects.filter(pk=enqueue("f").pk).update(status="failed", last_error="550")


class ProofTests(BaseTestCase):
    def sent(self, key: str, **extra) -> Message:
        message = enqueue(key, **extra)
        Message.objects.filter(pk=message.pk).update(status="sent", sent_at=timezone.now())
        message.refresh_from_db()
        return message

    def test_a_sent_message_cannot_be_deleted_one_by_one_or_in_bulk(self):
        message = self.sent("k")
        with self.assertRaises(ProofKept):
            message.delete()
        with self.assertRaises(ProofKept):
            Message.objects.all().delete()
        self.assertTrue(Message.objects.filter(pk=message.pk).exists())

    def test_a_message_never_sent_can_be_deleted(self):
        enqueue("k")
        Message.objects.all().delete()
        self.assertFalse(Message.objects.exists())

    def test_removing_a_trainee_keeps_her_sent_messages_and_cancels_those_waiting(self):
        sent = self.sent("convocation:d:1", enrolment=self.dominique)
        waiting = enqueue("invitation:d:2", enrolment=self.dominique)
        edens = enqueue("invitation:e:2", enrolment=self.eden)

        self.dominique.delete()

        sent.refresh_from_db()
        waiting.refresh_from_db()
        self.assertEqual(
            (sent.status, sent.enrolment_id, sent.cycle_id), ("sent", None, self.cycle.pk)
        )
        self.assertEqual((waiting.status, waiting.enrolment_id), ("cancelled", None))
        self.assertEqual(Message.objects.get(pk=edens.pk).status, "pending")
        self.assertEqual(sent.to, "dominique@example.org")  # who it went to, still said

    def test_deleting_a_cycle_keeps_its_messages(self):
        sent = self.sent("convocation:f:1", enrolment=self.farid)
        self.other_cycle.delete()
        sent.refresh_from_db()
        self.assertEqual((sent.status, sent.cycle_id, sent.enrolment_id), ("sent", None, None))


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class ConcurrentEnqueueTests(TransactionTestCase):
    def test_the_same_key_enqueued_by_eight_threads_at_once_is_one_message(self):
        version, _created = load_programme()
        cycle = Cycle.objects.create(programme_version=version, structure=make_structure("S"))

        results = run_together(
            lambda i: enqueue(
                "invitation:race", cycle=cycle, attachments=[(f"{i}.pdf", PDF, "application/pdf")]
            ),
            8,
        )
        self.assertEqual([r for r in results if not isinstance(r, Message)], [])
        self.assertEqual({r.pk for r in results}, {results[0].pk})
        self.assertEqual(Message.objects.count(), 1)
        self.assertEqual(Attachment.objects.count(), 1)
