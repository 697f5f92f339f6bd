"""Messages in the BaseTestCase world and the browser tests' world, for the outbox's pages.

Used by tests/test_access.py (to build each URL's arguments) and tests/e2e/test_pages.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from acunum.cycles.models import Cycle, Enrolment, trainee_url
from acunum.outbox.models import Message

PDF = b"%PDF-1.7\n% a convocation, as far as these tests care\n"


def sample_messages(cycle: Cycle, enrolment: Enrolment) -> list[Message]:
    """One message in each state a page can show: waiting with a link to hand out, sent with the
    server's answer, failed with its error, cancelled. Enqueued once: calling again returns the
    same ones."""
    token = enrolment.current_link() or enrolment.issue_link()
    link = settings.SITE_URL + trainee_url(token)
    name = enrolment.trainee.first_name
    now = timezone.now()
    waiting = Message.objects.enqueue(
        f"sample:convocation:{enrolment.pk}",
        to=enrolment.trainee.email,
        subject=f"Convocation : formation ACUNUM ({cycle.structure.name})",
        body=(
            f"Bonjour {name},\n\nVotre convocation est jointe.\n\nVotre lien personnel :\n{link}\n"
        ),
        kind=Message.Kind.CONVOCATION,
        enrolment=enrolment,
        attachments=[("convocation.pdf", PDF, "application/pdf")],
    )
    sent = Message.objects.enqueue(
        f"sample:invitation:{enrolment.pk}",
        to=enrolment.trainee.email,
        subject="Questionnaire de positionnement",
        body=f"Bonjour {name},\n\nRépondez ici : {link}\n",
        kind=Message.Kind.INVITATION,
        enrolment=enrolment,
        due_at=now - timedelta(days=2),
    )
    Message.objects.filter(pk=sent.pk, status=Message.Status.PENDING).update(
        status=Message.Status.SENT,
        sent_at=now - timedelta(days=2),
        attempts=1,
        claimed_by="test",
        smtp_reply="250 2.0.0 Ok: queued as 4ZxK2",
    )
    failed = Message.objects.enqueue(
        f"sample:reminder:{enrolment.pk}",
        to="adresse-erronee@example.org",
        subject="Rappel : questionnaire de positionnement",
        body=f"Bonjour {name},\n\nUn rappel.\n",
        kind=Message.Kind.REMINDER,
        enrolment=enrolment,
    )
    Message.objects.filter(pk=failed.pk, status=Message.Status.PENDING).update(
        status=Message.Status.FAILED,
        attempts=1,
        last_error="adresse-erronee@example.org: 550 5.1.1 No such user",
    )
    cancelled = Message.objects.enqueue(
        f"sample:cancelled:{enrolment.pk}",
        to=enrolment.trainee.email,
        subject="Rappel : satisfaction",
        body="Bonjour,\n",
        kind=Message.Kind.REMINDER,
        enrolment=enrolment,
    )
    Message.objects.cancel_pending(cancelled.key)
    return [waiting, sent, failed, cancelled]


def message_kwargs(t) -> dict:
    """For tests/test_access.py: Dominique's waiting convocation, with its attachment."""
    waiting = sample_messages(t.cycle, t.dominique)[0]
    return {"code": t.cycle.code, "message": waiting.code}


def attachment_kwargs(t) -> dict:
    return {**message_kwargs(t), "position": 1}


def outbox_url(w) -> str:
    """For the browser tests: the Passerelle's outbox, with a message in each state."""
    sample_messages(w.passerelle, w.enrolment)
    return reverse("outbox:cycle", args=[w.passerelle.code])


def message_url(w) -> str:
    waiting = sample_messages(w.passerelle, w.enrolment)[0]
    return reverse("outbox:message", args=[w.passerelle.code, waiting.code])
