"""A cycle's results: each questionnaire's response rate and the distribution of each question,
the progression per objective before and after the training, and, for those who run the cycle,
each trainee's positioning and the trainer's assessment of each trainee.

Read in a fixed number of queries whatever the size of the group: every version, every answer
and every participation of the cycle at once, then folded here.

What the structure's contacts see is the group's: the questionnaires the trainees answer and the
trainer's assessment, as counts, with no free text but that of anonymous questionnaires and no
named table. An anonymous questionnaire shows its answers only once MIN_ANONYMOUS people have
answered it: with fewer, those who know who answered would know what they answered.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from acunum.cycles.models import Cycle
from acunum.evaluation import due
from acunum.evaluation.models import Participation, QuestionnaireVersion, Response
from acunum.evaluation.questionnaire import (
    MULTIPLE,
    SCALE,
    SINGLE,
    TEXT,
    Prerequisites,
    Purpose,
    Question,
    Questionnaire,
    Respondent,
)
from acunum.lib.charts import Pair, progression_svg

MIN_ANONYMOUS = 3


@dataclass
class Count:
    label: str
    count: int
    percent: float  # of those who answered the question


@dataclass
class QuestionResult:
    question: Question
    answered: int  # how many answered this question
    counts: list[Count] = field(default_factory=list)  # each choice, or each step of a scale
    mean: float | None = None  # a scale's
    texts: list[str] = field(default_factory=list)  # free text, in alphabetical order

    @property
    def is_multiple(self) -> bool:
        return self.question.type == MULTIPLE


@dataclass
class QuestionnaireResult:
    questionnaire: Questionnaire
    responses: int  # answers stored
    answered: int  # people who answered, for the rate
    expected: int  # people asked: trainees, trainers or contacts
    questions: list[QuestionResult] = field(default_factory=list)
    # An anonymous questionnaire with too few answers: the rate only.
    withheld: bool = False

    @property
    def rate(self) -> float | None:
        return 100 * self.answered / self.expected if self.expected else None


@dataclass
class Progress:
    objective: int
    label: str
    before: float | None
    before_answers: int
    after: float | None
    after_answers: int

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class TraineePositioning:
    enrolment: Any
    result: Prerequisites | None  # None: not answered
    answers: list[tuple[str, str]]  # (question, answer) in the questionnaire's order


@dataclass
class TraineeAssessment:
    enrolment: Any
    levels: list[str] | None  # per objective, in the order of `CycleResults.objectives`
    comment: str = ""


@dataclass
class CycleResults:
    questionnaires: list[QuestionnaireResult]
    progression: list[Progress]
    scale_max: int
    full: bool  # those who run the cycle: the named tables too
    positioning: list[TraineePositioning] | None = None
    objectives: list[str] = field(default_factory=list)  # the assessment's columns
    assessments: list[TraineeAssessment] | None = None

    def chart(self):
        if not self.progression:
            return ""
        return progression_svg(
            [Pair(p.label, p.before, p.after) for p in self.progression],
            scale_max=self.scale_max,
            title=_("Progression on each objective"),
            description=_(
                "Mean self-assessment of the trainees on each objective, from 1 to %(max)s: "
                "before the training (positioning) and after it (learning assessment)."
            )
            % {"max": self.scale_max},
            series=(_("Before"), _("After")),
            none=_("no answer"),
            id="progression",
        )


def alphabetical(texts: list[str]) -> list[str]:
    """In alphabetical order, accents and case aside: an order that says nothing of who wrote
    what, nor when."""

    def key(text: str) -> tuple[str, str]:
        folded = unicodedata.normalize("NFKD", text.casefold())
        return "".join(c for c in folded if not unicodedata.combining(c)), text

    return sorted(texts, key=key)


def percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def question_result(question: Question, values: list, labels: dict[str, str]) -> QuestionResult:
    """The distribution of one question's answers (None and empty answers left out).

    `labels`: choice id → label over every version of the questionnaire, so that an answer to an
    older version's choice still reads.
    """
    given = [v for v in values if v not in (None, "", [])]
    result = QuestionResult(question, answered=len(given))
    n = len(given)
    if question.type in (SINGLE, MULTIPLE):
        ticks = Counter()
        for value in given:
            ticks.update(value if isinstance(value, list) else [value])
        ids = [c.id for c in question.choices]
        ids += sorted(set(ticks) - set(ids))
        result.counts = [Count(labels.get(i, i), ticks[i], percent(ticks[i], n)) for i in ids]
    elif question.type == SCALE:
        given = [v for v in given if isinstance(v, int)]
        n = result.answered = len(given)
        steps = Counter(given)
        values_seen = sorted(set(question.scale_values()) | set(steps))
        result.counts = [
            Count(_scale_label(question, v), steps[v], percent(steps[v], n)) for v in values_seen
        ]
        result.mean = sum(given) / n if n else None
    elif question.type == TEXT:
        result.texts = alphabetical([str(v) for v in given])
    return result


def _scale_label(question: Question, value: int) -> str:
    if value == question.min and question.min_label:
        return f"{value} – {question.min_label}"
    if value == question.max and question.max_label:
        return f"{value} – {question.max_label}"
    return str(value)


def _labels(versions: list[QuestionnaireVersion]) -> dict[str, dict[str, str]]:
    """Question id → choice id → label, the newest version's label winning."""
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for version in sorted(versions, key=lambda v: v.number):
        for q in version.questionnaire.questions:
            labels[q.id].update({c.id: c.label for c in q.choices})
    return labels


def _order(slug: str) -> tuple[int, str]:
    order = list(due.WINDOWS)
    return (order.index(slug) if slug in order else len(order), slug)


def shown_to_contact(q: Questionnaire) -> bool:
    """The group's figures: what the trainees answered, and the trainer's assessment of them."""
    return q.respondent == Respondent.TRAINEE or q.per_trainee


def cycle_results(cycle: Cycle, *, full: bool, enrolments, trainers, contacts: int) -> CycleResults:
    """The results of the cycle. `full`: for those who run it (named answers too); otherwise
    for the structure's contacts. `enrolments` (with their trainee) and `trainers` are lists the
    view has loaded; `contacts` is how many contacts the structure has."""
    versions = list(QuestionnaireVersion.objects.defer("source").order_by("slug", "number"))
    by_slug: dict[str, list[QuestionnaireVersion]] = defaultdict(list)
    for version in versions:
        by_slug[version.slug].append(version)
    by_id = {v.pk: v for v in versions}
    current = {slug: vs[-1] for slug, vs in by_slug.items()}
    responses: dict[str, list[Response]] = defaultdict(list)
    for response in Response.objects.filter(cycle=cycle).order_by("pk"):
        response.version = by_id[response.version_id]
        responses[response.questionnaire].append(response)
    participations = Counter(
        Participation.objects.filter(cycle=cycle).values_list("questionnaire", flat=True)
    )

    results = []
    for slug in sorted(current, key=_order):
        q = current[slug].questionnaire
        if not full and not shown_to_contact(q):
            continue
        rows = responses.get(slug, [])
        if q.respondent == Respondent.TRAINEE:
            answered, expected = participations[slug], len(enrolments)
        elif q.per_trainee:
            answered, expected = len(rows), len(enrolments)
        elif q.respondent == Respondent.TRAINER:
            answered, expected = len(rows), len(trainers)
        else:
            answered, expected = len(rows), contacts
        result = QuestionnaireResult(q, len(rows), answered, expected)
        if q.anonymous and len(rows) < MIN_ANONYMOUS:
            result.withheld = True
        else:
            labels = _labels(by_slug[slug])
            for question in q.questions:
                # Free text can tell who wrote it by what it says: the contacts read only the
                # anonymous questionnaires' (and no trainee is named in any).
                if question.type == TEXT and not (full or q.anonymous):
                    continue
                values = [r.answers.get(question.id) for r in rows]
                result.questions.append(question_result(question, values, labels[question.id]))
        results.append(result)

    progression, scale_max = _progression(current, responses)
    found = CycleResults(results, progression, scale_max, full)
    if full:
        found.positioning = _positioning(current, responses, enrolments)
        _assessments(found, current, responses, enrolments)
    return found


def _find(current: dict[str, QuestionnaireVersion], purpose: str, respondent: str, **extra):
    for version in current.values():
        q = version.questionnaire
        if q.purpose == purpose and q.respondent == respondent:
            if all(getattr(q, k) == v for k, v in extra.items()):
                return version
    return None


def _progression(current, responses) -> tuple[list[Progress], int]:
    """The mean self-assessment on each objective, in the positioning and in the learning
    assessment: every answer of each, not only the trainees who answered both."""
    before = _find(current, Purpose.POSITIONING, Respondent.TRAINEE)
    after = _find(current, Purpose.ASSESSMENT, Respondent.TRAINEE, per_trainee=False)
    if before is None or after is None:
        return [], 0

    def means(version) -> dict[int, tuple[Question, float | None, int]]:
        found = {}
        for n, question in version.questionnaire.objective_questions().items():
            if question.type != SCALE:
                continue
            values = [r.answers.get(question.id) for r in responses.get(version.slug, [])]
            values = [v for v in values if isinstance(v, int)]
            found[n] = (question, sum(values) / len(values) if values else None, len(values))
        return found

    first, last = means(before), means(after)
    rows = []
    for n in sorted(set(first) | set(last)):
        question = (first.get(n) or last.get(n))[0]
        b = first.get(n, (None, None, 0))
        a = last.get(n, (None, None, 0))
        rows.append(Progress(n, question.name, b[1], b[2], a[1], a[2]))
    scale_max = max((entry[0].max for entry in [*first.values(), *last.values()]), default=0)
    return rows, scale_max


def _positioning(current, responses, enrolments) -> list[TraineePositioning]:
    """Each trainee's positioning answers and prerequisites result, for the trainer to adapt
    the training (expectations, accessibility needs)."""
    version = _find(current, Purpose.POSITIONING, Respondent.TRAINEE)
    if version is None:
        return []
    named = {
        r.respondent_enrolment_id: r
        for r in responses.get(version.slug, [])
        if r.respondent_enrolment_id is not None
    }
    rows = []
    for enrolment in enrolments:
        response = named.get(enrolment.pk)
        if response is None:
            rows.append(TraineePositioning(enrolment, None, []))
            continue
        q = response.version.questionnaire
        answers = [
            (question.name, question.label_of(response.answers.get(question.id)) or "—")
            for question in q.questions
        ]
        rows.append(TraineePositioning(enrolment, q.prerequisites(response.answers), answers))
    return rows


def _assessments(results: CycleResults, current, responses, enrolments) -> None:
    """The trainer's assessment of each trainee, objective by objective."""
    version = _find(current, Purpose.ASSESSMENT, Respondent.TRAINER, per_trainee=True)
    if version is None:
        return
    q = version.questionnaire
    objectives = sorted(q.objective_questions().items())
    comment = next((x for x in q.questions if x.type == TEXT), None)
    results.objectives = [question.name for _n, question in objectives]
    given = {r.subject_id: r for r in responses.get(version.slug, []) if r.subject_id}
    rows = []
    for enrolment in enrolments:
        response = given.get(enrolment.pk)
        if response is None:
            rows.append(TraineeAssessment(enrolment, None))
            continue
        own = response.version.questionnaire
        levels = []
        for n, question in objectives:
            asked = own.objective_questions().get(n, question)
            levels.append(asked.label_of(response.answers.get(asked.id)) or "—")
        text = response.answers.get(comment.id, "") if comment else ""
        rows.append(TraineeAssessment(enrolment, levels, text))
    results.assessments = rows
