"""The training attestation (attestation de fin de formation) of one trainee, article L6353-1 of
the Code du travail: at the end of the training, the organisation gives each trainee an
attestation of the action's objectives, nature and duration, and of the results of the
assessment of what they learnt.

Issued on the same conditions as the certificate of completion (certificates.completion_missing):
it is for a training that is over, signed by the OF's legal representative. Its wording is French
in the template, whatever the reader's language; the duration is the ledger's, never the schedule's.

The result of the assessment is the trainer's assessment of the trainee (the questionnaire
`evaluation-acquis-formateur`, acunum/evaluation/assessment.py): for each of the programme's
objectives, the level the trainer chose, and their comment if they wrote one. Until the trainer
has assessed the trainee, the attestation is refused, like a document that lacks its data: the
law asks it to state that result, and it would otherwise be issued without it.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

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

    `assessment`: the result of each objective's assessment, [{"objective": …, "result": …}];
    by default (None), the trainer's assessment of this trainee, with its comment.
    """
    cycle, trainee = enrolment.cycle, enrolment.trainee
    facts = facts or CycleFacts.load(cycle)
    organisation, slots = facts.organisation, facts.slots
    missing = completion_missing(cycle, organisation, slots)
    comment = ""
    if assessment is None:
        found = facts.assessments.get(enrolment.pk)
        assessment, comment = (found.rows, found.comment) if found else ([], "")
    if not assessment:
        missing.append(
            _("the trainer's assessment of %(name)s's learning, under “Evaluations”")
            % {"name": trainee}
        )
    if missing:
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
        "start": french_date(slots[0].date),
        "end": french_date(slots[-1].date),
        "realised": french_duration(facts.trainee_hours(enrolment).minutes),
        "planned": french_duration(facts.assiduity.planned),
        "assessment": [
            {"objective": str(row["objective"]), "result": str(row["result"])} for row in assessment
        ],
        "comment": comment.strip(),
        "city": organisation.city,
        "issued": french_date(timezone.localdate(now)),
    }
