"""Convocations by email: one message per trainee, with their convocation PDF attached.

The key is `convocation:<enrolment pk>:<first 12 characters of the link's digest>`: sending the
convocations twice enqueues nothing new, and a trainee whose link was replaced gets a new
convocation, carrying the link that works (a convocation of the old link still waiting is
cancelled). "Send again" for one trainee adds `:2`, `:3`… to the key.

This module reads the documents app (the convocation is a document); the rest of the outbox
reads nothing below the cycles, so that the evaluation app can send through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.text import slugify

from acunum.accounts.models import Referent
from acunum.cycles.models import Cycle, Enrolment, trainee_url
from acunum.documents.convocation import convocation
from acunum.documents.facts import CycleFacts
from acunum.documents.french import french_day, french_duration, french_hours, full_title
from acunum.documents.sheets import Incomplete
from acunum.outbox.models import Message

WAITING = [Message.Status.PENDING, Message.Status.SENDING]


def key_of(enrolment: Enrolment) -> str:
    return f"convocation:{enrolment.pk}:{(enrolment.token_hash or '')[:12]}"


@dataclass
class Queued:
    added: list[Message]
    already: int  # trainees whose convocation of their current link was already in the outbox


def send_convocations(cycle: Cycle, *, now=None) -> Queued:
    """Enqueue the convocation of every trainee who has not had one for their current link
    (`now`: the convocations' date, today by default).

    All or nothing: if any convocation cannot be issued, Incomplete lists everything missing
    (once each) and nothing is enqueued.
    """
    facts = CycleFacts.load(cycle)
    enrolments = facts.enrolments
    for enrolment in enrolments:
        enrolment.cycle = cycle
    existing = set(
        Message.objects.filter(key__in=[key_of(e) for e in enrolments]).values_list(
            "key", flat=True
        )
    )
    todo = [e for e in enrolments if key_of(e) not in existing]
    pdfs, missing = {}, []
    for enrolment in todo:
        try:
            pdfs[enrolment.pk] = convocation(
                enrolment, base_url=settings.SITE_URL, now=now, facts=facts
            )
        except Incomplete as e:
            missing += [m for m in e.missing if m not in missing]
    if missing:
        raise Incomplete(missing)
    with transaction.atomic():
        added = [_enqueue(e, key_of(e), pdfs[e.pk], facts) for e in todo]
    return Queued(added=added, already=len(enrolments) - len(todo))


def resend_convocation(enrolment: Enrolment) -> tuple[Message, bool]:
    """The trainee's convocation once more (a lost email, a full mailbox): (message, added).

    A convocation still waiting to be sent is not doubled: it is returned, and added is False.
    Two clicks at once compute the same key, so they enqueue one message.
    """
    facts = CycleFacts.load(enrolment.cycle)
    if not enrolment.token_hash:
        # A revoked link: the convocation refuses, saying to issue a new one first.
        convocation(enrolment, base_url=settings.SITE_URL, facts=facts)
    base = key_of(enrolment)
    previous = Message.objects.filter(key__startswith=base)
    if waiting := previous.filter(status__in=WAITING).first():
        return waiting, False
    count = previous.count()
    key = f"{base}:{count + 1}" if count else base
    pdf = convocation(enrolment, base_url=settings.SITE_URL, facts=facts)
    with transaction.atomic():
        message = _enqueue(enrolment, key, pdf, facts)
    return message, True


def _enqueue(enrolment: Enrolment, key: str, pdf: bytes, facts: CycleFacts) -> Message:
    # A convocation of a replaced link, still waiting, would hand out a link that no longer
    # works: it gives way to this one.
    Message.objects.filter(
        status=Message.Status.PENDING, key__startswith=f"convocation:{enrolment.pk}:"
    ).exclude(key__startswith=key_of(enrolment)).update(status=Message.Status.CANCELLED)
    trainee = enrolment.trainee
    name = slugify(f"{trainee.last_name} {trainee.first_name}") or str(enrolment.seat)
    context = _context(enrolment, facts)
    return Message.objects.enqueue(
        key,
        to=trainee.email,
        subject=render_to_string("outbox/emails/convocation_subject.txt", context).strip(),
        body=render_to_string("outbox/emails/convocation.txt", context).strip() + "\n",
        kind=Message.Kind.CONVOCATION,
        cycle=enrolment.cycle,
        enrolment=enrolment,
        attachments=[(f"convocation-{name}.pdf", pdf, "application/pdf")],
    )


def _context(enrolment: Enrolment, facts: CycleFacts) -> dict:
    """What the email says, in French like the convocation it carries."""
    cycle, organisation, first = enrolment.cycle, facts.organisation, facts.slots[0]
    referent = organisation.referents.get(role=Referent.Role.DISABILITY)
    version = cycle.programme_version
    return {
        "first_name": enrolment.trainee.first_name,
        "programme": full_title(version),
        "programme_short": version.programme.title,
        "organisation": organisation.name,
        "structure": cycle.structure.name,
        "half_days": len(facts.slots),
        "duration": french_duration(sum(slot.minutes for slot in facts.slots)),
        "first_day": french_day(first.date),
        "first_hours": french_hours(first),
        "place": cycle.place.strip(),
        "link": settings.SITE_URL + trainee_url(enrolment.current_link()),
        "referent_name": referent.name,
        "referent_email": referent.email,
    }
