"""Read a programme file (TOML), check it, and store it as an immutable version.

Errors name the file, the field and the reason, in French, and nothing is stored.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from acunum.programmes.models import MAX_GROUP_SIZE, Programme, ProgrammeVersion, Sequence

DEFAULT_PROGRAMME = Path(__file__).parent / "data" / "acunum.toml"
SLOT_KINDS = {"day": 2, "half_day": 1}


@dataclass
class Problem:
    field: str
    reason: str


class ProgrammeFileError(Exception):
    def __init__(self, filename: str, problems: list[Problem]):
        self.filename = filename
        self.problems = problems
        lines = [
            _("%(file)s: field “%(field)s”: %(reason)s")
            % {"file": filename, "field": p.field, "reason": p.reason}
            for p in problems
        ]
        super().__init__("\n".join(lines))


class _Checker:
    """Walks the parsed file and collects every problem, so one run lists them all."""

    def __init__(self):
        self.problems: list[Problem] = []

    def fail(self, field: str, reason: str) -> None:
        self.problems.append(Problem(field, reason))

    def get(self, data: dict, key: str, kind: type, where: str = ""):
        field = f"{where}.{key}" if where else key
        if not isinstance(data, dict):
            if (where, _("expected a table")) not in [(p.field, p.reason) for p in self.problems]:
                self.fail(where, _("expected a table"))
            return None
        if key not in data:
            self.fail(field, _("missing"))
            return None
        value = data[key]
        # TOML booleans are ints in Python, and date-times are dates: a programme never wants a
        # boolean where a number is asked, nor a time of day in a date of last update.
        if (
            not isinstance(value, kind)
            or (kind is int and isinstance(value, bool))
            or (kind is datetime.date and isinstance(value, datetime.datetime))
        ):
            self.fail(field, _("expected %(kind)s") % {"kind": _KIND_NAMES[kind]()})
            return None
        if kind is str and not value.strip():
            self.fail(field, _("must not be empty"))
            return None
        if kind is int and value <= 0:
            self.fail(field, _("must be a positive whole number"))
            return None
        return value

    def texts(self, data: dict, key: str, where: str = "") -> list[str] | None:
        values = self.get(data, key, list, where)
        field = f"{where}.{key}" if where else key
        if values is None:
            return None
        if not values:
            self.fail(field, _("must not be empty"))
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self.fail(f"{field}[{i}]", _("expected a non-empty text"))
        return values


_KIND_NAMES = {
    str: lambda: _("a text"),
    int: lambda: _("a whole number"),
    list: lambda: _("a list"),
    dict: lambda: _("a table"),
    datetime.date: lambda: _("a date (YYYY-MM-DD)"),
}


def check(data: dict) -> list[Problem]:
    c = _Checker()
    if c.get(data, "format", int) not in (None, 1):
        c.fail("format", _("unknown format version (this Acunum reads format 1)"))
    slug = c.get(data, "slug", str)
    if slug and not slug.replace("-", "").isalnum():
        c.fail("slug", _("use only letters, digits and dashes"))
    c.get(data, "title", str)
    c.get(data, "long_title", str)
    c.get(data, "updated", datetime.date)
    c.texts(data, "introduction")
    if "content" in data:
        c.get(data, "content", str)
    c.texts(data, "objectives")

    duration = c.get(data, "duration", dict)
    total = c.get(duration, "minutes", int, "duration") if duration else None
    if duration:
        c.get(duration, "text", str, "duration")
    trainees = c.get(data, "trainees", dict)
    if trainees:
        group = c.get(trainees, "max", int, "trainees")
        if group and group > MAX_GROUP_SIZE:
            c.fail("trainees.max", _("at most %(max)s") % {"max": MAX_GROUP_SIZE})
        c.get(trainees, "text", str, "trainees")
    public = c.get(data, "public", dict)
    if public:
        c.get(public, "text", str, "public")
        types = c.get(public, "structure_types", list, "public")
        for i, item in enumerate(types or []):
            c.get(item, "code", str, f"public.structure_types[{i}]")
            c.get(item, "label", str, f"public.structure_types[{i}]")
    prerequisites = c.get(data, "prerequisites", dict)
    if prerequisites:
        c.get(prerequisites, "text", str, "prerequisites")
    for i, phase in enumerate(c.get(data, "phases", list) or []):
        c.get(phase, "title", str, f"phases[{i}]")
        c.get(phase, "text", str, f"phases[{i}]")

    codes: set[str] = set()
    minutes_sum = 0
    parts = c.get(data, "parts", list)
    if parts == []:
        c.fail("parts", _("a programme needs at least one session"))
    parts = parts or []
    for i, part in enumerate(parts):
        where = f"parts[{i}]"
        number = c.get(part, "number", int, where)
        if number is not None and number != i + 1:
            c.fail(f"{where}.number", _("sessions must be numbered 1, 2, … in order"))
        c.get(part, "title", str, where)
        # A sequence in a group is shown through its group's text: the group must exist.
        groups = set()
        listed = isinstance(part, dict) and "groups" in part
        for k, group in enumerate((c.get(part, "groups", list, where) if listed else None) or []):
            if (group_code := c.get(group, "code", str, f"{where}.groups[{k}]")) is not None:
                groups.add(group_code)
            c.get(group, "title", str, f"{where}.groups[{k}]")
        sequences = c.get(part, "sequences", list, where) or []
        if not sequences:
            c.fail(f"{where}.sequences", _("a session needs at least one day or half-day"))
        for j, seq in enumerate(sequences):
            swhere = f"{where}.sequences[{j}]"
            code = c.get(seq, "code", str, swhere)
            if code is not None and code in codes:
                c.fail(f"{swhere}.code", _("“%(code)s” is used twice") % {"code": code})
            codes.add(code)
            c.get(seq, "title", str, swhere)
            if isinstance(seq, dict) and "group" in seq:
                group_code = c.get(seq, "group", str, swhere)
                if group_code is not None and group_code not in groups:
                    c.fail(
                        f"{swhere}.group",
                        _("no group “%(group)s” in this session’s groups") % {"group": group_code},
                    )
            kind = c.get(seq, "kind", str, swhere)
            if kind is not None and kind not in SLOT_KINDS:
                c.fail(f"{swhere}.kind", _("must be “day” or “half_day”"))
            minutes = c.get(seq, "minutes", int, swhere)
            if minutes and kind in SLOT_KINDS:
                minutes_sum += minutes
                if minutes % SLOT_KINDS[kind]:
                    c.fail(f"{swhere}.minutes", _("a day must split into two equal half-days"))
    if total and parts and minutes_sum != total:
        c.fail(
            "duration.minutes",
            _("is %(total)s but the days and half-days add up to %(sum)s")
            % {"total": total, "sum": minutes_sum},
        )
    delivery = c.get(data, "delivery", dict)
    if delivery:
        c.texts(delivery, "methods", "delivery")
        c.texts(delivery, "evaluation", "delivery")
        for key in ("access", "delay", "price", "accessibility"):
            c.get(delivery, key, str, "delivery")
    funding = c.get(data, "funding", dict)
    if funding:
        c.get(funding, "text", str, "funding")
    return c.problems


def parse(raw: bytes, filename: str) -> dict:
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ProgrammeFileError(
            filename, [Problem(_("file"), _("not UTF-8 text (byte %(pos)s)") % {"pos": e.start})]
        ) from None
    except tomllib.TOMLDecodeError as e:
        raise ProgrammeFileError(filename, [Problem(_("file"), str(e))]) from None
    if problems := check(data):
        raise ProgrammeFileError(filename, problems)
    return data


@transaction.atomic
def load_programme(path: Path = DEFAULT_PROGRAMME) -> tuple[ProgrammeVersion, bool]:
    """Store the file as a new version, or return the version that already holds these bytes."""
    raw = Path(path).read_bytes()
    data = parse(raw, Path(path).name)
    checksum = hashlib.sha256(raw).hexdigest()
    programme, _created = Programme.objects.get_or_create(
        slug=data["slug"], defaults={"title": data["title"]}
    )
    latest = programme.latest_version()
    # Only the current version counts: a file put back to an earlier content must become the
    # current version again, as a new number, or new cycles would be sold the file it replaced.
    if latest and latest.checksum == checksum:
        return latest, False
    if programme.title != data["title"]:
        programme.title = data["title"]
        programme.save(update_fields=["title"])
    version = ProgrammeVersion.objects.create(
        programme=programme,
        number=(latest.number + 1) if latest else 1,
        checksum=checksum,
        source=raw.decode("utf-8"),
        # Round-trip through JSON so dates become text, as they will read back from the database.
        data=json.loads(json.dumps(data, default=str)),
        updated=data["updated"],
    )
    position = 0
    for part in data["parts"]:
        for seq in part["sequences"]:
            position += 1
            Sequence.objects.create(
                version=version,
                part=part["number"],
                position=position,
                code=seq["code"],
                kind=seq["kind"],
                title=seq["title"],
                minutes=seq["minutes"],
            )
    return version, True
