"""The trainee's checklist as a PDF to take home: each step with where they are, their note, and
how to do it, so that what was not finished in the room can be finished at home."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from acunum.checklist import lists
from acunum.checklist.models import StepStatus
from acunum.cycles.models import Enrolment
from acunum.documents.french import french_date
from acunum.lib.typesetting import render

# The mark before each step: the same words as the page.
MARKS = {
    StepStatus.State.DONE: "Fait",
    StepStatus.State.NOT_APPLICABLE: "Ne me concerne pas",
    StepStatus.State.HELP: "Aide demandée",
    "": "À faire",
}


def checklist_data(enrolment: Enrolment, now: datetime) -> dict:
    sources: dict[str, dict] = {}
    sections = []
    for section in lists.sections(enrolment):
        if not section.parts:
            continue
        parts = []
        for part in section.parts:
            steps = []
            for line in part.lines:
                step = line.step
                for source in step.sources:
                    sources[source.key] = {
                        "key": source.key,
                        "title": source.title,
                        "publisher": source.publisher,
                        "url": source.url,
                        "licence": source.licence,
                    }
                steps.append(
                    {
                        "title": step.title,
                        "state": line.state,
                        "mark": MARKS[line.state],
                        "note": line.status.note if line.status else "",
                        "where": step.where,
                        "how": list(step.how),
                        "sources": [s.key for s in step.sources],
                    }
                )
            parts.append({"platform": str(part.platform.label), "steps": steps})
        sections.append(
            {
                "title": str(section.item.label),
                "settled": section.settled,
                "total": section.total,
                "parts": parts,
            }
        )
    return {
        "trainee": str(enrolment.trainee),
        "structure": enrolment.cycle.structure.name,
        "date": french_date(timezone.localdate(now)),
        "sections": sections,
        "sources": sorted(sources.values(), key=lambda s: s["key"]),
    }


def render_checklist(enrolment: Enrolment, *, issued: datetime) -> bytes:
    return render("checklist.typ", checklist_data(enrolment, issued), issued=issued)
