"""Activity kinds: one small module each, with one interface.

A kind checks its settings (`clean_settings`), checks what a participant sends (`validate`: the
payloads to store, or `Invalid` naming the field in French), describes one stored payload in words
for the facilitator's queue (`describe`) and aggregates the visible contributions into what the
projector shows (`aggregate`). Nothing here touches the database: the kinds are plain functions of
their inputs, tested against values computed by hand.

Two attributes are optional: `counts(payload)`, how much a payload counts towards the person's
limit (one by default; a dot taken back gives one back), and `moderated`, whether the facilitator
may hide a contribution (true by default; a dot vote has nothing to hide).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

# A raw field sent by a phone is cut to this many characters before anything else: a huge POST
# never reaches the checks, and nothing that long is a valid answer anyway.
MAX_RAW = 1000


class Invalid(Exception):
    """What is wrong, by field: {"word": "…"}; the messages are French, for the person."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


@dataclass(frozen=True)
class Entry:
    """A stored contribution, as the kinds see it: no person, only what aggregation needs."""

    payload: dict
    round: int = 1
    ballot: str = ""  # the same for every move of one person in a débat, whoever they are
    rank: int | None = None  # where the facilitator put a post-it in its column, once arranged
    key: str = ""  # the contribution's identifier, given to the facilitator's screen only


class Kind(Protocol):
    value: str

    def default_settings(self) -> dict: ...

    def clean_settings(self, raw: Mapping[str, Any]) -> dict: ...

    def validate(
        self, settings: dict, data: Mapping[str, list[str]], sent: int, current: Any = None
    ) -> list[dict]: ...

    def describe(self, settings: dict, payload: dict) -> str: ...

    def aggregate(self, settings: dict, entries: list[Entry], round: int) -> dict: ...


def raw_values(data: Mapping[str, list[str]], field: str) -> list[str]:
    """The values of a field as sent (a QueryDict's list, or a list in tests), each cut short."""
    values = data.get(field) or []
    if isinstance(values, str):
        values = [values]
    return [str(v)[:MAX_RAW] for v in values]


def whole(raw: Any, field: str, low: int, high: int, message: str) -> int:
    """A whole number between low and high, from a form's text or a TOML number."""
    if isinstance(raw, bool):
        raise Invalid({field: message})
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise Invalid({field: message}) from None
    if not low <= value <= high:
        raise Invalid({field: message})
    return value


def counted(kind: Kind, payloads: list[dict]) -> int:
    """How much payloads count towards a person's limit (Participant.sent): one each, except for
    a kind that says otherwise (a dot taken back gives the dot back)."""
    counts = getattr(kind, "counts", None)
    return sum(counts(p) for p in payloads) if counts else len(payloads)


def lines(raw: Any, field: str, message: str) -> list[str]:
    """A list of short texts: one per line from a form, or a list from the presets file; spaces
    collapsed, empty lines dropped."""
    if isinstance(raw, str):
        return [" ".join(line.split()) for line in raw.splitlines() if line.strip()]
    if isinstance(raw, list) and all(isinstance(c, str) for c in raw):
        return [" ".join(c.split()) for c in raw if c.strip()]
    raise Invalid({field: message})


def registry() -> dict[str, Kind]:
    from acunum.workshops.kinds import (
        dot_voting,
        moving_debate,
        poll,
        post_it_wall,
        timeline,
        word_cloud,
    )

    return {
        k.value: k
        for k in (
            word_cloud.KIND,
            poll.KIND,
            moving_debate.KIND,
            post_it_wall.KIND,
            timeline.KIND,
            dot_voting.KIND,
        )
    }


def get(value: str) -> Kind:
    return registry()[value]
