from django import template
from django.db.models import Count

from acunum.outbox.models import Message
from acunum.outbox.sending import mail_configured

register = template.Library()

BADGES = {
    Message.Status.SENT: "badge-ok",
    Message.Status.FAILED: "badge-error",
    Message.Status.PENDING: "badge-warn",
    Message.Status.SENDING: "badge-warn",
}


@register.filter
def status_badge(status: str) -> str:
    """The badge class of a message's status: sent in green, failed in red, waiting in amber."""
    return BADGES.get(status, "")


@register.simple_tag
def cycle_outbox(cycle, enrolments) -> dict:
    """What the cycle page shows of its outbox: how many messages in each status, and each
    trainee's latest convocation. Two queries, whatever the number of trainees and messages."""
    counts = dict(cycle.messages.order_by().values_list("status").annotate(n=Count("pk")))
    latest = {}
    convocations = cycle.messages.filter(
        kind=Message.Kind.CONVOCATION, enrolment__isnull=False
    ).only("cycle_id", "enrolment_id", "status", "sent_at", "created_at")
    for message in convocations.order_by("created_at", "pk"):
        latest[message.enrolment_id] = message
    return {
        "configured": mail_configured(),
        "counts": [
            {"status": status, "label": status.label, "n": counts[status]}
            for status in Message.Status
            if counts.get(status)
        ],
        "total": sum(counts.values()),
        "rows": [{"enrolment": e, "convocation": latest.get(e.pk)} for e in enrolments],
    }
