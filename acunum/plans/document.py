"""The action plan's PDFs: a trainee's own plan, and the cycle's synthesis for the structure.

Both are French whatever the reader's language, like every document of the cycle: the templates
hold the wording, this module the data.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from acunum.accounts.models import Organisation
from acunum.cycles.models import Cycle, Enrolment
from acunum.documents.french import french_date, full_title
from acunum.lib.typesetting import render
from acunum.plans import accompaniment, commitments


def paragraphs(text: str) -> list[str]:
    """The text's lines, each printed as its own line: Typst reads the data as plain strings."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _status(commitment) -> dict:
    current = commitments.current_status(commitment)
    if current is None:
        return {"status": "", "status_note": [], "status_date": "", "status_by": ""}
    return {
        "status": current.status,
        "status_note": paragraphs(current.note),
        "status_date": french_date(timezone.localdate(current.at)),
        "status_by": current.name,
    }


def commitment_data(commitment) -> dict:
    return {
        "number": commitment.number,
        "usage": commitment.usage,
        "why": paragraphs(commitment.why),
        "with_whom": commitment.with_whom,
        "by_when": french_date(commitment.by_when),
        "first_step": paragraphs(commitment.first_step),
        "support": paragraphs(commitment.support),
        **_status(commitment),
    }


def _cycle_data(cycle: Cycle, now: datetime) -> dict:
    organisation = Organisation.current()
    day = commitments.plan_day(cycle)
    trainers = cycle.trainers.order_by("last_name", "first_name", "pk")
    return {
        "structure": cycle.structure.name,
        "programme": full_title(cycle.programme_version),
        "organisation": organisation.name if organisation else "",
        "trainers": [t.get_full_name() or t.username for t in trainers],
        "plan_day": french_date(day) if day else "",
        "date": french_date(timezone.localdate(now)),
    }


def plan_data(enrolment: Enrolment, now: datetime) -> dict:
    return {
        **_cycle_data(enrolment.cycle, now),
        "trainee": str(enrolment.trainee),
        "job": enrolment.trainee.job,
        "commitments": [commitment_data(c) for c in commitments.commitments_of(enrolment)],
    }


def render_plan(enrolment: Enrolment, *, issued: datetime) -> bytes:
    return render("action_plan.typ", plan_data(enrolment, issued), issued=issued)


def synthesis_data(cycle: Cycle, now: datetime) -> dict:
    plans = accompaniment.cycle_plans(cycle)
    by_id = {c.pk: (plan.enrolment, c) for plan in plans for c in plan.commitments}
    themes = []
    for item in accompaniment.synthesis(cycle):
        drawn = [by_id[pk] for pk in item.commitment_ids if pk in by_id]
        themes.append(
            {
                "theme": item.theme.value,
                "text": paragraphs(item.text),
                "commitments": [
                    {"trainee": str(enrolment.trainee), "usage": c.usage} for enrolment, c in drawn
                ],
            }
        )
    return {
        **_cycle_data(cycle, now),
        "themes": themes,
        "trainees": [
            {
                "name": str(plan.enrolment.trainee),
                "job": plan.enrolment.trainee.job,
                "commitments": [commitment_data(c) for c in plan.commitments],
            }
            for plan in plans
            if plan.commitments
        ],
        "without_plan": sum(1 for plan in plans if not plan.commitments),
    }


def render_synthesis(cycle: Cycle, *, issued: datetime) -> bytes:
    return render("plan_synthesis.typ", synthesis_data(cycle, issued), issued=issued)
