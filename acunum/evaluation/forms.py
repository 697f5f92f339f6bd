"""A questionnaire's answers from a submitted form, checked question by question.

The questions are data, so the form is built from them rather than declared: each question
becomes one group of inputs named after its id. Every message names its question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from acunum.evaluation.questionnaire import MULTIPLE, SCALE, SINGLE, TEXT, Question, Questionnaire


@dataclass
class BoundQuestion:
    """A question as the page shows it: what was submitted (to show it again) and its error."""

    question: Question
    values: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def id(self) -> str:
        return f"q-{self.question.id}"

    @property
    def input_id(self) -> str:
        """The first input: where the summary of errors sends the keyboard."""
        return f"{self.id}-input" if self.question.type == TEXT else f"{self.id}-0"

    @property
    def text(self) -> str:
        return self.values[0] if self.values else ""

    def options(self) -> list[dict[str, Any]]:
        """Each radio button or checkbox: its value, label, id and whether it is checked."""
        q = self.question
        if q.type == SCALE:
            pairs = []
            for value in q.scale_values():
                label = str(value)
                if value == q.min:
                    label = f"{value} – {q.min_label}"
                elif value == q.max:
                    label = f"{value} – {q.max_label}"
                pairs.append((str(value), label))
        else:
            pairs = [(c.id, c.label) for c in q.choices]
        return [
            {"value": v, "label": label, "id": f"{self.id}-{n}", "checked": v in self.values}
            for n, (v, label) in enumerate(pairs)
        ]


def _values(data: Mapping, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(key)]
    value = data.get(key)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


class AnswerForm:
    def __init__(self, questionnaire: Questionnaire, data: Mapping | None = None):
        self.questionnaire = questionnaire
        self.data = data
        self.questions = [BoundQuestion(q) for q in questionnaire.questions]
        self.answers: dict[str, Any] = {}
        self._checked = False

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def is_valid(self) -> bool:
        if not self.is_bound:
            return False
        if not self._checked:
            for bound in self.questions:
                self._check(bound)
            self._checked = True
        return not self.errors

    @property
    def errors(self) -> list[BoundQuestion]:
        """The questions in error, in the order of the page."""
        return [b for b in self.questions if b.error]

    def _check(self, bound: BoundQuestion) -> None:
        q = bound.question
        # A NUL character cannot be stored in PostgreSQL's JSON; no one types it on purpose.
        values = [v.replace("\x00", "").strip() for v in _values(self.data, q.id)]
        bound.values = [v for v in values if v] if q.type != TEXT else values[-1:]
        given = [v for v in values if v]
        if not given:
            if q.required:
                bound.error = _("Answer “%(question)s”: this question is required.") % {
                    "question": q.name
                }
            return
        if q.type == SINGLE:
            choice_ids = [c.id for c in q.choices]
            if len(given) > 1 or given[0] not in choice_ids:
                bound.error = self._not_a_choice(q, given)
            else:
                self.answers[q.id] = given[0]
        elif q.type == MULTIPLE:
            choice_ids = [c.id for c in q.choices]
            if any(v not in choice_ids for v in given):
                bound.error = self._not_a_choice(q, given)
            else:
                # In the order of the choices, each once, whatever order the browser sent.
                self.answers[q.id] = [c for c in choice_ids if c in given]
        elif q.type == SCALE:
            try:
                value = int(given[0])
            except ValueError:
                value = None
            if len(given) > 1 or value is None or not q.min <= value <= q.max:
                bound.error = _("“%(question)s”: choose a value from %(min)s to %(max)s.") % {
                    "question": q.name,
                    "min": q.min,
                    "max": q.max,
                }
            else:
                self.answers[q.id] = value
        elif q.type == TEXT:
            text = given[-1]
            if len(text) > q.max_length:
                bound.error = _(
                    "“%(question)s”: %(max)s characters at most (your answer has %(length)s)."
                ) % {"question": q.name, "max": q.max_length, "length": len(text)}
            else:
                self.answers[q.id] = text

    @staticmethod
    def _not_a_choice(q: Question, given: list[str]) -> str:
        choice_ids = {c.id for c in q.choices}
        wrong = next((v for v in given if v not in choice_ids), given[-1])
        if q.type == SINGLE and len(given) > 1 and wrong in choice_ids:
            return _("“%(question)s”: choose one answer only.") % {"question": q.name}
        return _("“%(question)s”: “%(value)s” is not one of the answers offered.") % {
            "question": q.name,
            "value": wrong[:60],
        }
