"""Poll: one answer per person, a single choice or several; the projector shows the counts only
once the trainer reveals them (against group-think: Claper #25, ClassQuiz #378)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from acunum.workshops.kinds import Entry, Invalid, raw_values

VALUE = "poll"
MIN_CHOICES, MAX_CHOICES = 2, 10
MAX_CHOICE_LENGTH = 120


def _choice_lines(raw: Any) -> list[str]:
    # From the form, one choice per line; from the presets file, a list of texts.
    if isinstance(raw, str):
        return [" ".join(line.split()) for line in raw.splitlines() if line.strip()]
    if isinstance(raw, list) and all(isinstance(c, str) for c in raw):
        return [" ".join(c.split()) for c in raw if c.strip()]
    raise Invalid({"choices": _("Choices: a list of texts, one per line.")})


class Poll:
    value = VALUE

    def default_settings(self) -> dict:
        return {"choices": [], "multiple": False}

    def clean_settings(self, raw: Mapping[str, Any]) -> dict:
        choices = _choice_lines(raw.get("choices", ""))
        if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            raise Invalid(
                {
                    "choices": _("Choices: from %(min)s to %(max)s, one per line.")
                    % {"min": MIN_CHOICES, "max": MAX_CHOICES}
                }
            )
        for choice in choices:
            if len(choice) > MAX_CHOICE_LENGTH:
                raise Invalid(
                    {
                        "choices": _("Choices: “%(start)s…” is too long (%(max)s characters).")
                        % {"start": choice[:20], "max": MAX_CHOICE_LENGTH}
                    }
                )
        if len({c.casefold() for c in choices}) != len(choices):
            raise Invalid({"choices": _("Choices: the same choice is written twice.")})
        multiple = raw.get("multiple", False)
        if not isinstance(multiple, bool):
            raise Invalid({"multiple": _("Several answers: true or false.")})
        return {"choices": choices, "multiple": multiple}

    def validate(self, settings, data, sent, current=None) -> list[dict]:
        if sent:
            raise Invalid({"choice": _("You have already answered this poll.")})
        picked: list[int] = []
        for raw in raw_values(data, "choice"):
            if not raw.isdigit() or not 0 <= int(raw) < len(settings["choices"]):
                raise Invalid({"choice": _("This choice is not one of the poll’s.")})
            if int(raw) not in picked:
                picked.append(int(raw))
        if not picked:
            raise Invalid(
                {
                    "choice": _("Choose at least one answer.")
                    if settings["multiple"]
                    else _("Choose an answer.")
                }
            )
        if len(picked) > 1 and not settings["multiple"]:
            raise Invalid({"choice": _("Choose only one answer.")})
        return [{"choices": sorted(picked)}]

    def describe(self, settings, payload) -> str:
        return " ; ".join(settings["choices"][i] for i in payload["choices"])

    def aggregate(self, settings, entries: list[Entry], round: int) -> dict:
        counts = [0] * len(settings["choices"])
        for entry in entries:
            for i in entry.payload["choices"]:
                counts[i] += 1
        answers = len(entries)
        return {
            "choices": [
                {
                    "text": text,
                    "count": n,
                    # Of the people who answered: with several answers each, shares add up to
                    # more than 100 %, as the questionnaires' results do.
                    "percent": round_half_up(100 * n / answers) if answers else 0,
                }
                for text, n in zip(settings["choices"], counts, strict=True)
            ],
            "answers": answers,
            "multiple": settings["multiple"],
        }


def round_half_up(x: float) -> int:
    # Python's round() rounds 12.5 to 12 (to even); people expect 13.
    return int(x + 0.5)


KIND = Poll()
