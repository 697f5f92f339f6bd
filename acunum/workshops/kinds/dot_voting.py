"""Dot voting (vote par gommettes): options set by the trainer, N dots per person, several dots on
one option if one wishes; a dot can be taken back while the activity is open. The totals, highest
first, are shown once the trainer reveals them, as for a poll.

Every dot placed and every dot taken back is a contribution ({"option": i, "change": +1 or -1}),
so that a retry is stored once and the facilitator sees the votes move. A person's dots share a
ballot, as a débat's moves do (see contributing.anonymous_ballot): it finds the dots they may
take back, and links them to each other but not to anybody in an anonymous vote. The limit is
counted on the participant (Participant.sent: dots placed now), so that a second phone does not
bring more dots.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acunum.workshops.kinds import Entry, Invalid, lines, raw_values, whole
from acunum.workshops.kinds.poll import round_half_up

VALUE = "dot_voting"
MIN_OPTIONS, MAX_OPTIONS = 2, 12
MAX_OPTION_LENGTH = 120
MAX_DOTS = 10


def held(payloads: list[dict]) -> dict[int, int]:
    """Dots on each option after these changes (those of one ballot: what one person holds)."""
    dots: dict[int, int] = {}
    for payload in payloads:
        dots[payload["option"]] = dots.get(payload["option"], 0) + payload["change"]
    return {option: n for option, n in dots.items() if n > 0}


def _option(settings: dict, values: list[str]) -> int:
    raw = values[0].strip()
    if not raw.isdigit() or not 0 <= int(raw) < len(settings["options"]):
        raise Invalid({"option": _("This option is not one of the vote’s.")})
    return int(raw)


class DotVoting:
    value = VALUE
    # Hiding a dot would make the totals lie (a dot taken back, hidden, would come back): there
    # is nothing to moderate in a vote on the trainer's own options.
    moderated = False

    def default_settings(self) -> dict:
        return {"options": [], "dots_per_person": 3}

    def clean_settings(self, raw: Mapping[str, Any]) -> dict:
        options = lines(
            raw.get("options", ""), "options", _("Options: a list of texts, one per line.")
        )
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            raise Invalid(
                {
                    "options": _("Options: from %(min)s to %(max)s, one per line.")
                    % {"min": MIN_OPTIONS, "max": MAX_OPTIONS}
                }
            )
        for option in options:
            if len(option) > MAX_OPTION_LENGTH:
                raise Invalid(
                    {
                        "options": _("Options: “%(start)s…” is too long (%(max)s characters).")
                        % {"start": option[:20], "max": MAX_OPTION_LENGTH}
                    }
                )
        if len({o.casefold() for o in options}) != len(options):
            raise Invalid({"options": _("Options: the same option is written twice.")})
        dots = whole(
            raw.get("dots_per_person", 3),
            "dots_per_person",
            1,
            MAX_DOTS,
            _("Dots per person: a whole number from 1 to %(max)s.") % {"max": MAX_DOTS},
        )
        return {"options": options, "dots_per_person": dots}

    def counts(self, payload: dict) -> int:
        return payload["change"]

    def validate(self, settings, data, sent, current=None) -> list[dict]:
        """`sent` is the dots the person has placed now, `current` their ballot's dots by option."""
        current = current or {}
        taken = raw_values(data, "take_back")
        if taken and taken[0].strip():
            option = _option(settings, taken)
            if current.get(option, 0) <= 0 or sent <= 0:
                raise Invalid(
                    {
                        "option": _("You have no dot on “%(option)s” to take back.")
                        % {"option": settings["options"][option]}
                    }
                )
            return [{"option": option, "change": -1}]
        values = raw_values(data, "option")
        if not values or not values[0].strip():
            raise Invalid({"option": _("Choose the option to put a dot on.")})
        option = _option(settings, values)
        allowed = settings["dots_per_person"]
        if sent >= allowed:
            raise Invalid(
                {
                    "option": ngettext(
                        "You have already placed your dot.",
                        "You have already placed your %(n)s dots.",
                        allowed,
                    )
                    % {"n": allowed}
                }
            )
        return [{"option": option, "change": 1}]

    def describe(self, settings, payload) -> str:
        option = settings["options"][payload["option"]]
        if payload["change"] < 0:
            return _("Dot taken back from “%(option)s”") % {"option": option}
        return _("Dot on “%(option)s”") % {"option": option}

    def aggregate(self, settings, entries: list[Entry], round: int) -> dict:
        totals = [0] * len(settings["options"])
        for entry in entries:
            totals[entry.payload["option"]] += entry.payload["change"]
        dots = sum(totals)
        ranked = sorted(range(len(totals)), key=lambda i: (-totals[i], i))
        return {
            "options": [
                {
                    "index": i,
                    "text": settings["options"][i],
                    "count": totals[i],
                    "percent": round_half_up(100 * totals[i] / dots) if dots else 0,
                }
                for i in ranked
            ],
            "dots": dots,
            "dots_per_person": settings["dots_per_person"],
        }


KIND = DotVoting()
