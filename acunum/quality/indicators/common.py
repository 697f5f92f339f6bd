"""What the indicators of several criteria share."""

from __future__ import annotations

from django.utils.translation import gettext as _

from acunum.evaluation.questionnaire import Respondent
from acunum.quality.evidence import (
    Evidence,
    Missing,
    cycle_url,
    in_scope,
)

# The questionnaire files' slugs (acunum/evaluation/questionnaires/), beside the hot
# satisfaction's, which the published indicators already name.
COLD_SATISFACTION = "satisfaction-froid"
SPONSOR_SATISFACTION = "satisfaction-commanditaire"
SELF_ASSESSMENT = "evaluation-acquis"


def trainee_questionnaire(data, purpose: str):
    """The questionnaire the trainees answer for this purpose (not the trainer's assessment of
    each of them), with its figures in this cycle."""
    return next(
        (
            r
            for r in data.questionnaires(purpose)
            if r.questionnaire.respondent == Respondent.TRAINEE and not r.questionnaire.per_trainee
        ),
        None,
    )


def no_trainee(scope, data, found: Evidence) -> None:
    found.missing.append(
        Missing(
            in_scope(scope, data, _("No trainee is enrolled yet.")),
            cycle_url(data, "cycles:trainee-add"),
            _("Add a trainee"),
        )
    )
