"""Taking part: who a phone is for an activity, and storing what it sends, once."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from acunum.cycles.models import Enrolment
from acunum.workshops.kinds import Invalid, counted, dot_voting
from acunum.workshops.models import Activity, Contribution, Participant, Refused

# The kinds whose contributions from one person are linked by a ballot: a débat's moves (where
# the person stands now) and a dot vote's dots (which ones they may take back).
BALLOTED = (Activity.Kind.MOVING_DEBATE, Activity.Kind.DOT_VOTING)


@dataclass(frozen=True)
class Who:
    """Who sends: a trainee by their personal link, or a pseudonym joined with the code (and the
    participant their session remembers for this activity). `phone_secret` is a random value kept
    in the phone's own cookie: it makes an anonymous débat's ballot, see anonymous_ballot."""

    enrolment: Enrolment | None = None
    pseudonym: str = ""
    participant_id: str | None = None
    phone_secret: str = ""


@dataclass(frozen=True)
class Stored:
    participant: Participant
    contributions: list[Contribution]
    created: bool  # False when the same answer had already arrived


def refusal_for_state(activity: Activity) -> str | None:
    """Why this activity takes no answer now, or None when it does."""
    if activity.state == Activity.State.OPEN:
        return None
    if activity.state == Activity.State.DRAFT:
        return _("This activity has not started yet.")
    if activity.state == Activity.State.LOCKED:
        return _(
            "This activity is locked for the moment: it takes no answer. "
            "Wait for your trainer to open it again."
        )
    return _("This activity is over: it no longer takes answers.")


def anonymous_ballot(phone_secret: str, activity: Activity) -> str:
    """The ballot of an anonymous débat's moves (or dot vote's dots): the same for all moves of
    one phone in one activity, and computable only with the phone's secret, which the server
    never stores. The database links the moves to each other, not to a person (nor one
    activity's ballot to another's)."""
    digest = hmac.new(phone_secret.encode(), f"ballot:{activity.pk}".encode(), hashlib.sha256)
    return str(uuid.UUID(bytes=digest.digest()[:16]))


def participant_for(activity: Activity, who: Who, create: bool = False) -> Participant | None:
    """This person's row for the activity; created on their first answer when `create`."""
    if who.enrolment is not None:
        if create:
            participant, _created = Participant.objects.get_or_create(
                activity=activity, enrolment=who.enrolment
            )
            return participant
        return Participant.objects.filter(activity=activity, enrolment=who.enrolment).first()
    found = None
    if who.participant_id:
        found = Participant.objects.filter(
            pk=who.participant_id, activity=activity, enrolment=None
        ).first()
    if found is None and create:
        if not who.pseudonym:
            raise Refused(_("Choose a pseudonym first."))
        found = Participant.objects.create(activity=activity, pseudonym=who.pseudonym)
    return found


def ballot_of(activity: Activity, participant: Participant | None, who: Who) -> str:
    if activity.anonymous:
        return anonymous_ballot(who.phone_secret, activity) if who.phone_secret else ""
    return str(participant.pk) if participant else ""


def current_dots(activity: Activity, ballot: str) -> dict[int, int]:
    """The dots this ballot holds on each option of a dot vote."""
    if not ballot:
        return {}
    return dot_voting.held(
        list(activity.contributions.filter(ballot=ballot).values_list("payload", flat=True))
    )


def current_state(activity: Activity, ballot: str):
    """What a kind needs to know of the person's earlier contributions to check the next one."""
    if activity.kind == Activity.Kind.MOVING_DEBATE:
        return current_position(activity, ballot)
    if activity.kind == Activity.Kind.DOT_VOTING:
        return current_dots(activity, ballot)
    return None


def cookie_refusal(activity: Activity) -> str:
    if activity.kind == Activity.Kind.DOT_VOTING:
        return _("This phone refuses cookies: the vote needs one to count your dots.")
    return _("This phone refuses cookies: the debate needs one to follow you.")


def current_position(activity: Activity, ballot: str) -> int | None:
    """Where this ballot stands in the débat's current round (its latest move), or None."""
    if not ballot:
        return None
    latest = (
        activity.contributions.filter(ballot=ballot, round=activity.round)
        .order_by("-created_at")
        .values_list("payload", flat=True)
        .first()
    )
    return latest["position"] if latest else None


def _ids(client_id: uuid.UUID, count: int) -> list[uuid.UUID]:
    # One answer may hold several contributions (a word cloud's words): the first keeps the
    # phone's identifier, the others derive from it, so a repeated answer repeats them all.
    return [client_id] + [uuid.uuid5(client_id, str(n)) for n in range(1, count)]


def _already(activity: Activity, client_id: uuid.UUID, who: Who) -> Stored | None:
    existing = Contribution.objects.filter(pk=client_id).select_related("participant").first()
    if existing is None:
        return None
    if existing.activity_id != activity.pk:
        raise Refused(_("This answer cannot be accepted: reload the page and send it again."))
    participant = existing.participant or participant_for(activity, who)
    if participant is None or (
        who.enrolment is not None and participant.enrolment_id != who.enrolment.pk
    ):
        raise Refused(_("This answer cannot be accepted: reload the page and send it again."))
    return Stored(participant, [existing], created=False)


def contribute(
    activity: Activity, who: Who, client_id: uuid.UUID, data: Mapping[str, list[str]]
) -> Stored:
    """Store what a phone sent, or raise Refused (the state, a wrong identifier) or Invalid (the
    answer itself, by field). Sent twice with the same identifier, it is stored once and the
    second call answers as the first did."""
    if done := _already(activity, client_id, who):
        return done
    try:
        with transaction.atomic():
            # Under the activity's lock: its state and anonymity are those of this moment (a
            # change of either waits, see Activity.save), and one person's count is exact.
            locked = Activity.objects.select_for_update().get(pk=activity.pk)
            if refusal := refusal_for_state(locked):
                raise Refused(refusal)
            participant = participant_for(locked, who, create=True)
            balloted = locked.kind in BALLOTED
            if locked.anonymous and not who.phone_secret and balloted:
                raise Refused(cookie_refusal(locked))
            ballot = ballot_of(locked, participant, who)
            current = current_state(locked, ballot)
            payloads = locked.kind_module.validate(locked.settings, data, participant.sent, current)
            rows = [
                Contribution(
                    id=ident,
                    activity=locked,
                    participant=None if locked.anonymous else participant,
                    anonymous=locked.anonymous,
                    ballot=ballot if balloted else "",
                    round=locked.round,
                    payload=payload,
                )
                for ident, payload in zip(_ids(client_id, len(payloads)), payloads, strict=True)
            ]
            Contribution.objects.bulk_create(rows)
            Participant.objects.filter(pk=participant.pk).update(
                sent=F("sent") + counted(locked.kind_module, payloads)
            )
            Activity.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    except IntegrityError:
        # The same answer, sent twice at once: the other request stored it.
        if done := _already(activity, client_id, who):
            return done
        raise
    participant.refresh_from_db(fields=["sent"])
    return Stored(participant, rows, created=True)


__all__ = ["Invalid", "Refused", "Stored", "Who", "contribute", "participant_for"]
