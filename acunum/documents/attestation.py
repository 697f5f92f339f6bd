"""The training attestation (attestation de fin de formation) of one trainee, article L6353-1 of
the Code du travail: at the end of the training, the organisation gives each trainee an
attestation of the action's objectives, nature and duration, and of the results of the
assessment of what they learnt.

Issued on the same conditions as the certificate of completion (certificates.completion_missing):
it is for a training that is over, signed by the OF's legal representative. Its wording is French
in the template, whatever the reader's language; the duration is the ledger's, never the schedule's.

The assessment of what was learnt does not exist in the application yet: `assessment` is None
until it does, and the attestation then says nothing about it rather than print a result nobody
assessed.
"""

from __future__ import annotations

from django.utils import timezone

from acunum.cycles.models import Trainee
from acunum.documents.certificates import completion_missing
from acunum.documents.facts import CycleFacts
from acunum.documents.french import french_date, french_duration
from acunum.documents.sheets import Incomplete, organisation_data
from acunum.lib.typesetting import render


def attestation(enrolment, *, now=None, assessment: list[dict] | None = None, facts=None) -> bytes:
    """The PDF of the trainee's training attestation, or Incomplete with what is missing."""
    now = now or timezone.now()
    data = attestation_data(enrolment, now, assessment=assessment, facts=facts)
    return render("attestation.typ", data, issued=now)


def attestation_data(enrolment, now, *, assessment: list[dict] | None = None, facts=None) -> dict:
    """What the attestation prints, or Incomplete with what is missing.

    `assessment`: the result of each objective's assessment, [{"objective": …, "result": …}],
    or None while the trainee's learning has not been assessed (nothing is printed about it).
    """
    cycle, trainee = enrolment.cycle, enrolment.trainee
    facts = facts or CycleFacts.load(cycle)
    organisation, slots = facts.organisation, facts.slots
    if missing := completion_missing(cycle, organisation, slots):
        raise Incomplete(missing)
    version = cycle.programme_version
    if trainee.status == Trainee.Status.VOLUNTEER:
        bond = "bénévole de la structure"
    else:
        bond = "salarié(e) de la structure"
    return {
        "organisation": organisation_data(organisation),
        "representative": organisation.legal_representative.strip(),
        "trainee": f"{trainee.last_name.upper()} {trainee.first_name}",
        "bond": bond,
        "structure": cycle.structure.name,
        "programme": version.programme.title,
        "title": version.data.get("long_title", ""),
        "objectives": version.data["objectives"],
        "start": french_date(slots[0].date),
        "end": french_date(slots[-1].date),
        "realised": french_duration(facts.trainee_hours(enrolment).minutes),
        "planned": french_duration(facts.assiduity.planned),
        "assessment": [
            {"objective": str(row["objective"]), "result": str(row["result"])} for row in assessment
        ]
        if assessment  # an empty list assessed nothing either
        else None,
        "city": organisation.city,
        "issued": french_date(timezone.localdate(now)),
    }
