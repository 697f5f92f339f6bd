"""What the cycle page and the trainee's page show of the questionnaires: what is open, how many
answered, each trainee's positioning result. A fixed number of queries, whatever the group size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from acunum.cycles.models import Cycle, Enrolment
from acunum.evaluation import due
from acunum.evaluation.answering import describe_window
from acunum.evaluation.models import Participation, QuestionnaireVersion, Response
from acunum.evaluation.questionnaire import Prerequisites, Questionnaire, Respondent

POSITIONING = "positionnement"


def ordered_versions() -> list[QuestionnaireVersion]:
    """The current version of each questionnaire, in the order of the cycle (the due table)."""
    current = QuestionnaireVersion.objects.current()
    order = list(due.WINDOWS)
    return sorted(
        current.values(),
        key=lambda v: (order.index(v.slug) if v.slug in order else len(order), v.slug),
    )


@dataclass
class Row:
    questionnaire: Questionnaire
    window: due.Window | None
    state: str
    when: str
    answered: int
    expected: int | None  # None: no fixed number of respondents (the structure's contacts)
    url: str = ""  # where this user answers it, if they do
    done: bool = False  # this user has answered it


@dataclass
class PositioningRow:
    enrolment: Enrolment
    result: Prerequisites | None  # None: not answered yet


@dataclass
class Overview:
    rows: list[Row]
    positioning: list[PositioningRow] | None  # None: not for this user (the contact)


def cycle_overview(
    cycle: Cycle, user, slots, enrolments, trainers, now: datetime | None = None
) -> Overview:
    now = now or timezone.now()
    windows = due.cycle_windows(cycle, slots)
    participations = Counter(
        Participation.objects.filter(cycle=cycle).values_list("questionnaire", flat=True)
    )
    responses = list(
        Response.objects.filter(cycle=cycle).values_list(
            "questionnaire", "respondent_user_id", "subject_id"
        )
    )
    response_counts = Counter(slug for slug, _u, _s in responses)
    mine = {slug for slug, u, s in responses if u == user.pk and s is None}
    is_trainer = any(t.pk == user.pk for t in trainers)
    is_contact = cycle.structure.contacts.filter(pk=user.pk).exists()

    rows = []
    for version in ordered_versions():
        q = version.questionnaire
        window = windows.get(version.slug)
        state = window.state(now) if window else due.CLOSED
        if q.respondent == Respondent.TRAINEE:
            answered, expected = participations[version.slug], len(enrolments)
        elif q.per_trainee:
            answered, expected = response_counts[version.slug], len(enrolments)
        elif q.respondent == Respondent.TRAINER:
            answered, expected = response_counts[version.slug], len(trainers)
        else:
            answered, expected = response_counts[version.slug], None
        row = Row(q, window, state, describe_window(window) if window else "", answered, expected)
        if q.per_trainee and cycle.can_be_changed_by(user):
            row.url = reverse("evaluation:assessments", args=[cycle.code, version.slug])
        elif (q.respondent == Respondent.TRAINER and is_trainer) or (
            q.respondent == Respondent.CONTACT and is_contact
        ):
            row.url = reverse("evaluation:staff-answer", args=[cycle.code, version.slug])
            row.done = version.slug in mine
        rows.append(row)

    positioning = None
    if cycle.can_be_changed_by(user):
        positioning = positioning_results(cycle, enrolments)
    return Overview(rows, positioning)


def positioning_results(cycle: Cycle, enrolments) -> list[PositioningRow]:
    """Each trainee's positioning result: "prérequis acquis" or "à accompagner", or not yet."""
    results = {
        r.respondent_enrolment_id: r.version.questionnaire.prerequisites(r.answers)
        for r in Response.objects.of(cycle, POSITIONING).exclude(respondent_enrolment=None)
    }
    return [PositioningRow(e, results.get(e.pk)) for e in enrolments]


@dataclass
class TraineeRow:
    questionnaire: Questionnaire
    url: str
    answered: bool
    closes: datetime | None


def trainee_questionnaires(
    enrolment: Enrolment, token: str, now: datetime | None = None
) -> list[TraineeRow]:
    """The questionnaires open to this trainee now, and whether they answered each."""
    now = now or timezone.now()
    cycle = enrolment.cycle
    windows = due.cycle_windows(cycle)
    answered = set(
        Participation.objects.filter(cycle=cycle, enrolment=enrolment).values_list(
            "questionnaire", flat=True
        )
    )
    rows = []
    for version in ordered_versions():
        q = version.questionnaire
        window = windows.get(version.slug)
        if q.respondent != Respondent.TRAINEE or window is None:
            continue
        if window.is_open(now, enrolment):
            url = reverse("evaluation:trainee-answer", args=[token, version.slug])
            rows.append(TraineeRow(q, url, version.slug in answered, window.closes))
    return rows
