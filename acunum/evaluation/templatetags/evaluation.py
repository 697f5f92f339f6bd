"""The questionnaires' parts of pages that other apps render: the trainee's home page, the
cycle page and the public programme page. Tags, so that those views need not know about
questionnaires."""

from __future__ import annotations

from django import template

from acunum.evaluation.indicators import HOT_SATISFACTION, for_programme
from acunum.evaluation.models import MIN_ANSWERS, QuestionnaireVersion
from acunum.evaluation.overview import cycle_overview, trainee_questionnaires

register = template.Library()


@register.inclusion_tag("evaluation/includes/trainee_list.html")
def trainee_questionnaire_list(enrolment, token):
    return {"rows": trainee_questionnaires(enrolment, token)}


@register.inclusion_tag("evaluation/includes/cycle_section.html", takes_context=True)
def cycle_evaluations(context):
    """The "Évaluations" section of the cycle page, from what the page has already loaded."""
    cycle, user = context["cycle"], context["request"].user
    overview = cycle_overview(
        cycle, user, context["slots"], context["enrolments"], context["trainers"]
    )
    return {"cycle": cycle, "overview": overview, "can_edit": context.get("can_edit")}


@register.inclusion_tag("evaluation/includes/published_indicators.html")
def published_indicators(programme):
    """The programme's published results per year (Qualiopi indicator 2), from the snapshots:
    a tag, so that the public programme page's view need not know about evaluation, which sits
    below programmes in the layers (DESIGN §5)."""
    rows = for_programme(programme)
    version = QuestionnaireVersion.objects.current_of(HOT_SATISFACTION) if rows else None
    return {
        "indicators": rows,
        # Its overall question, for the rule the page states ("from 4 to 5 out of 5").
        "satisfaction": version.questionnaire.satisfaction_question() if version else None,
        "computed_at": max((r.computed_at for r in rows), default=None),
        "min_answers": MIN_ANSWERS,
    }
