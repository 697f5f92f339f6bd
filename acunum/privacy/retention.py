"""The retention policy: what is kept how long, and why; what has expired at a given moment.

Each rule names a category of personal data, its duration and the basis of that duration, finds
what has expired at `now` (each row with the date its duration counts from), and purges it. The
`retention` command prints what each rule finds, and purges it unless asked for a dry run.
Every rule finds only what is still there to purge, so running the policy again purges nothing
more: it is safe to run every day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from acunum.accounts import audit
from acunum.accounts.models import AuditEntry
from acunum.attendance.models import Refusal
from acunum.checklist.models import StepStatus, UsedPlatform
from acunum.cycles.models import Cycle, Enrolment, NeedsAnalysis, Slot, Trainee
from acunum.outbox.models import Message
from acunum.privacy import erasure, evidence, scrub
from acunum.privacy.models import Erasure
from acunum.traces.comparing import ENDED_STATUSES
from acunum.traces.models import CycleKey, Submission
from acunum.workshops.models import Participant

# The durations the law does not set, from the CNIL's recommendations.
REQUEST_CONTACT_YEARS = 3  # prospects who never became clients
MESSAGE_DAYS = 365
REFUSAL_DAYS = 365
AUDIT_LOG_DAYS = 365  # the CNIL recommends 6 months to a year for access logs


@dataclass
class Found:
    """What a rule found expired: the rows (ids, or a queryset) and the date each counts from."""

    rows: object
    dates: list[date] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.dates)


@dataclass(frozen=True)
class Rule:
    key: str
    label: Promise
    duration: Promise
    basis: Promise
    find: Callable[[datetime], Found]
    purge: Callable[[Found, datetime], None]


def _today(now: datetime) -> date:
    return timezone.localdate(now)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


# Evidence of the trainings: full anonymisation of the trainees none of whose evidence is kept.


def _evidence(now: datetime) -> Found:
    anonymised = set(
        Erasure.objects.filter(scope=Erasure.Scope.FULL).values_list("trainee_number", flat=True)
    )
    today = _today(now)
    expired = {
        pk: ends
        for pk, ends in evidence.ends_by_trainee().items()
        if pk not in anonymised and not ends.evidence_kept(today)
    }
    ordered = sorted(expired, key=lambda pk: (expired[pk].last, pk))
    return Found(ordered, [expired[pk].last for pk in ordered])


def _anonymise(found: Found, now: datetime) -> None:
    for trainee in Trainee.objects.filter(pk__in=found.rows).order_by("pk"):
        erasure.erase(trainee, None, erasure.retention_reason(), now)
        audit.write(
            None,
            AuditEntry.Action.ERASE,
            trainee,
            gettext("retention policy: full anonymisation"),
            at=now,
        )


# Contact data and accessibility needs, once the personal links have stopped working.


def _link_cutoff(now: datetime) -> date:
    return _today(now) - timedelta(days=settings.LINK_DAYS_AFTER_END)


def _contact(now: datetime) -> Found:
    cutoff = _link_cutoff(now)
    linked = Enrolment.objects.filter(trainee=OuterRef("pk"), token_hash__isnull=False)
    held = Trainee.objects.filter(
        ~Q(email="") | ~Q(phone="") | ~Q(job="") | ~Q(accessibility_needs="") | Exists(linked)
    )
    ends = evidence.ends_by_trainee()
    ordered = sorted(
        (pk for pk in held.values_list("pk", flat=True) if pk in ends),
        key=lambda pk: (ends[pk].last or date.max, pk),
    )
    ordered = [pk for pk in ordered if ends[pk].all_ended_before(cutoff)]
    return Found(ordered, [ends[pk].last for pk in ordered])


def _purge_contact(found: Found, now: datetime) -> None:
    for trainee in Trainee.objects.filter(pk__in=found.rows):
        scrub.contact(trainee)
        scrub.links(list(trainee.enrolments.values_list("pk", flat=True)))


# What a trainee did in the room, per enrolment, once the links have stopped working.


def _per_enrolment(*models) -> Callable[[datetime], Found]:
    def find(now: datetime) -> Found:
        ids, dates = [], []
        for model in models:
            rows = evidence.ended_before(
                model.objects.filter(enrolment__isnull=False), _link_cutoff(now), "enrolment__cycle"
            ).values_list("pk", "cycle_end", "enrolment__cycle__created_at")
            for pk, end, created_at in rows:
                ids.append((model, pk))
                dates.append(end or _day(created_at))
        return Found(ids, dates)

    return find


def _delete_rows(found: Found, now: datetime) -> None:
    for model in {model for model, _pk in found.rows}:
        model.objects.filter(pk__in=[pk for m, pk in found.rows if m is model]).delete()


def _detach_participants(found: Found, now: datetime) -> None:
    ids = [pk for _model, pk in found.rows]
    enrolments = Participant.objects.filter(pk__in=ids).values_list("enrolment_id", flat=True)
    scrub.workshops(list(set(enrolments)))


# The traces lab: as comparing.purge_ended, with each cycle's end.


def _traces(now: datetime) -> Found:
    last = Slot.objects.filter(cycle=OuterRef("key__cycle")).order_by("-date").values("date")[:1]
    rows = (
        Submission.objects.annotate(last_date=Subquery(last))
        .filter(Q(last_date__lt=_today(now)) | Q(key__cycle__status__in=ENDED_STATUSES))
        .values_list("key_id", "last_date", "submitted_at")
    )
    keys, dates = set(), []
    for key, last_date, submitted_at in rows:
        keys.add(key)
        dates.append(last_date or _day(submitted_at))
    return Found(sorted(keys), sorted(dates))


def _purge_traces(found: Found, now: datetime) -> None:
    # The key, and every submission made under it (acunum/traces/models.py).
    CycleKey.objects.filter(pk__in=found.rows).delete()


# Requests that never became a training: the contact of a prospect.


def _requests(now: datetime) -> Found:
    cutoff = _years_before(_today(now), REQUEST_CONTACT_YEARS)
    enrolled = Enrolment.objects.filter(cycle=OuterRef("cycle"))
    analyses = (
        NeedsAnalysis.objects.filter(
            received_at__date__lt=cutoff,
            cycle__status__in=[Cycle.Status.REQUEST, Cycle.Status.QUOTED, Cycle.Status.CANCELLED],
        )
        .exclude(Exists(enrolled))
        .exclude(contact_email=scrub.ERASED_EMAIL)
        .order_by("received_at", "pk")
    )
    rows = list(analyses.values_list("pk", "received_at"))
    return Found([pk for pk, _at in rows], [_day(at) for _pk, at in rows])


def _purge_requests(found: Found, now: datetime) -> None:
    analyses = NeedsAnalysis.objects.filter(pk__in=found.rows)
    analyses.update(
        contact_name="",
        contact_email=scrub.ERASED_EMAIL,
        contact_phone="",
        disability_needs="",
        client_digest="",
    )
    analyses.exclude(conversation_with="").update(conversation_with=scrub.ERASED_TEXT)


# Emails: the proof that they were sent stays, not what they said nor to whom.


def _messages(now: datetime) -> Found:
    cutoff = now - timedelta(days=MESSAGE_DAYS)
    done = Q(status=Message.Status.SENT, sent_at__lt=cutoff) | Q(
        status__in=[Message.Status.FAILED, Message.Status.CANCELLED], created_at__lt=cutoff
    )
    rows = list(
        Message.objects.filter(done)
        .exclude(to=scrub.ERASED_EMAIL)
        .order_by("created_at", "pk")
        .values_list("pk", "sent_at", "created_at")
    )
    return Found([pk for pk, *_at in rows], [_day(sent or created) for _pk, sent, created in rows])


def _purge_messages(found: Found, now: datetime) -> None:
    scrub.messages(Message.objects.filter(pk__in=found.rows))


def _older_than(queryset, field_name: str, days: int) -> Callable[[datetime], Found]:
    def find(now: datetime) -> Found:
        rows = list(
            queryset()
            .filter(**{f"{field_name}__lt": now - timedelta(days=days)})
            .order_by(field_name, "pk")
            .values_list("pk", field_name)
        )
        return Found([pk for pk, _at in rows], [_day(at) for _pk, at in rows])

    return find


def _deleter(model) -> Callable[[Found, datetime], None]:
    def purge(found: Found, now: datetime) -> None:
        model.objects.filter(pk__in=found.rows).delete()

    return purge


def _sessions(now: datetime) -> Found:
    rows = list(
        Session.objects.filter(expire_date__lt=now)
        .order_by("expire_date")
        .values_list("session_key", "expire_date")
    )
    return Found([key for key, _at in rows], [_day(at) for _key, at in rows])


RULES = [
    Rule(
        "evidence",
        _("Evidence of the trainings (full anonymisation of the trainees)"),
        _("%(years)s years after the end of the year of the cycle’s last half-day"),
        _(
            "Legal obligation (RGPD art. 6.1.c and 17.3.b): the supporting pieces the funders "
            "control, kept 6 years (10 with European funds)."
        ),
        _evidence,
        _anonymise,
    ),
    Rule(
        "contact",
        _("Trainees’ contact data, accessibility needs and personal links"),
        _("%(days)s days after the last half-day of their last cycle"),
        _(
            "Needed until the cold satisfaction and the accompaniment's first months; health "
            "data (RGPD art. 9) kept no longer than needed."
        ),
        _contact,
        _purge_contact,
    ),
    Rule(
        "checklist",
        _("Checklists (platforms used, steps)"),
        _("%(days)s days after the last half-day of the cycle"),
        _("Useful to the trainee while they can open it with their personal link."),
        _per_enrolment(UsedPlatform, StepStatus),
        _delete_rows,
    ),
    Rule(
        "workshops",
        _("Participation in in-room activities"),
        _("%(days)s days after the last half-day of the cycle"),
        _(
            "Useful to the trainee while they can open it with their personal link; the group's "
            "results stay, detached from the person."
        ),
        _per_enrolment(Participant),
        _detach_participants,
    ),
    Rule(
        "traces",
        _("Traces lab comparisons"),
        _("the day after the cycle’s last half-day"),
        _("Only the comparison in the room needs them."),
        _traces,
        _purge_traces,
    ),
    Rule(
        "requests",
        _("Contact of requests that never became a training"),
        _("%(requests)s years after the request was received"),
        _("CNIL: prospects’ data, 3 years from the last contact."),
        _requests,
        _purge_requests,
    ),
    Rule(
        "messages",
        _("Emails: address, body and attachments"),
        _("%(messages)s days after sending"),
        _("The proof that a message was sent, and when, is kept; not what it said nor to whom."),
        _messages,
        _purge_messages,
    ),
    Rule(
        "refusals",
        _("Refused signing attempts (with IP addresses)"),
        _("%(refusals)s days"),
        _("Useful to the trainer in the room only."),
        _older_than(Refusal.objects.all, "created_at", REFUSAL_DAYS),
        _deleter(Refusal),
    ),
    Rule(
        "audit",
        _("Audit log of staff actions"),
        _("%(audit)s days"),
        _("CNIL: access logs kept 6 months to a year."),
        _older_than(AuditEntry.objects.all, "at", AUDIT_LOG_DAYS),
        _deleter(AuditEntry),
    ),
    Rule(
        "sessions",
        _("Expired login sessions"),
        _("when they expire"),
        _("Of no use once expired (Django’s clearsessions)."),
        _sessions,
        _deleter(Session),
    ),
]


def duration(rule: Rule) -> str:
    return str(rule.duration) % {
        "years": settings.RETENTION_EVIDENCE_YEARS,
        "days": settings.LINK_DAYS_AFTER_END,
        "requests": REQUEST_CONTACT_YEARS,
        "messages": MESSAGE_DAYS,
        "refusals": REFUSAL_DAYS,
        "audit": AUDIT_LOG_DAYS,
    }


def plan(now: datetime | None = None) -> list[tuple[Rule, Found]]:
    """What purge(now) would find and purge, changing nothing: the purge itself, rolled back.

    Run for real rather than estimated, so that the figures are the purge's own: a trainee
    anonymised by the first rule has no contact data left for the second to count."""
    with transaction.atomic():
        found = purge(now)
        transaction.set_rollback(True)
    return found


def purge(now: datetime | None = None) -> list[tuple[Rule, Found]]:
    """Purge what has expired at `now`, each rule in its own transaction, in order; returns what
    each rule found (and purged)."""
    now = now or timezone.now()
    done = []
    for rule in RULES:
        with transaction.atomic():
            found = rule.find(now)
            if found.count:
                rule.purge(found, now)
        done.append((rule, found))
    return done
