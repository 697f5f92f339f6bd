"""Invitations to answer the open questionnaires, and reminders to those who have not answered.

`enqueue_due(now)` is an outbox producer (registered in apps.py): the worker calls it before each
round of sending. Each message has a key naming the questionnaire, the cycle and the person, so a
second call enqueues nothing twice. Reminders are enqueued only when they fall due, never ahead:
an answer then simply stops them, and no cancelled reminder in the outbox tells when an anonymous
questionnaire was answered. The emails carry the person's own link and nothing else: no tracking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from acunum.accounts.models import Organisation, User
from acunum.cycles.models import Cycle, Enrolment
from acunum.evaluation import due
from acunum.evaluation.models import Participation, QuestionnaireVersion, Response
from acunum.evaluation.questionnaire import Respondent
from acunum.outbox.models import Message


@dataclass(frozen=True)
class Recipient:
    key: str  # "<enrolment pk>" or "contact-<user pk>", in the message keys
    email: str
    first_name: str
    link: str
    enrolment: Enrolment | None = None


def person_key(enrolment: Enrolment | None = None, user=None) -> str:
    return str(enrolment.pk) if enrolment is not None else f"contact-{user.pk}"


def invitation_key(slug: str, cycle: Cycle, person: str) -> str:
    return f"invitation:{slug}:{cycle.pk}:{person}"


def reminder_key(slug: str, cycle: Cycle, person: str, n: int) -> str:
    return f"reminder:{slug}:{cycle.pk}:{person}:{n}"


def reminder_prefix(slug: str, cycle: Cycle, who) -> str | None:
    """The keys of this person's reminders for this questionnaire (the trailing colon keeps
    enrolment 1 from matching enrolment 12); None for a trainer, who is not reminded."""
    if who.subject is not None:
        return None
    if who.enrolment is None and who.user is None:
        return None
    return f"reminder:{slug}:{cycle.pk}:{person_key(who.enrolment, who.user)}:"


def cancel_pending(prefix: str) -> int:
    return Message.objects.cancel_pending(prefix)


def trainee_recipient(enrolment: Enrolment, slug: str) -> Recipient | None:
    token = enrolment.current_link()
    if token is None:
        return None  # revoked, or issued under another secret key: the link cannot be printed
    path = reverse("evaluation:trainee-answer", args=[token, slug])
    return Recipient(
        key=person_key(enrolment),
        email=enrolment.trainee.email,
        first_name=enrolment.trainee.first_name,
        link=settings.SITE_URL + path,
        enrolment=enrolment,
    )


def contact_recipient(user: User, cycle: Cycle, slug: str) -> Recipient | None:
    if not user.email or not user.is_active:
        return None
    path = reverse("evaluation:staff-answer", args=[cycle.code, slug])
    return Recipient(
        key=person_key(user=user),
        email=user.email,
        first_name=user.first_name,
        link=settings.SITE_URL + path,
    )


def next_message(
    person: str, slug: str, cycle: Cycle, sent: dict[str, datetime], now: datetime
) -> tuple[str, int] | None:
    """The key and number (0: the invitation) of the message due to this person now, if any.

    Each reminder counts from the message before it (ACUNUM_REMINDER_DAYS are days after the
    invitation): after a few days with no worker, reminders resume one at a time instead of
    arriving all at once.
    """
    invitation = invitation_key(slug, cycle, person)
    if invitation not in sent:
        return invitation, 0
    previous, previous_day = sent[invitation], 0
    for n, day in enumerate(settings.REMINDER_DAYS, start=1):
        key = reminder_key(slug, cycle, person, n)
        if key not in sent:
            if now >= previous + timedelta(days=day - previous_day):
                return key, n
            return None
        previous, previous_day = sent[key], day
    return None


def enqueue_due(now: datetime | None = None) -> int:
    """Enqueue what is due now, for every active cycle; returns how many messages were added."""
    # The emails are French content: their dates too, whatever language the worker runs in.
    with translation.override("fr"):
        return _enqueue_due(now or timezone.now())


def _enqueue_due(now: datetime) -> int:
    versions = {
        slug: v
        for slug, v in QuestionnaireVersion.objects.current().items()
        if v.questionnaire.respondent in (Respondent.TRAINEE, Respondent.CONTACT)
        and slug in due.WINDOWS
        # The trainer's own questionnaires are on their pages; they are not emailed.
    }
    if not versions:
        return 0
    # Only the schedules first: the people are read for the few cycles where something is open.
    cycles = (
        Cycle.objects.active()
        .select_related("programme_version__programme", "structure")
        .prefetch_related("slots")
    )
    organisation = Organisation.current()
    added = 0
    for cycle in cycles:
        windows = due.cycle_windows(cycle, cycle.slots.all())
        # Open to someone now (the positioning opens at each enrolment, hence the check below).
        open_now = [
            (versions[slug], w)
            for slug, w in windows.items()
            if slug in versions
            and w.cycle_active
            and (w.closes is None or now < w.closes)
            and (w.opens is None or w.opens <= now)
        ]
        if open_now:
            added += _enqueue_cycle(cycle, open_now, organisation, now)
    return added


def _enqueue_cycle(cycle: Cycle, open_now, organisation, now) -> int:
    prefetch_related_objects(
        [cycle],
        Prefetch("enrolments", queryset=Enrolment.objects.select_related("trainee")),
        Prefetch("structure__contacts", queryset=User.objects.filter(is_active=True)),
    )
    answered = set(
        Participation.objects.filter(cycle=cycle).values_list("questionnaire", "enrolment_id")
    )
    contacts_answered = set(
        Response.objects.filter(
            cycle=cycle, respondent_user__isnull=False, subject=None
        ).values_list("questionnaire", "respondent_user_id")
    )
    sent = dict(
        Message.objects.filter(
            cycle=cycle, kind__in=[Message.Kind.INVITATION, Message.Kind.REMINDER]
        ).values_list("key", "due_at")
    )
    added = 0
    for version, window in open_now:
        slug = version.slug
        if version.questionnaire.respondent == Respondent.TRAINEE:
            recipients = [
                trainee_recipient(e, slug)
                for e in cycle.enrolments.all()
                if (slug, e.pk) not in answered and window.is_open(now, e)
            ]
        else:
            recipients = [
                contact_recipient(u, cycle, slug)
                for u in cycle.structure.contacts.all()
                if (slug, u.pk) not in contacts_answered
            ]
        for recipient in filter(None, recipients):
            found = next_message(recipient.key, slug, cycle, sent, now)
            if found is None:
                continue
            key, n = found
            context = {
                "recipient": recipient,
                "questionnaire": version.questionnaire,
                "cycle": cycle,
                "closes": window.closes,
                "reminder": n,
                "organisation": organisation,
            }
            subject = render_to_string("evaluation/emails/questionnaire-subject.txt", context)
            Message.objects.enqueue(
                key,
                to=recipient.email,
                subject=subject.strip(),
                body=render_to_string("evaluation/emails/questionnaire-body.txt", context),
                kind=Message.Kind.REMINDER if n else Message.Kind.INVITATION,
                cycle=cycle,
                enrolment=recipient.enrolment,
                due_at=now,
            )
            added += 1
    return added
