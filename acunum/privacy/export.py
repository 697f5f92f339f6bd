"""A trainee's copy of everything held about them (RGPD articles 15 and 20), as one JSON document.

The keys are English and stable, documented in the README: `format` names this layout;
`trainee` is the person's record; each category of personal.py follows under its key, a list of
rows, every row naming its cycle by code (the `enrolments` list says which cycle that is).
Dates and times are ISO 8601, the drawings of signatures the pad's strokes as stored.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.text import slugify

from acunum.cycles.models import Trainee
from acunum.privacy.models import Erasure
from acunum.privacy.personal import CATEGORIES, Person, iso

FORMAT = "acunum-personal-data/1"


def _trainee(trainee: Trainee) -> dict:
    return {
        "id": trainee.pk,
        "last_name": trainee.last_name,
        "first_name": trainee.first_name,
        "email": trainee.email,
        "phone": trainee.phone,
        "job": trainee.job,
        "status": trainee.status,
        "accessibility_needs": trainee.accessibility_needs,
        "structure": trainee.structure.name,
    }


def _erasure(trainee: Trainee) -> dict | None:
    erasure = Erasure.objects.filter(trainee=trainee).first()
    if erasure is None:
        return None
    return {
        "at": iso(erasure.at),
        "scope": erasure.scope,
        "anonymised_at": iso(erasure.anonymised_at),
    }


def export(trainee: Trainee, now: datetime | None = None) -> dict:
    """Everything held about the trainee, across all their enrolments: plain JSON values."""
    person = Person.of(trainee)
    data = {
        "format": FORMAT,
        "exported_at": iso(now or timezone.now()),
        "trainee": _trainee(trainee),
        "erasure": _erasure(trainee),
    }
    for category in CATEGORIES:
        data[category.key] = [category.as_json(person, row) for row in category.rows(person)]
    return data


def filename(trainee: Trainee, now: datetime | None = None) -> str:
    """donnees-<name>-<date>.json; the trainee's number when no name is left."""
    name = slugify(f"{trainee.last_name} {trainee.first_name}") or f"stagiaire-{trainee.pk}"
    return f"donnees-{name}-{timezone.localdate(now):%Y-%m-%d}.json"
