"""The outbox: every email Acunum sends is first a row here, then sent by the worker.

A row is the proof of a sending (Qualiopi indicator 9: the trainee was told in time): who it was
for, what it said, the exact bytes of its attachments, when the SMTP server accepted it and what
the server answered. Sent rows are never deleted.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from urllib.parse import urlsplit

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acunum.cycles.models import Cycle, Enrolment


class ProofKept(Exception):
    """A sent message is the proof of a sending: it is never deleted."""


class MessageQuerySet(models.QuerySet):
    def enqueue(
        self,
        key: str,
        *,
        to: str,
        subject: str,
        body: str,
        kind: str,
        cycle: Cycle | None = None,
        enrolment: Enrolment | None = None,
        due_at=None,
        attachments=(),
    ) -> Message:
        """The message with this key, added to the outbox if it is not there yet.

        The key says what the message is for (`convocation:<enrolment>:<link>`), so that asking
        twice (a double click, a producer that runs again, two workers at once) sends once: the
        key is unique in the database, and a second enqueue returns the first message unchanged,
        whatever it says. `attachments` are (filename, bytes, mimetype), kept byte for byte.
        """
        if not key:
            raise ValueError("A message needs a key.")
        if kind not in Message.Kind.values:
            raise ValueError(f"Unknown kind of message: {kind!r}.")
        files = [(name, bytes(content), mimetype) for name, content, mimetype in attachments]
        if enrolment is not None and cycle is None:
            cycle = enrolment.cycle
        # One transaction: a worker never sees the message without its attachments. Two
        # enqueues of the same key at once: the second one's INSERT waits for the first to
        # commit, fails on the unique key, and get_or_create then returns the first's row.
        with transaction.atomic(using=self.db):
            message, created = self.get_or_create(
                key=key,
                defaults={
                    "to": to,
                    "subject": subject,
                    "body": body,
                    "kind": kind,
                    "cycle": cycle,
                    "enrolment": enrolment,
                    "due_at": due_at or timezone.now(),
                },
            )
            if created and files:
                Attachment.objects.using(self.db).bulk_create(
                    Attachment(
                        message=message,
                        position=n,
                        filename=name,
                        mimetype=mimetype,
                        content=content,
                        size=len(content),
                        sha256=hashlib.sha256(content).hexdigest(),
                    )
                    for n, (name, content, mimetype) in enumerate(files, start=1)
                )
        return message

    def cancel_pending(self, key_prefix: str) -> int:
        """Cancel the messages not sent nor being sent whose key starts with key_prefix (an
        answer arrived, a link was replaced); returns how many."""
        if not key_prefix:
            raise ValueError("An empty prefix would cancel every pending message.")
        return self.filter(status=Message.Status.PENDING, key__startswith=key_prefix).update(
            status=Message.Status.CANCELLED
        )

    def claimable(self, now) -> MessageQuerySet:
        """Due messages, and those whose worker's lease ran out (it stopped while sending)."""
        return self.filter(
            Q(status=Message.Status.PENDING, due_at__lte=now)
            | Q(status=Message.Status.SENDING, claimed_until__lt=now)
        )

    def delete(self):
        if self.filter(status=Message.Status.SENT).exists():
            raise ProofKept("Sent messages are the proof of their sending: they are kept.")
        return super().delete()


def cancel_and_unlink(collector, field, sub_objs, using):
    """on_delete of a message's enrolment (a trainee removed from the cycle): the messages stay
    as proof, no longer linked to it, and those still waiting are cancelled, so that nobody is
    written to about a training they left. (The status update is scheduled first: the unlinking
    would otherwise hide the rows it selects.)"""
    waiting = sub_objs.model.objects.filter(
        pk__in=[m.pk for m in sub_objs], status=Message.Status.PENDING
    )
    collector.add_field_update(
        sub_objs.model._meta.get_field("status"), Message.Status.CANCELLED, waiting
    )
    models.SET_NULL(collector, field, sub_objs, using)


URL = re.compile(r"https?://\S+")
# Where every trainee's personal link starts (cycles:trainee-home is /s/<token>/).
PERSONAL_LINKS = "/s/"
# For the constraints below (Meta cannot see the choices nested in Message).
KINDS = ["convocation", "invitation", "reminder", "other"]
STATUSES = ["pending", "sending", "sent", "failed", "cancelled"]


class Message(models.Model):
    class Kind(models.TextChoices):
        CONVOCATION = "convocation", _("Convocation")
        INVITATION = "invitation", _("Invitation to a questionnaire")
        REMINDER = "reminder", _("Reminder")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # What the message is for, unique: the same key enqueued twice is one message.
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    # For the cycle's outbox page. Deleting a cycle or a trainee keeps the proof (see above).
    cycle = models.ForeignKey(
        Cycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=cancel_and_unlink, related_name="messages"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    # A lease: the worker sending the message holds it until claimed_until; one that dies lets
    # it go when the lease runs out, and another worker takes it then.
    claimed_by = models.CharField(max_length=200, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The SMTP server's answer to the message, such as "250 2.0.0 Ok: queued as 4ZxK2".
    smtp_reply = models.TextField(_("server’s answer"), blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(condition=~Q(key=""), name="outbox_key_not_empty"),
            models.CheckConstraint(condition=~Q(to=""), name="outbox_to_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=KINDS), name="outbox_kind_known"),
            models.CheckConstraint(condition=Q(status__in=STATUSES), name="outbox_status_known"),
            # Sent, and only sent, has the moment the server accepted it.
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="outbox_sent_has_sent_at",
            ),
            # Being sent means a worker holds a lease on it.
            models.CheckConstraint(
                condition=~Q(status="sending")
                | (~Q(claimed_by="") & Q(claimed_until__isnull=False)),
                name="outbox_sending_is_claimed",
            ),
            # A failure says why.
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(last_error=""), name="outbox_failed_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    def delete(self, *args, **kwargs):
        if self.status == self.Status.SENT:
            raise ProofKept("A sent message is the proof of its sending: it is kept.")
        return super().delete(*args, **kwargs)

    def links(self, base: str | None = None) -> list[str]:
        """The personal links in the body (a trainee's page, or a questionnaire under it), to
        hand out in the room when no email can be sent. With `base`, they start with that
        address instead of the one they were written with: the room's network may not be the
        one the message was written on (see attendance.views.cards.link_base)."""
        found = []
        for url in URL.findall(self.body):
            parts = urlsplit(url.rstrip(".,;:)»"))
            if parts.path.startswith(PERSONAL_LINKS):
                found.append((base or f"{parts.scheme}://{parts.netloc}") + parts.path)
        return found


class Attachment(models.Model):
    """A file sent with a message, kept byte for byte with its SHA-256: the proof of what was
    sent, even after the document it was issued from has changed."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField()
    filename = models.CharField(_("file name"), max_length=200)
    mimetype = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "position"], name="outbox_attachment_position"
            ),
            models.CheckConstraint(condition=~Q(filename=""), name="outbox_attachment_named"),
        ]

    def __str__(self) -> str:
        return self.filename
