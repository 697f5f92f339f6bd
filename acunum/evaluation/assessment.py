"""The trainer's assessment of each trainee's learning, as the training attestation prints it
(article L6353-1: the attestation states the result of the assessment of what was learnt)."""

from __future__ import annotations

from dataclasses import dataclass

from acunum.cycles.models import Cycle
from acunum.evaluation.models import Response
from acunum.evaluation.questionnaire import TEXT

TRAINER_ASSESSMENT = "evaluation-acquis-formateur"


@dataclass(frozen=True)
class Assessment:
    # [{"objective": the programme's objective, "result": the level chosen}], by objective
    rows: list[dict]
    comment: str = ""


def trainer_assessments(cycle: Cycle) -> dict[int, Assessment]:
    """Enrolment id → the trainer's assessment of that trainee, in one query.

    Each objective reads as the programme version's text of it (the attestation lists the same
    objectives above); the result is the label of the level the trainer chose.
    """
    objectives = cycle.programme_version.data.get("objectives", [])
    parsed = {}
    found = {}
    responses = Response.objects.filter(cycle=cycle, questionnaire=TRAINER_ASSESSMENT).exclude(
        subject=None
    )
    for response in responses.select_related("version"):
        # Each version's file read once, however many trainees answered it.
        q = parsed.setdefault(response.version_id, response.version.questionnaire)
        rows = []
        for n, question in sorted(q.objective_questions().items()):
            text = objectives[n - 1] if 0 < n <= len(objectives) else question.text
            result = question.label_of(response.answers.get(question.id))
            if result:
                # In a table cell, not a list: without the list's closing semicolon.
                rows.append(
                    {"objective": text.strip().removesuffix(";").rstrip(), "result": result}
                )
        comment = next((response.answers.get(x.id, "") for x in q.questions if x.type == TEXT), "")
        found[response.subject_id] = Assessment(rows, comment)
    return found
