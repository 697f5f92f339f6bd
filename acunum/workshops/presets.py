"""The activities proposed for each day (presets.toml), checked, and copied into a cycle's day.

The programme file is left alone (a change there is a new programme version); the presets are
read each time they are copied, so a corrected file serves the next day opened. An error names
the file, the day, the activity and the field, and nothing is copied.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from acunum.cycles.models import Cycle
from acunum.programmes.models import Sequence
from acunum.workshops import kinds
from acunum.workshops.models import Activity, ProposedDay

PRESETS_FILE = Path(__file__).parent / "presets.toml"
DAY_CODE = re.compile(r"^[A-Z]{1,3}[0-9]{1,2}$")
COMMON_KEYS = {"kind", "title", "prompt", "anonymous", "results_shown"}
SETTINGS_KEYS = {
    "word_cloud": {"words_per_person"},
    "poll": {"choices", "multiple"},
    "moving_debate": {"statement", "rounds"},
    "post_it_wall": {"columns"},
    "timeline": {"events_per_person"},
    "dot_voting": {"options", "dots_per_person"},
}
MAX_TITLE = 200
MAX_PROMPT = 1000


@dataclass(frozen=True)
class Preset:
    kind: str
    title: str
    prompt: str = ""
    anonymous: bool = False
    results_shown: bool = False
    settings: dict = field(default_factory=dict)


class PresetFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _problem(filename: str, day: str, number: int, title: str, key: str, reason: str) -> str:
    if not day:
        return _("%(file)s: field “%(field)s”: %(reason)s") % {
            "file": filename,
            "field": key,
            "reason": reason,
        }
    return _("%(file)s: %(day)s, activity %(n)s (“%(title)s”), field “%(field)s”: %(reason)s") % {
        "file": filename,
        "day": day,
        "n": number,
        "title": title,
        "field": key,
        "reason": reason,
    }


def _check_entry(entry: dict, fail) -> Preset | None:
    kind = entry.get("kind")
    if kind not in SETTINGS_KEYS:
        fail(
            "kind",
            _("must be one of: %(values)s")
            % {"values": ", ".join(f"“{k}”" for k in SETTINGS_KEYS)},
        )
        return None
    for key in sorted(set(entry) - COMMON_KEYS - SETTINGS_KEYS[kind]):
        if any(key in keys for keys in SETTINGS_KEYS.values()):
            fail(key, _("not a setting of this kind of activity"))
        else:
            fail(key, _("unknown field (a typing mistake?)"))
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        fail("title", _("expected a non-empty text"))
    elif len(title) > MAX_TITLE:
        fail("title", _("%(max)s characters at most") % {"max": MAX_TITLE})
    prompt = entry.get("prompt", "")
    if not isinstance(prompt, str):
        fail("prompt", _("expected a text"))
    elif len(prompt) > MAX_PROMPT:
        fail("prompt", _("%(max)s characters at most") % {"max": MAX_PROMPT})
    flags = {}
    for key in ("anonymous", "results_shown"):
        flags[key] = entry.get(key, False)
        if not isinstance(flags[key], bool):
            fail(key, _("expected true or false"))
    try:
        settings = kinds.get(kind).clean_settings(
            {k: v for k, v in entry.items() if k in SETTINGS_KEYS[kind]}
        )
    except kinds.Invalid as invalid:
        for key, message in invalid.errors.items():
            fail(key, message)
        return None
    return Preset(
        kind=kind,
        title=title if isinstance(title, str) else "",
        prompt=prompt if isinstance(prompt, str) else "",
        settings=settings,
        **flags,
    )


def check(data: dict, filename: str) -> tuple[dict[str, list[Preset]], list[str]]:
    problems: list[str] = []
    days: dict[str, list[Preset]] = {}
    if data.get("format") != 1:
        problems.append(
            _problem(filename, "", 0, "", "format", _("unknown format version (expected 1)"))
        )
    for day, entries in data.items():
        if day == "format":
            continue
        if not DAY_CODE.match(day):
            problems.append(
                _problem(filename, "", 0, "", day, _("unknown field (a typing mistake?)"))
            )
            continue
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            problems.append(
                _problem(
                    filename,
                    "",
                    0,
                    "",
                    day,
                    _("expected a list of tables ([[%(day)s]])") % {"day": day},
                )
            )
            continue
        days[day] = []
        for number, entry in enumerate(entries, start=1):
            title = entry.get("title") if isinstance(entry.get("title"), str) else ""

            def fail(key, reason, number=number, title=title, day=day):
                problems.append(_problem(filename, day, number, title, key, reason))

            before = len(problems)
            preset = _check_entry(entry, fail)
            if preset is not None and len(problems) == before:
                days[day].append(preset)
    return days, problems


def load(path: Path = PRESETS_FILE) -> dict[str, list[Preset]]:
    """Day code → its presets, or PresetFileError listing every problem of the file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise PresetFileError([_problem(path.name, "", 0, "", _("file"), str(e))]) from None
    except tomllib.TOMLDecodeError as e:
        raise PresetFileError([_problem(path.name, "", 0, "", _("file"), str(e))]) from None
    days, problems = check(data, path.name)
    if problems:
        raise PresetFileError(problems)
    return days


def propose(cycle: Cycle, sequence: Sequence, path: Path = PRESETS_FILE) -> list[Activity]:
    """Copy the day's presets that the day does not have yet (by title); the new activities."""
    presets = load(path).get(sequence.code, [])
    with transaction.atomic():
        # Two tabs opening the day at once would both copy: the second waits, then finds them.
        list(Cycle.objects.select_for_update().filter(pk=cycle.pk).values_list("pk"))
        ProposedDay.objects.get_or_create(cycle=cycle, sequence=sequence)
        titles = set(Activity.objects.of_day(cycle, sequence).values_list("title", flat=True))
        return [
            Activity.objects.add(
                cycle,
                sequence,
                kind=p.kind,
                title=p.title,
                prompt=p.prompt,
                settings=p.settings,
                anonymous=p.anonymous,
                results_shown=p.results_shown,
            )
            for p in presets
            if p.title not in titles
        ]


def propose_first_time(cycle: Cycle, sequence: Sequence) -> list[Activity]:
    """The day's presets, copied the first time its page is opened; never again after that."""
    if ProposedDay.objects.filter(cycle=cycle, sequence=sequence).exists():
        return []
    with transaction.atomic():
        list(Cycle.objects.select_for_update().filter(pk=cycle.pk).values_list("pk"))
        if ProposedDay.objects.filter(cycle=cycle, sequence=sequence).exists():
            return []
        return propose(cycle, sequence)
