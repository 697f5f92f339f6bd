"""The trainee answers a questionnaire from their personal link, on their phone."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from acunum.cycles.access import LinkRevoked, get_enrolment_for_token, revoked_link_page
from acunum.evaluation import due
from acunum.evaluation.answering import (
    Refused,
    Who,
    already_answered_message,
    answer,
    answered_on,
    check_open,
    describe_window,
)
from acunum.evaluation.forms import AnswerForm
from acunum.evaluation.models import QuestionnaireVersion
from acunum.evaluation.questionnaire import Respondent


def _trainee_version(slug: str) -> QuestionnaireVersion:
    version = QuestionnaireVersion.objects.current_of(slug)
    if version is None or version.questionnaire.respondent != Respondent.TRAINEE:
        raise Http404
    return version


@require_http_methods(["GET", "POST"])
def trainee_answer(request, token: str, slug: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    version = _trainee_version(slug)
    cycle, who, now = enrolment.cycle, Who(enrolment=enrolment), timezone.now()
    form = AnswerForm(version.questionnaire, request.POST if request.method == "POST" else None)
    refusal = ""
    if request.method == "POST":
        try:
            check_open(cycle, version, who, now)
            if day := answered_on(cycle, slug, who):
                raise Refused(already_answered_message(day))
            if form.is_valid():
                answer(version, cycle, form.answers, who, now)
                return redirect("evaluation:trainee-thanks", token, slug)
        except Refused as refused:
            refusal = str(refused)
    window = due.cycle_windows(cycle).get(slug)
    return render(
        request,
        "evaluation/trainee_answer.html",
        {
            "enrolment": enrolment,
            "token": token,
            "cycle": cycle,
            "questionnaire": version.questionnaire,
            "form": form,
            "refusal": refusal,
            "answered": answered_on(cycle, slug, who),
            "state": window.state(now, enrolment) if window else due.UPCOMING,
            "when": describe_window(window, enrolment) if window else "",
            "hide_login": True,
        },
    )


@require_GET
def trainee_thanks(request, token: str, slug: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    version = _trainee_version(slug)
    if not answered_on(enrolment.cycle, slug, Who(enrolment=enrolment)):
        return redirect("evaluation:trainee-answer", token, slug)
    return render(
        request,
        "evaluation/trainee_thanks.html",
        {
            "enrolment": enrolment,
            "token": token,
            "questionnaire": version.questionnaire,
            "hide_login": True,
        },
    )


urlpatterns = [
    path("s/<str:token>/questionnaires/<slug:slug>/", trainee_answer, name="trainee-answer"),
    path("s/<str:token>/questionnaires/<slug:slug>/merci/", trainee_thanks, name="trainee-thanks"),
]
