"""What the projector and the facilitator's page show of an activity, as one JSON-ready dict.

The same dict renders the pages (templates) and answers their polling (views/live.py), so that the
first paint and every update agree. The projector never receives a hidden contribution, nor the
results before the trainer shows them.
"""

from __future__ import annotations

import hashlib

from django.utils import formats, timezone
from django.utils.translation import get_language

from acunum.workshops.kinds import Entry
from acunum.workshops.models import Activity

PROJECTOR, FACILITATOR = "projector", "facilitator"
# The facilitator's queue lists the latest contributions; older ones stay in the results.
QUEUE_LENGTH = 200


def etag(activity: Activity, audience: str) -> str:
    """Changes with anything either screen shows (the version) and with the language of the
    labels; the audience apart, as the two answers differ."""
    return f'"{activity.pk}.{activity.version}.{audience}.{get_language()}"'


def phase_etag(activity: Activity) -> str:
    """What changes a participant's page: the state (launched, locked, closed) and the débat's
    round, not each answer, so that a room of phones asking is answered 304 nearly always."""
    return f'"{activity.join_code}.{activity.state}.{activity.round}"'


def running_etag(activities) -> str:
    """What changes a trainee's list of activities: which ones run, and whether each is locked."""
    running = "|".join(sorted(f"{a.join_code}.{a.state}" for a in activities))
    return '"' + hashlib.sha256(running.encode()).hexdigest()[:20] + '"'


def snapshot(activity: Activity, audience: str) -> dict:
    contributions = list(
        activity.contributions.select_related("participant__enrolment__trainee").order_by(
            "created_at", "pk"
        )
    )
    visible = [c for c in contributions if not c.hidden]
    kind = activity.kind_module
    show = audience == FACILITATOR or activity.results_shown
    # The facilitator's screen acts on a post-it (move, hide): its results carry identifiers.
    keyed = audience == FACILITATOR
    data = {
        "version": activity.version,
        "kind": activity.kind,
        "kind_label": activity.get_kind_display(),
        "state": activity.state,
        "state_label": activity.get_state_display(),
        "title": activity.title,
        "prompt": activity.prompt,
        "anonymous": activity.anonymous,
        "results_shown": activity.results_shown,
        "round": activity.round,
        "code": activity.spaced_code,
        "participants": activity.participants.contributors().count(),
        "contributions": len(visible),
        "results": (
            kind.aggregate(
                activity.settings,
                [
                    Entry(c.payload, c.round, c.ballot, c.rank, str(c.pk) if keyed else "")
                    for c in visible
                ],
                activity.round,
            )
            if show
            else None
        ),
    }
    if audience == FACILITATOR:
        data["hidden"] = len(contributions) - len(visible)
        data["moderated"] = getattr(kind, "moderated", True)
        data["queue"] = [
            {
                "id": str(c.pk),
                "text": kind.describe(activity.settings, c.payload),
                "who": c.participant.name if c.participant else "",
                "round": c.round,
                "time": formats.time_format(timezone.localtime(c.created_at), "H:i:s"),
                "hidden": c.hidden,
            }
            for c in reversed(contributions[-QUEUE_LENGTH:])
        ]
    return data
