"""Débat mouvant: a divisive statement, each person on a five-position scale, moving when an
argument touches them. The room stays physical; the app logs every move (a contribution each) and
shows where the group stands now, round after round.

A person's current position is their latest move of the round. Moves of one person share a
ballot: their participant's code when the activity is named, and for an anonymous one a value
that only their phone can compute (see contributing.anonymous_ballot), so that the database links
the moves to each other but not to anybody.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acunum.workshops.kinds import Entry, Invalid, raw_values, whole
from acunum.workshops.kinds.poll import round_half_up

VALUE = "moving_debate"
MAX_ROUNDS = 5
MAX_STATEMENT_LENGTH = 300
# Far more than an hour of debate needs: a stuck button or a script cannot flood the log.
MAX_MOVES_PER_PERSON = 100
POSITIONS = {
    1: gettext_lazy("Strongly agree"),
    2: gettext_lazy("Rather agree"),
    3: gettext_lazy("Undecided"),
    4: gettext_lazy("Rather disagree"),
    5: gettext_lazy("Strongly disagree"),
}


def label(position: int | None) -> str:
    return str(POSITIONS[position]) if position in POSITIONS else _("not placed")


def current_positions(entries: list[Entry], round: int) -> dict[str, int]:
    """Each ballot's latest position in the round; entries come in the order they were made."""
    latest: dict[str, int] = {}
    for entry in entries:
        if entry.round == round:
            latest[entry.ballot] = entry.payload["position"]
    return latest


def distribution(positions: dict[str, int]) -> list[dict]:
    placed = len(positions)
    counts = {p: 0 for p in POSITIONS}
    for position in positions.values():
        counts[position] += 1
    return [
        {
            "position": p,
            "text": str(POSITIONS[p]),
            "count": counts[p],
            "percent": round_half_up(100 * counts[p] / placed) if placed else 0,
        }
        for p in POSITIONS
    ]


class MovingDebate:
    value = VALUE

    def default_settings(self) -> dict:
        return {"statement": "", "rounds": 2}

    def clean_settings(self, raw: Mapping[str, Any]) -> dict:
        statement = raw.get("statement", "")
        if not isinstance(statement, str) or not statement.strip():
            raise Invalid({"statement": _("Statement: write the sentence to debate.")})
        statement = " ".join(statement.split())
        if len(statement) > MAX_STATEMENT_LENGTH:
            raise Invalid(
                {
                    "statement": _("Statement: %(max)s characters at most.")
                    % {"max": MAX_STATEMENT_LENGTH}
                }
            )
        rounds = whole(
            raw.get("rounds", 2),
            "rounds",
            1,
            MAX_ROUNDS,
            _("Rounds: a whole number from 1 to %(max)s.") % {"max": MAX_ROUNDS},
        )
        return {"statement": statement, "rounds": rounds}

    def validate(self, settings, data, sent, current=None) -> list[dict]:
        values = raw_values(data, "position")
        if not values or not values[0].strip():
            raise Invalid({"position": _("Choose a position.")})
        position = whole(
            values[0], "position", 1, len(POSITIONS), _("This position is not on the scale.")
        )
        if position == current:
            raise Invalid({"position": _("You are already at this position.")})
        if sent >= MAX_MOVES_PER_PERSON:
            raise Invalid({"position": _("You have moved too many times in this debate.")})
        return [{"position": position, "from": current}]

    def describe(self, settings, payload) -> str:
        if payload.get("from") is None:
            return label(payload["position"])
        return f"{label(payload['from'])} → {label(payload['position'])}"

    def aggregate(self, settings, entries: list[Entry], round: int) -> dict:
        now = current_positions(entries, round)
        return {
            "statement": settings["statement"],
            "round": round,
            "rounds": settings["rounds"],
            "positions": distribution(now),
            "placed": len(now),
            "moves": sum(1 for e in entries if e.round == round),
            # Where the group ended each earlier round, to compare.
            "earlier": [
                {"round": r, "positions": distribution(current_positions(entries, r))}
                for r in range(1, round)
            ],
        }


KIND = MovingDebate()
