"""The "bien régler son internet" catalogue: steps written as TOML files in catalogue/, read and
checked here.

One file per item and platform (catalogue/steps/<item>/<platform>.toml) holds that pair's steps;
catalogue/sources/*.toml hold the sources that steps cite by key, each with its licence. The
catalogue is data under CC BY-SA 4.0 (catalogue/LICENCE.md): trainers correct a menu path with a
text editor and a pull request, and `acunum catalogue` checks their work.

Checking collects every problem of every file, each naming the file, the step and the field, and
nothing is used until the whole catalogue is right: a trainee never sees half a catalogue.
"""

from __future__ import annotations

import datetime
import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acunum.checklist.platforms import APPLIES, LAB_ATTRIBUTES, Item, Why

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
# At least this many steps for each item and platform that applies (issue 7).
MIN_STEPS = 5
STEP_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$")
SOURCE_KEY = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")
# Line breaks and runs of spaces from the TOML's layout; a no-break space (« Paramètres ») stays.
LAYOUT = re.compile(r"[ \t\r\n]+")

# The licences a source may have. Text may be adapted (restated closely, with attribution) only
# from a licence that allows it and is compatible with the catalogue's CC BY-SA 4.0; from the
# others, the step restates facts (a menu's name, a path) in its own words.
ADAPTABLE = {"CC-BY-SA-4.0", "CC-BY-SA-3.0", "CC-BY-4.0", "Etalab-2.0", "MIT"}
FACTS_ONLY = {"all-rights-reserved", "unconfirmed"}
LICENCES = ADAPTABLE | FACTS_ONLY

FILE_KEYS = {"item", "platform", "versions", "last_checked", "step"}
STEP_KEYS = {
    "id",
    "title",
    "goal",
    "why",
    "why_text",
    "where",
    "how",
    "difficulty",
    "expected",
    "lab",
    "sources",
    "adapted_from",
    "last_checked",
}
SOURCE_KEYS = {"title", "publisher", "url", "licence", "note"}
EXPECTED = {"on", "off", "choice"}
DIFFICULTIES = {
    1: gettext_lazy("one click"),
    2: gettext_lazy("a few screens"),
    3: gettext_lazy("advanced"),
}


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str
    url: str
    licence: str
    note: str = ""

    @property
    def adaptable(self) -> bool:
        return self.licence in ADAPTABLE


@dataclass(frozen=True)
class Step:
    id: str
    item: str
    platform: str
    position: int  # in its file: the order a trainee follows
    title: str
    goal: str
    why: tuple[str, ...]
    why_text: str
    where: str
    how: tuple[str, ...]
    difficulty: int
    sources: tuple[Source, ...]
    adapted_from: tuple[str, ...]
    last_checked: datetime.date
    versions: str
    expected: str = ""
    lab: str = ""

    @property
    def why_labels(self) -> list[str]:
        return [Why(w).label for w in self.why]

    @property
    def difficulty_label(self) -> str:
        return DIFFICULTIES[self.difficulty]


@dataclass
class Catalogue:
    sources: dict[str, Source]
    steps: dict[str, Step]  # by id
    files: int = 0

    def of(self, item: str, platform: str) -> list[Step]:
        """The steps of an item on a platform, in their file's order."""
        return [s for s in self.steps.values() if s.item == item and s.platform == platform]

    def counts(self) -> dict[tuple[str, str], int]:
        found = Counter((s.item, s.platform) for s in self.steps.values())
        return {(i, p): found[(i, p)] for i, platforms in APPLIES.items() for p in platforms}

    def changing(self, attribute: str) -> list[Step]:
        """The steps that change what the traces lab shows of `attribute`."""
        return [s for s in self.steps.values() if s.lab == attribute]


class CatalogueError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _Checker:
    """Collects the problems of one file, each naming the file, the step and the field."""

    def __init__(self, path: Path, root: Path):
        self.name = path.relative_to(root).as_posix()
        self.where = ""
        self.problems: list[str] = []

    def fail(self, field_: str, reason: str) -> None:
        if self.where:
            self.problems.append(
                _("%(file)s: step “%(step)s”, field “%(field)s”: %(reason)s")
                % {"file": self.name, "step": self.where, "field": field_, "reason": reason}
            )
        else:
            self.problems.append(
                _("%(file)s: field “%(field)s”: %(reason)s")
                % {"file": self.name, "field": field_, "reason": reason}
            )

    def unknown_keys(self, data: dict, allowed: set[str]) -> None:
        for key in sorted(set(data) - allowed):
            self.fail(key, _("unknown field (a typing mistake?)."))

    def text(self, data: dict, key: str, required: bool = True, limit: int = 600) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(key, _("missing."))
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(key, _("a text is expected."))
            return ""
        value = LAYOUT.sub(" ", value).strip()
        if len(value) > limit:
            self.fail(key, _("too long (%(n)s characters at most).") % {"n": limit})
        return value

    def texts(self, data: dict, key: str, required: bool = True) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(key, _("missing."))
            return ()
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            self.fail(key, _("a list of texts is expected."))
            return ()
        return tuple(LAYOUT.sub(" ", v).strip() for v in value)

    def date(self, data: dict, key: str, default: datetime.date | None) -> datetime.date | None:
        value = data.get(key, default)
        if value is None:
            self.fail(key, _("missing: the date the step was last checked."))
            return None
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            self.fail(key, _("a date is expected, written 2026-11-29."))
            return None
        return value


def _read_sources(paths: list[Path], root: Path) -> tuple[dict[str, Source], list[str]]:
    sources: dict[str, Source] = {}
    defined_in: dict[str, str] = {}
    problems: list[str] = []
    for path in paths:
        check = _Checker(path, root)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            problems.append(
                _("%(file)s: not valid TOML: %(error)s") % {"file": check.name, "error": e}
            )
            continue
        for key, raw in data.items():
            check.where = key
            if not SOURCE_KEY.match(key):
                check.fail("key", _("write the key in capitals, digits and hyphens (PG-WIN)."))
            if key in defined_in:
                check.fail("key", _("already defined in %(file)s.") % {"file": defined_in[key]})
                continue
            if not isinstance(raw, dict):
                check.fail("key", _("a table of fields is expected."))
                continue
            check.unknown_keys(raw, SOURCE_KEYS)
            url = check.text(raw, "url")
            if url and not url.startswith("https://"):
                check.fail("url", _("an https:// address is expected."))
            licence = check.text(raw, "licence")
            if licence and licence not in LICENCES:
                check.fail(
                    "licence",
                    _("“%(value)s” is not one of: %(known)s.")
                    % {"value": licence, "known": ", ".join(sorted(LICENCES))},
                )
            defined_in[key] = check.name
            sources[key] = Source(
                key=key,
                title=check.text(raw, "title"),
                publisher=check.text(raw, "publisher"),
                url=url,
                licence=licence,
                note=check.text(raw, "note", required=False),
            )
        problems.extend(check.problems)
    return sources, problems


def _read_steps(
    path: Path, root: Path, sources: dict[str, Source], used: Counter
) -> tuple[list[Step], list[str]]:
    check = _Checker(path, root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        return [], [_("%(file)s: not valid TOML: %(error)s") % {"file": check.name, "error": e}]
    check.unknown_keys(data, FILE_KEYS)
    item, platform = data.get("item"), data.get("platform")
    if item not in Item.values:
        check.fail(
            "item",
            _("“%(value)s” is not one of: %(known)s.")
            % {"value": item, "known": ", ".join(Item.values)},
        )
    elif platform not in APPLIES[Item(item)]:
        check.fail(
            "platform",
            _("“%(value)s” is not a platform of this item: %(known)s.")
            % {"value": platform, "known": ", ".join(APPLIES[Item(item)])},
        )
    elif path.parent.name != item or path.stem != platform:
        check.fail(
            "platform",
            _("the file should be steps/%(item)s/%(platform)s.toml.")
            % {"item": item, "platform": platform},
        )
    versions = check.text(data, "versions")
    default_date = check.date(data, "last_checked", None) if "last_checked" in data else None
    raw_steps = data.get("step")
    if not isinstance(raw_steps, list) or not raw_steps:
        check.fail("step", _("no step: write them as [[step]] tables."))
        return [], check.problems
    steps = []
    for position, raw in enumerate(raw_steps, start=1):
        check.where = str(raw.get("id") or position)
        check.unknown_keys(raw, STEP_KEYS)
        ident = check.text(raw, "id")
        if ident and not STEP_ID.match(ident):
            check.fail(
                "id", _("write it in lower case, as platform.what-it-does (firefox.https-only).")
            )
        elif ident and not ident.startswith(f"{platform}."):
            check.fail(
                "id",
                _("it should begin with the platform: “%(platform)s.”.") % {"platform": platform},
            )
        used[ident] += 1
        why = check.texts(raw, "why")
        for value in why:
            if value not in Why.values:
                check.fail(
                    "why",
                    _("“%(value)s” is not one of: %(known)s.")
                    % {"value": value, "known": ", ".join(Why.values)},
                )
        difficulty = raw.get("difficulty")
        if difficulty not in DIFFICULTIES or isinstance(difficulty, bool):
            check.fail("difficulty", _("1 (one click), 2 (a few screens) or 3 (advanced)."))
            difficulty = 1
        expected = raw.get("expected", "")
        if expected and expected not in EXPECTED:
            check.fail("expected", _("on, off or choice."))
        lab = raw.get("lab", "")
        if lab and lab not in LAB_ATTRIBUTES:
            check.fail(
                "lab",
                _("“%(value)s” is not an attribute of the traces lab: %(known)s.")
                % {"value": lab, "known": ", ".join(sorted(LAB_ATTRIBUTES))},
            )
        cited = check.texts(raw, "sources")
        for key in cited:
            if key not in sources:
                check.fail("sources", _("no source “%(key)s” in sources/.") % {"key": key})
        adapted = check.texts(raw, "adapted_from", required=False)
        for key in adapted:
            if key not in cited:
                check.fail(
                    "adapted_from", _("“%(key)s” is not among the step’s sources.") % {"key": key}
                )
            elif key in sources and not sources[key].adaptable:
                check.fail(
                    "adapted_from",
                    _(
                        "the licence of “%(key)s” (%(licence)s) does not allow adapting its "
                        "text: restate the facts in your own words."
                    )
                    % {"key": key, "licence": sources[key].licence},
                )
        how = check.texts(raw, "how")
        if 0 < len(how) < 2:
            check.fail("how", _("at least two actions, one per line of the list."))
        steps.append(
            Step(
                id=ident,
                item=item or "",
                platform=platform or "",
                position=position,
                title=check.text(raw, "title", limit=120),
                goal=check.text(raw, "goal"),
                why=why,
                why_text=check.text(raw, "why_text"),
                where=check.text(raw, "where", limit=300),
                how=how,
                difficulty=difficulty,
                sources=tuple(sources[k] for k in cited if k in sources),
                adapted_from=adapted,
                last_checked=check.date(raw, "last_checked", default_date),
                versions=versions,
                expected=expected,
                lab=lab,
            )
        )
    return steps, check.problems


def read(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """The whole catalogue, checked: raises CatalogueError listing every problem."""
    sources, problems = _read_sources(sorted((directory / "sources").glob("*.toml")), directory)
    used: Counter = Counter()
    steps: list[Step] = []
    files = sorted((directory / "steps").glob("*/*.toml"))
    for path in files:
        found, file_problems = _read_steps(path, directory, sources, used)
        steps.extend(found)
        problems.extend(file_problems)
    for ident, n in sorted(used.items()):
        if ident and n > 1:
            problems.append(
                _("Step id “%(id)s” is used %(n)s times: each id is given once.")
                % {"id": ident, "n": n}
            )
    catalogue = Catalogue(sources, {s.id: s for s in steps}, files=len(files))
    # Counted from the files, not by id: a duplicated id is its own problem, above.
    found = Counter((s.item, s.platform) for s in steps)
    for item, platforms in APPLIES.items():
        for platform in platforms:
            n = found[(item, platform)]
            if n >= MIN_STEPS:
                continue
            problems.append(
                _("steps/%(item)s/%(platform)s.toml: %(n)s step(s), at least %(min)s are expected.")
                % {"item": item, "platform": platform, "n": n, "min": MIN_STEPS}
            )
    if problems:
        raise CatalogueError(problems)
    return catalogue


@functools.cache
def catalogue() -> Catalogue:
    """The catalogue the application uses, read once per process."""
    return read()
