"""Demo emails, so that the outboxes show at once what they are for.

The finished cycle's convocations went out three weeks before its first half-day: they are kept
as sent, with their PDF, as the proof an auditor asks for. The current cycle's convocations and
its positioning invitations wait in its outbox, as they do on a laptop with no mail server: the
page shows the link of each, to hand out in the room.
"""

from __future__ import annotations

from datetime import timedelta

from acunum.cycles.models import Cycle
from acunum.evaluation.reminders import enqueue_due
from acunum.outbox.convocations import send_convocations
from acunum.outbox.models import Message


def record(current: Cycle, finished: Cycle, now) -> None:
    sent_at = finished.slots.order_by("date", "start").first().starts_at() - timedelta(days=21)
    send_convocations(finished, now=sent_at - timedelta(minutes=2))
    Message.objects.filter(cycle=finished).update(
        status=Message.Status.SENT,
        created_at=sent_at - timedelta(minutes=2),
        due_at=sent_at - timedelta(minutes=2),
        sent_at=sent_at,
        attempts=1,
        smtp_reply="250 2.0.0 Ok: queued (serveur de démonstration)",
    )
    send_convocations(current)
    enqueue_due(now)
