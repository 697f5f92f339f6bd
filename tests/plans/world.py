"""Helpers of the action plan's tests, and the rows of tests/test_access.py for its URLs.

The BaseTestCase world is scheduled from January 2026: DJ8 is long past, so the plans are open.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from acunum.cycles.models import Cycle
from acunum.plans import accompaniment, commitments
from acunum.plans.commitments import Author


def fields(**overrides) -> dict:
    values = {
        "usage": "Un agenda partagé pour l’équipe",
        "why": "Ne plus croiser les rendez-vous des familles",
        "with_whom": "Les collègues du pôle famille",
        "by_when": timezone.localdate() + timedelta(days=60),
        "first_step": "En parler à la réunion d’équipe de lundi",
        "support": "Une heure avec le service informatique",
    }
    return {**values, **overrides}


def form_data(**overrides) -> dict:
    """The same, as a browser sends it."""
    data = fields(**overrides)
    if data["by_when"] is not None and not isinstance(data["by_when"], str):
        data["by_when"] = data["by_when"].isoformat()
    return {k: "" if v is None else v for k, v in data.items()}


def commit(enrolment, **overrides):
    return commitments.add(enrolment, fields(**overrides), timezone.now())


def in_accompaniment(cycle: Cycle) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.ACCOMPANIMENT)
    cycle.status = Cycle.Status.ACCOMPANIMENT
    return cycle


def meeting_fields(**overrides) -> dict:
    values = {
        "date": timezone.localdate() - timedelta(days=3),
        "participants": "La directrice, deux stagiaires, la formatrice",
        "notes": "L’agenda partagé est en place au pôle famille.",
        "decisions": "Étendre l’agenda au pôle hébergement en septembre.",
    }
    return {**values, **overrides}


def close(cycle: Cycle, user) -> None:
    in_accompaniment(cycle)
    accompaniment.close(
        cycle,
        {"date": timezone.localdate(), "text": "Un bilan positif : trois usages en place."},
        user,
        timezone.now(),
    )


# Rows of tests/test_access.py.


def token_kwargs(t) -> dict:
    return {"token": t.dominique_token}


def planned_token_kwargs(t) -> dict:
    """Dominique's link, with one commitment in her plan."""
    commit(t.dominique)
    return token_kwargs(t)


def commitment_kwargs(t) -> dict:
    commit(t.dominique)
    return {**token_kwargs(t), "number": 1}


def rewrite_data(t) -> dict:
    return form_data(usage="Un groupe Signal avec les familles")


def trainee_status_data(t) -> dict:
    pk = t.dominique.commitments.get(number=1).pk
    return {f"c{pk}-status": "under_way", f"c{pk}-note": "Premier essai cette semaine"}


def plan_pdf_kwargs(t) -> dict:
    commit(t.dominique)
    return {"code": t.cycle.code, "seat": t.dominique.seat}


def staff_status_kwargs(t) -> dict:
    commitment = commit(t.dominique)
    return {"code": t.cycle.code, "commitment": commitment.pk}


def staff_status_data(t) -> dict:
    pk = t.dominique.commitments.get(number=1).pk
    return {f"c{pk}-status": "under_way", f"c{pk}-note": "Vu en réunion d’équipe"}


def synthesis_kwargs(t) -> dict:
    commit(t.dominique)
    return {"code": t.cycle.code}


def synthesis_data(t) -> dict:
    pk = t.dominique.commitments.get(number=1).pk
    return {
        "text_work_organisation": "Un temps d’équipe mensuel pour l’agenda partagé.",
        "commitments_work_organisation": [pk],
    }


def accompaniment_kwargs(t) -> dict:
    in_accompaniment(t.cycle)
    return {"code": t.cycle.code}


def meeting_data(t) -> dict:
    return {k: str(v) for k, v in meeting_fields().items()}


def meeting_kwargs(t) -> dict:
    in_accompaniment(t.cycle)
    meeting = accompaniment.record_meeting(t.cycle, meeting_fields(), t.bob, timezone.now())
    return {"code": t.cycle.code, "meeting": meeting.pk}


def changed_meeting_data(t) -> dict:
    return {k: str(v) for k, v in meeting_fields(notes="Notes relues par la structure").items()}


def review_data(t) -> dict:
    return {"date": timezone.localdate().isoformat(), "text": "Bilan : l’agenda est adopté."}


def trainee_author(enrolment) -> Author:
    return Author.trainee(enrolment)
