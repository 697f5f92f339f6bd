"""Read the questionnaire files (TOML), check them, and store each as an immutable version.

Errors name the file, the question and the field, with the reason, and nothing is stored: one
bad file keeps every file at its current version.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from acunum.evaluation.models import QuestionnaireVersion
from acunum.evaluation.questionnaire import (
    MULTIPLE,
    QUESTION_TYPES,
    SCALE,
    SINGLE,
    TEXT,
    Purpose,
    Respondent,
)

QUESTIONNAIRES_DIR = Path(__file__).parent / "questionnaires"
IDENTIFIER = re.compile(r"^[a-z0-9_]+$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_SCALE_STEPS = 11  # 0 to 10 at most: more is not read as a scale on a phone
MAX_TEXT_LENGTH = 10_000

TOP_KEYS = {
    "format",
    "slug",
    "title",
    "purpose",
    "respondent",
    "anonymous",
    "per_trainee",
    "introduction",
    "questions",
}
QUESTION_KEYS = {
    "id",
    "type",
    "text",
    "short",
    "help",
    "required",
    "choices",
    "min",
    "max",
    "min_label",
    "max_label",
    "max_length",
    "objective",
    "prerequisite",
    "acquired",
    "satisfaction",
    "satisfied_from",
}
# Fields that only make sense for some types of question.
ONLY_FOR = {
    "choices": (SINGLE, MULTIPLE),
    "min": (SCALE,),
    "max": (SCALE,),
    "min_label": (SCALE,),
    "max_label": (SCALE,),
    "max_length": (TEXT,),
    "objective": (SINGLE, SCALE),
    "prerequisite": (SINGLE,),
    "acquired": (SINGLE,),
    "satisfaction": (SCALE,),
    "satisfied_from": (SCALE,),
}


@dataclass
class Problem:
    question: str  # the question's id (or its position), empty for the questionnaire itself
    field: str
    reason: str

    def describe(self, filename: str) -> str:
        if self.question:
            return _("%(file)s: question “%(question)s”, field “%(field)s”: %(reason)s") % {
                "file": filename,
                "question": self.question,
                "field": self.field,
                "reason": self.reason,
            }
        return _("%(file)s: field “%(field)s”: %(reason)s") % {
            "file": filename,
            "field": self.field,
            "reason": self.reason,
        }


class QuestionnaireFileError(Exception):
    def __init__(self, problems: list[tuple[str, Problem]]):
        self.problems = problems  # (file name, problem)
        super().__init__("\n".join(p.describe(name) for name, p in problems))


class _Checker:
    """Walks one parsed file and collects every problem, so one run lists them all."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.question = ""

    def fail(self, field: str, reason: str) -> None:
        self.problems.append(Problem(self.question, field, reason))

    def text(self, data: dict, key: str, required: bool = True) -> str | None:
        if key not in data:
            if required:
                self.fail(key, _("missing"))
            return None
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(key, _("expected a non-empty text"))
            return None
        return value

    def boolean(self, data: dict, key: str, required: bool = False) -> bool | None:
        if key not in data:
            if required:
                self.fail(key, _("missing"))
            return None
        if not isinstance(data[key], bool):
            self.fail(key, _("expected true or false"))
            return None
        return data[key]

    def whole(self, data: dict, key: str, required: bool = False) -> int | None:
        if key not in data:
            if required:
                self.fail(key, _("missing"))
            return None
        value = data[key]
        # TOML booleans are ints in Python: true is never a number here.
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(key, _("expected %(kind)s") % {"kind": _("a whole number")})
            return None
        return value

    def one_of(self, data: dict, key: str, allowed) -> str | None:
        value = self.text(data, key)
        if value is not None and value not in allowed:
            self.fail(
                key,
                _("must be one of: %(values)s") % {"values": ", ".join(f"“{a}”" for a in allowed)},
            )
            return None
        return value

    def unknown(self, data: dict, known: set[str]) -> None:
        for key in sorted(set(data) - known):
            self.fail(key, _("unknown field (a typing mistake?)"))


def check(data: dict) -> list[Problem]:
    c = _Checker()
    c.unknown(data, TOP_KEYS)
    if c.whole(data, "format", required=True) not in (None, 1):
        c.fail("format", _("unknown format version (this Acunum reads format 1)"))
    slug = c.text(data, "slug")
    if slug and not SLUG.match(slug):
        c.fail("slug", _("use only lower-case letters, digits and dashes"))
    c.text(data, "title")
    c.text(data, "introduction", required=False)
    purpose = c.one_of(data, "purpose", Purpose.values)
    respondent = c.one_of(data, "respondent", Respondent.values)
    anonymous = c.boolean(data, "anonymous")
    per_trainee = c.boolean(data, "per_trainee")
    if anonymous and respondent and respondent != Respondent.TRAINEE:
        c.fail("anonymous", _("only a trainees’ questionnaire can be anonymous"))
    if per_trainee and respondent and respondent != Respondent.TRAINER:
        c.fail("per_trainee", _("only the trainer answers a questionnaire about each trainee"))

    questions = data.get("questions")
    if questions is None:
        c.fail("questions", _("missing"))
        return c.problems
    if not isinstance(questions, list) or not all(isinstance(q, dict) for q in questions):
        c.fail("questions", _("expected a list of tables ([[questions]])"))
        return c.problems
    if not questions:
        c.fail("questions", _("a questionnaire needs at least one question"))
    ids: set[str] = set()
    objectives: set[int] = set()
    for position, question in enumerate(questions, start=1):
        ident = question.get("id")
        c.question = ident if isinstance(ident, str) and ident else f"n° {position}"
        _check_question(c, question, ids, objectives)
    c.question = ""

    satisfaction = [q for q in questions if q.get("satisfaction") is True]
    prerequisites = [q for q in questions if q.get("prerequisite") is True]
    if len(satisfaction) > 1:
        c.fail("satisfaction", _("only one question can be the overall satisfaction"))
    if purpose == Purpose.SATISFACTION and not satisfaction:
        c.fail(
            "purpose",
            _("a satisfaction questionnaire needs one scale question marked satisfaction = true"),
        )
    if purpose == Purpose.POSITIONING and not prerequisites:
        c.fail(
            "purpose",
            _("a positioning questionnaire needs questions marked prerequisite = true"),
        )
    if per_trainee and anonymous:
        c.fail("anonymous", _("an assessment of each trainee cannot be anonymous"))
    return c.problems


def _check_question(c: _Checker, q: dict, ids: set[str], objectives: set[int]) -> None:
    c.unknown(q, QUESTION_KEYS)
    ident = c.text(q, "id")
    if ident is not None:
        if not IDENTIFIER.match(ident):
            c.fail("id", _("use only lower-case letters, digits and underscores"))
        elif ident in ids:
            c.fail("id", _("“%(id)s” is used twice") % {"id": ident})
        ids.add(ident)
    kind = c.one_of(q, "type", QUESTION_TYPES)
    c.text(q, "text")
    c.text(q, "short", required=False)
    c.text(q, "help", required=False)
    c.boolean(q, "required", required=True)
    if kind is None:
        return
    for key, types in ONLY_FOR.items():
        if key in q and kind not in types:
            c.fail(key, _("not for a question of type “%(type)s”") % {"type": kind})

    choice_ids: set[str] = set()
    if kind in (SINGLE, MULTIPLE):
        choice_ids = _check_choices(c, q)
    if kind == SCALE:
        _check_scale(c, q)
    if kind == TEXT and (length := c.whole(q, "max_length")) is not None:
        if not 1 <= length <= MAX_TEXT_LENGTH:
            c.fail("max_length", _("from 1 to %(max)s") % {"max": MAX_TEXT_LENGTH})

    if "objective" in q and kind in ONLY_FOR["objective"]:
        objective = c.whole(q, "objective")
        if objective is not None and objective < 1:
            c.fail("objective", _("the objectives are numbered from 1"))
        elif objective is not None and objective in objectives:
            c.fail(
                "objective",
                _("objective %(n)s is already measured by another question") % {"n": objective},
            )
        objectives.add(objective)

    if kind == SINGLE and c.boolean(q, "prerequisite"):
        acquired = q.get("acquired")
        if acquired is None:
            c.fail("acquired", _("missing: list the answers that count as acquired"))
        elif not isinstance(acquired, list) or not acquired:
            c.fail("acquired", _("expected a non-empty list of answer ids"))
        else:
            for value in acquired:
                if value not in choice_ids:
                    c.fail("acquired", _("“%(id)s” is not one of the choices") % {"id": value})
    elif kind == SINGLE and "acquired" in q:
        c.fail("acquired", _("only for a question marked prerequisite = true"))


def _check_choices(c: _Checker, q: dict) -> set[str]:
    choices = q.get("choices")
    if choices is None:
        c.fail("choices", _("missing"))
        return set()
    if not isinstance(choices, list) or not all(isinstance(x, dict) for x in choices):
        c.fail("choices", _("expected a list of { id = …, label = … }"))
        return set()
    if len(choices) < 2:
        c.fail("choices", _("offer at least two choices"))
    seen: set[str] = set()
    for n, choice in enumerate(choices, start=1):
        where = f"choices[{n}]"
        ident, label = choice.get("id"), choice.get("label")
        if not isinstance(ident, str) or not IDENTIFIER.match(ident):
            c.fail(f"{where}.id", _("use only lower-case letters, digits and underscores"))
        elif ident in seen:
            c.fail(f"{where}.id", _("“%(id)s” is used twice") % {"id": ident})
        else:
            seen.add(ident)
        if not isinstance(label, str) or not label.strip():
            c.fail(f"{where}.label", _("expected a non-empty text"))
        for key in sorted(set(choice) - {"id", "label"}):
            c.fail(f"{where}.{key}", _("unknown field (a typing mistake?)"))
    return seen


def _check_scale(c: _Checker, q: dict) -> None:
    low, high = c.whole(q, "min", required=True), c.whole(q, "max", required=True)
    c.text(q, "min_label")
    c.text(q, "max_label")
    if low is None or high is None:
        return
    if low < 0:
        c.fail("min", _("must be 0 or more"))
    if high <= low:
        c.fail("max", _("must be greater than min"))
    elif high - low + 1 > MAX_SCALE_STEPS:
        c.fail("max", _("a scale has at most %(n)s steps") % {"n": MAX_SCALE_STEPS})
    if c.boolean(q, "satisfaction"):
        threshold = c.whole(q, "satisfied_from", required=True)
        if threshold is not None and not low < threshold <= high:
            c.fail(
                "satisfied_from",
                _("must be above %(min)s and at most %(max)s") % {"min": low, "max": high},
            )
    elif "satisfied_from" in q:
        c.fail("satisfied_from", _("only for the question marked satisfaction = true"))


def parse(raw: bytes, filename: str) -> dict:
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        reason = _("not UTF-8 text (byte %(pos)s)") % {"pos": e.start}
        raise QuestionnaireFileError([(filename, Problem("", _("file"), reason))]) from None
    except tomllib.TOMLDecodeError as e:
        raise QuestionnaireFileError([(filename, Problem("", _("file"), str(e)))]) from None
    if problems := check(data):
        raise QuestionnaireFileError([(filename, p) for p in problems])
    return data


def questionnaire_files(folder: Path = QUESTIONNAIRES_DIR) -> list[Path]:
    return sorted(Path(folder).glob("*.toml"))


@transaction.atomic
def load_questionnaires(
    folder: Path = QUESTIONNAIRES_DIR,
) -> list[tuple[QuestionnaireVersion, bool]]:
    """Store each changed file as a new version; (version, created) for every file.

    Every file is checked before anything is stored, and every problem of every file is reported.
    """
    parsed: list[tuple[Path, bytes, dict]] = []
    problems: list[tuple[str, Problem]] = []
    slugs: dict[str, str] = {}
    for path in questionnaire_files(folder):
        raw = path.read_bytes()
        try:
            data = parse(raw, path.name)
        except QuestionnaireFileError as e:
            problems += e.problems
            continue
        if data["slug"] in slugs:
            reason = _("“%(slug)s” is already the slug of %(other)s") % {
                "slug": data["slug"],
                "other": slugs[data["slug"]],
            }
            problems.append((path.name, Problem("", "slug", reason)))
        slugs[data["slug"]] = path.name
        parsed.append((path, raw, data))
    if problems:
        raise QuestionnaireFileError(problems)
    return [_store(raw, data) for _path, raw, data in parsed]


def _store(raw: bytes, data: dict) -> tuple[QuestionnaireVersion, bool]:
    checksum = hashlib.sha256(raw).hexdigest()
    latest = QuestionnaireVersion.objects.current_of(data["slug"])
    # Only the current version counts: a file put back to an earlier content becomes the current
    # version again, as a new number.
    if latest and latest.checksum == checksum:
        return latest, False
    version = QuestionnaireVersion.objects.create(
        slug=data["slug"],
        number=(latest.number + 1) if latest else 1,
        checksum=checksum,
        source=raw.decode("utf-8"),
        data=data,
    )
    return version, True
