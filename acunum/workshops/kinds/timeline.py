"""Ligne de vie: each trainee adds the "firsts" of their digital life (a year and a few words:
"2003, premier téléphone portable"); the projector pools them into one collective frise.

The frise is anonymised whatever the activity's setting: the same event in the same year is
merged into one line with its count, and lines are in the order of years, then of words; never
in the order they arrived, which would keep one person's events together. Years are grouped one
by one, or by decade when they span widely (a group of several generations).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acunum.workshops.kinds import Entry, Invalid, raw_values, whole

VALUE = "timeline"
FIRST_YEAR = 1950
MAX_LABEL_LENGTH = 120
MAX_EVENTS_PER_PERSON = 20
# From the first year to the last, more than this and the frise groups years by decade: a dozen
# lines stay readable on a projector, forty do not.
WIDE_SPAN = 15


def this_year() -> int:
    return timezone.localdate().year


def clean_label(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    return " ".join(text.split())


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def pooled(entries: list[Entry]) -> list[dict]:
    """Each (year, event) once with its count, by year then words, whoever wrote it."""
    merged: dict[tuple[int, str], dict] = {}
    for entry in entries:
        year, text = entry.payload["year"], entry.payload["label"]
        line = merged.setdefault((year, text.casefold()), {"year": year, "text": text, "count": 0})
        line["count"] += 1
    return sorted(merged.values(), key=lambda e: (e["year"], _sort_key(e["text"]), e["text"]))


class Timeline:
    value = VALUE

    def default_settings(self) -> dict:
        return {"events_per_person": 8}

    def clean_settings(self, raw: Mapping[str, Any]) -> dict:
        n = whole(
            raw.get("events_per_person", 8),
            "events_per_person",
            1,
            MAX_EVENTS_PER_PERSON,
            _("Events per person: a whole number from 1 to %(max)s.")
            % {"max": MAX_EVENTS_PER_PERSON},
        )
        return {"events_per_person": n}

    def validate(self, settings, data, sent, current=None) -> list[dict]:
        errors = {}
        last = this_year()
        years = raw_values(data, "year")
        year = None
        if not years or not years[0].strip():
            errors["year"] = _("Year: write the year, for example %(example)s.") % {"example": 2004}
        else:
            try:
                year = whole(
                    years[0],
                    "year",
                    FIRST_YEAR,
                    last,
                    _("Year: a year from %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": last},
                )
            except Invalid as invalid:
                errors.update(invalid.errors)
        labels = raw_values(data, "label")
        label = clean_label(labels[0]) if labels else ""
        if not label:
            errors["label"] = _("Event: say in a few words what it was.")
        elif len(label) > MAX_LABEL_LENGTH:
            errors["label"] = _("Event: %(max)s characters at most (yours has %(n)s).") % {
                "max": MAX_LABEL_LENGTH,
                "n": len(label),
            }
        if errors:
            raise Invalid(errors)
        allowed = settings["events_per_person"]
        if sent >= allowed:
            raise Invalid(
                {
                    "label": ngettext(
                        "You have added your event: this timeline takes %(max)s per person.",
                        "You have added your %(max)s events: the most this timeline takes.",
                        allowed,
                    )
                    % {"max": allowed}
                }
            )
        return [{"year": year, "label": label}]

    def describe(self, settings, payload) -> str:
        return f"{payload['year']} · {payload['label']}"

    def aggregate(self, settings, entries: list[Entry], round: int) -> dict:
        events = pooled(entries)
        by_decade = bool(events) and events[-1]["year"] - events[0]["year"] > WIDE_SPAN
        groups: list[dict] = []
        for event in events:
            start = event["year"] - event["year"] % 10 if by_decade else event["year"]
            if not groups or groups[-1]["start"] != start:
                label = _("The %(decade)ss") % {"decade": start} if by_decade else str(start)
                groups.append({"start": start, "label": label, "events": []})
            groups[-1]["events"].append(event)
        return {
            "by": "decade" if by_decade else "year",
            "groups": groups,
            "events": len(entries),
        }


KIND = Timeline()
