"""Comparing with the group: what a trainee's browser sends is checked, hashed with the cycle's
key and kept until the cycle's end; each person sees how many share their values, the trainer
sees per attribute how the group spreads, and nobody sees anyone's values.

The lab is open until the evening of the cycle's last half-day: a comparison is refused after
that, and purge_ended (run by the outbox's worker before each round) deletes the cycle's key
and, with it, every submission.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acunum.cycles.models import Cycle, Enrolment, Slot
from acunum.traces.attributes import BY_ID, COMPARED_IDS, SENT_BY_SCRIPT
from acunum.traces.models import CycleKey, Submission, Trace

MAX_ATTRIBUTES = 40
MAX_VALUE_LENGTH = 200
# The script sends each value as a form field named after its attribute: "attr.screen".
FIELD_PREFIX = "attr."
NOT_SENT = {"csrfmiddlewaretoken"}
ENDED_STATUSES = (Cycle.Status.CANCELLED, Cycle.Status.CLOSED)


class Refused(Exception):
    pass


def _label(name: str) -> str:
    attribute = BY_ID.get(name)
    return str(attribute.label) if attribute else name[:40]


def checked(posted) -> dict[str, str]:
    """The values the page's script sent (a QueryDict), or Refused saying what is wrong.

    Only the attributes a script reads; each once, as a text of at most MAX_VALUE_LENGTH
    characters with no control character. One bad field refuses the whole submission: what is
    kept is a trainee's comparison as their browser made it, or nothing.
    """
    fields = [key for key in posted if key not in NOT_SENT]
    if len(fields) > MAX_ATTRIBUTES:
        raise Refused(
            _("Too many attributes were sent (%(n)s, %(max)s at most): nothing was kept.")
            % {"n": len(fields), "max": MAX_ATTRIBUTES}
        )
    values = {}
    for field in fields:
        name = field.removeprefix(FIELD_PREFIX) if field.startswith(FIELD_PREFIX) else None
        if name not in BY_ID:
            raise Refused(
                _("“%(name)s” is not an attribute of the lab: nothing was kept.")
                % {"name": field[:40]}
            )
        if name not in SENT_BY_SCRIPT:
            raise Refused(
                _("“%(label)s” is not sent by the page: nothing was kept.")
                % {"label": _label(name)}
            )
        sent = posted.getlist(field)
        if len(sent) != 1:
            raise Refused(
                _("“%(label)s” was sent more than once: nothing was kept.")
                % {"label": _label(name)}
            )
        value = sent[0]
        if len(value) > MAX_VALUE_LENGTH:
            raise Refused(
                _(
                    "The value of “%(label)s” is too long (%(max)s characters at most): "
                    "nothing was kept."
                )
                % {"label": _label(name), "max": MAX_VALUE_LENGTH}
            )
        if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
            raise Refused(
                _("The value of “%(label)s” contains control characters: nothing was kept.")
                % {"label": _label(name)}
            )
        values[name] = value
    return values


def last_day(cycle: Cycle) -> date | None:
    return cycle.slots.aggregate(last=Max("date"))["last"]


def closed_because(cycle: Cycle, now: datetime) -> str:
    """Why the lab keeps nothing for this cycle now, or "" while it is open."""
    if cycle.status in ENDED_STATUSES:
        return _("The cycle is over: comparing is closed, and nothing is kept any more.")
    last = last_day(cycle)
    if last is None:
        return _("Comparing opens once the half-days of the cycle are scheduled.")
    if timezone.localdate(now) > last:
        return _("The cycle is over: comparing is closed, and nothing is kept any more.")
    return ""


def digest(secret: str, attribute: str, value: str) -> str:
    # A newline cannot be part of an id: "a" + "bc" and "ab" + "c" stay apart.
    message = f"{attribute}\n{value}".encode()
    return hmac.new(bytes.fromhex(secret), message, hashlib.sha256).hexdigest()


def compare(enrolment: Enrolment, sent: dict[str, str], passive: dict[str, str], now: datetime):
    """Keep the digests of this trainee's values, in place of their previous comparison.

    `sent` comes from checked(); `passive` from the comparison's own request (passive.py), and
    wins over anything sent under the same name.
    """
    refusal = closed_because(enrolment.cycle, now)
    if refusal:
        raise Refused(refusal)
    values = {**sent, **passive}
    with transaction.atomic():
        # One comparison at a time per trainee (a double tap): the second waits for the first,
        # then replaces it.
        list(Enrolment.objects.select_for_update().filter(pk=enrolment.pk).values_list("pk"))
        key, _created = CycleKey.objects.get_or_create(
            cycle=enrolment.cycle, defaults={"secret": secrets.token_hex(32)}
        )
        Submission.objects.filter(enrolment=enrolment).delete()
        submission = Submission.objects.create(key=key, enrolment=enrolment, submitted_at=now)
        Trace.objects.bulk_create(
            Trace(submission=submission, attribute=name, digest=digest(key.secret, name, value))
            for name, value in values.items()
            if name in COMPARED_IDS
        )
    return submission


def forget(enrolment: Enrolment) -> bool:
    """The trainee takes their comparison back; True if there was one."""
    deleted, _counts = Submission.objects.filter(enrolment=enrolment).delete()
    return deleted > 0


def _groups(key_id: int, attributes=None) -> dict[str, Counter]:
    """Attribute → digest → how many submissions under this key have it."""
    rows = Trace.objects.filter(submission__key_id=key_id)
    if attributes is not None:
        rows = rows.filter(attribute__in=attributes)
    groups: dict[str, Counter] = defaultdict(Counter)
    for attribute, value, n in (
        rows.values("attribute", "digest")
        .annotate(n=Count("pk"))
        .values_list("attribute", "digest", "n")
    ):
        groups[attribute][value] = n
    return groups


@dataclass(frozen=True)
class Share:
    others: int  # how many others have the same value
    compared: int  # how many compared this attribute, the trainee included

    @property
    def alone(self) -> bool:
        return self.others == 0 and self.compared > 1

    def sentence(self) -> str:
        if self.compared <= 1:
            return _("Nobody else has compared yet: the figure comes when others do.")
        if self.others == 0:
            # Never singular: it takes two who compared.
            return _(
                "Nobody else among the %(n)s in the group who compared has this value: it "
                "singles you out."
            ) % {"n": self.compared}
        return ngettext(
            "You share this value with %(others)s other of the %(n)s in the group who compared.",
            "You share this value with %(others)s others of the %(n)s in the group who compared.",
            self.others,
        ) % {"others": self.others, "n": self.compared}


def shares(submission: Submission) -> dict[str, Share]:
    """For each attribute of this trainee's comparison, how many others share the value: counted
    from digests, in one query, and never telling whose."""
    own = dict(submission.traces.values_list("attribute", "digest"))
    groups = _groups(submission.key_id, list(own))
    return {
        attribute: Share(
            others=groups[attribute][value] - 1, compared=sum(groups[attribute].values())
        )
        for attribute, value in own.items()
    }


def summary(found: dict[str, Share]) -> str:
    alone = sum(1 for share in found.values() if share.alone)
    if not any(share.compared > 1 for share in found.values()):
        return _("You are the first to compare: come back once others have.")
    if alone == 0:
        return _(
            "None of your values is yours alone in the group. Their combination may still be: "
            "that is what a fingerprint is."
        )
    return ngettext(
        "%(n)s of your values is yours alone in the group: the combination of all of them is "
        "then yours alone too.",
        "%(n)s of your values are yours alone in the group: the combination of all of them is "
        "then yours alone too.",
        alone,
    ) % {"n": alone}


@dataclass(frozen=True)
class Figures:
    compared: int  # how many compared this attribute
    distinct: int  # how many different values
    largest: int  # the size of the largest group sharing one value
    alone: int  # how many are alone with their value


def group_figures(cycle: Cycle) -> tuple[int, dict[str, Figures]]:
    """How many compared, and for each attribute how the group spreads: counts only."""
    key = CycleKey.objects.filter(cycle=cycle).first()
    if key is None:
        return 0, {}
    figures = {}
    for attribute, counter in _groups(key.pk).items():
        sizes = list(counter.values())
        figures[attribute] = Figures(
            compared=sum(sizes),
            distinct=len(sizes),
            largest=max(sizes),
            alone=sum(1 for n in sizes if n == 1),
        )
    return key.submissions.count(), figures


def purge_ended(now: datetime) -> int:
    """The outbox's producer: delete the key, and with it every submission, of each cycle that
    is over (the day of its last half-day has passed, or it is closed or cancelled); returns how
    many cycles were purged. One query when there is nothing to delete."""
    last = Slot.objects.filter(cycle=OuterRef("cycle")).order_by("-date").values("date")[:1]
    ended = list(
        CycleKey.objects.annotate(last_date=Subquery(last))
        .filter(Q(last_date__lt=timezone.localdate(now)) | Q(cycle__status__in=ENDED_STATUSES))
        .values_list("pk", flat=True)
    )
    if ended:
        CycleKey.objects.filter(pk__in=ended).delete()
    return len(ended)
