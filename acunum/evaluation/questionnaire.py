"""A questionnaire as its file describes it: questions, their type, their choices and what they
measure. Built from a version's stored data (already checked by the loader), never from a form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

SINGLE, MULTIPLE, SCALE, TEXT = "single", "multiple", "scale", "text"
QUESTION_TYPES = (SINGLE, MULTIPLE, SCALE, TEXT)
DEFAULT_MAX_LENGTH = 2000


class Respondent(models.TextChoices):
    TRAINEE = "trainee", _("trainee")
    TRAINER = "trainer", _("trainer")
    CONTACT = "contact", _("structure contact")


class Purpose(models.TextChoices):
    POSITIONING = "positioning", _("positioning")
    ASSESSMENT = "assessment", _("learning assessment")
    SATISFACTION = "satisfaction", _("satisfaction")
    APPRAISAL = "appraisal", _("trainer’s appraisal")


class Prerequisites(models.TextChoices):
    """A trainee's positioning result, for the trainer."""

    ACQUIRED = "acquired", _("prerequisites acquired")
    TO_SUPPORT = "to_support", _("to be supported")


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    required: bool
    short: str = ""
    help: str = ""
    choices: tuple[Choice, ...] = ()
    min: int | None = None
    max: int | None = None
    min_label: str = ""
    max_label: str = ""
    max_length: int = DEFAULT_MAX_LENGTH
    # The programme objective (1, 2, 3…) this question measures: the trainee's self-assessment
    # (scale) or the trainer's assessment (single choice).
    objective: int | None = None
    # A prerequisite of the programme: `acquired` lists the answers that count as acquired.
    prerequisite: bool = False
    acquired: tuple[str, ...] = ()
    # The overall question a satisfaction rate is computed from: an answer from `satisfied_from`
    # up counts as satisfied.
    satisfaction: bool = False
    satisfied_from: int | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Question:
        return cls(
            id=data["id"],
            type=data["type"],
            text=data["text"],
            required=data["required"],
            short=data.get("short", ""),
            help=data.get("help", ""),
            choices=tuple(Choice(c["id"], c["label"]) for c in data.get("choices", [])),
            min=data.get("min"),
            max=data.get("max"),
            min_label=data.get("min_label", ""),
            max_label=data.get("max_label", ""),
            max_length=data.get("max_length", DEFAULT_MAX_LENGTH),
            objective=data.get("objective"),
            prerequisite=data.get("prerequisite", False),
            acquired=tuple(data.get("acquired", [])),
            satisfaction=data.get("satisfaction", False),
            satisfied_from=data.get("satisfied_from"),
        )

    @property
    def name(self) -> str:
        """How messages and results name the question: its short name, or its text."""
        return self.short or self.text

    def scale_values(self) -> list[int]:
        return list(range(self.min, self.max + 1)) if self.type == SCALE else []

    def label_of(self, value) -> str:
        """The answer as a person reads it: a choice's label, the labels of several, the text."""
        if value is None:
            return ""
        if self.type in (SINGLE, MULTIPLE):
            labels = {c.id: c.label for c in self.choices}
            values = value if isinstance(value, list) else [value]
            return " ; ".join(labels.get(v, v) for v in values)
        return str(value)

    def is_satisfied(self, value) -> bool | None:
        """For the satisfaction question: whether this answer counts as satisfied."""
        if not self.satisfaction or value is None:
            return None
        return value >= self.satisfied_from


@dataclass(frozen=True)
class Questionnaire:
    slug: str
    title: str
    purpose: str
    respondent: str
    anonymous: bool
    # The trainer answers it once for each trainee (the trainer's assessment).
    per_trainee: bool
    introduction: str
    questions: tuple[Question, ...]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Questionnaire:
        return cls(
            slug=data["slug"],
            title=data["title"],
            purpose=data["purpose"],
            respondent=data["respondent"],
            anonymous=data.get("anonymous", False),
            per_trainee=data.get("per_trainee", False),
            introduction=data.get("introduction", ""),
            questions=tuple(Question.from_data(q) for q in data["questions"]),
        )

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def objective_questions(self) -> dict[int, Question]:
        """Objective number → the question that measures it."""
        return {q.objective: q for q in self.questions if q.objective is not None}

    def prerequisite_questions(self) -> list[Question]:
        return [q for q in self.questions if q.prerequisite]

    def satisfaction_question(self) -> Question | None:
        return next((q for q in self.questions if q.satisfaction), None)

    def prerequisites(self, answers: dict[str, Any]) -> Prerequisites | None:
        """The positioning result: every prerequisite answered with an answer that counts as
        acquired, or the trainee is to be supported. None when the questionnaire has none."""
        questions = self.prerequisite_questions()
        if not questions:
            return None
        if all(answers.get(q.id) in q.acquired for q in questions):
            return Prerequisites.ACQUIRED
        return Prerequisites.TO_SUPPORT
