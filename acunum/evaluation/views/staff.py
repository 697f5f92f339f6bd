"""Staff answer from the cycle's pages: the structure contact their satisfaction, the trainer
their appraisal of the cycle and their assessment of each trainee."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acunum.cycles.access import get_cycle_for_user, get_rw_cycle_for_user
from acunum.cycles.models import Cycle
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
from acunum.evaluation.models import QuestionnaireVersion, Response
from acunum.evaluation.questionnaire import Respondent


def _version(slug: str, *, per_trainee: bool) -> QuestionnaireVersion:
    version = QuestionnaireVersion.objects.current_of(slug)
    if version is None or version.questionnaire.per_trainee != per_trainee:
        raise Http404
    if version.questionnaire.respondent == Respondent.TRAINEE:
        raise Http404  # answered from the trainee's link only
    return version


def _require_respondent(cycle: Cycle, version: QuestionnaireVersion, user) -> None:
    """Only the cycle's structure contacts answer the contact's questionnaire, only its trainers
    the trainer's: the OF's admin reads the answers but does not give them."""
    if version.questionnaire.respondent == Respondent.CONTACT:
        allowed = cycle.structure.contacts.filter(pk=user.pk).exists()
    else:
        allowed = cycle.trainers.filter(pk=user.pk).exists()
    if not allowed:
        raise PermissionDenied


def _answer_page(request, cycle, version, who: Who, done_url: str, template: str, extra=None):
    """The shared flow: refuse when closed or answered, check the form, store, or show again."""
    now = timezone.now()
    form = AnswerForm(version.questionnaire, request.POST if request.method == "POST" else None)
    refusal = ""
    if request.method == "POST":
        try:
            check_open(cycle, version, who, now)
            if day := answered_on(cycle, version.slug, who):
                raise Refused(already_answered_message(day))
            if form.is_valid():
                answer(version, cycle, form.answers, who, now)
                messages.success(request, _("Thank you: your answers are recorded."))
                return redirect(done_url)
        except Refused as refused:
            refusal = str(refused)
    window = due.cycle_windows(cycle).get(version.slug)
    return render(
        request,
        template,
        {
            "cycle": cycle,
            "questionnaire": version.questionnaire,
            "form": form,
            "refusal": refusal,
            "answered": answered_on(cycle, version.slug, who),
            "state": window.state(now) if window else due.UPCOMING,
            "when": describe_window(window) if window else "",
            "nav": "dashboard",
            **(extra or {}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_answer(request, code, slug: str):
    cycle = get_cycle_for_user(request, code)
    version = _version(slug, per_trainee=False)
    _require_respondent(cycle, version, request.user)
    return _answer_page(
        request,
        cycle,
        version,
        Who(user=request.user),
        cycle.get_absolute_url(),
        "evaluation/staff_answer.html",
    )


@login_required
@require_GET
def assessments(request, code, slug: str):
    """Each trainee of the cycle, and the trainer's assessment of them, if given."""
    cycle = get_rw_cycle_for_user(request, code)
    version = _version(slug, per_trainee=True)
    enrolments = list(cycle.enrolments.select_related("trainee"))
    given = {
        r.subject_id: r
        for r in Response.objects.of(cycle, slug)
        .exclude(subject=None)
        .select_related("respondent_user")
    }
    rows = []
    for enrolment in enrolments:
        response = given.get(enrolment.pk)
        levels = []
        if response is not None:
            q = response.version.questionnaire
            levels = [
                (question, question.label_of(response.answers.get(question.id)))
                for question in q.objective_questions().values()
            ]
        rows.append({"enrolment": enrolment, "response": response, "levels": levels})
    window = due.cycle_windows(cycle).get(slug)
    return render(
        request,
        "evaluation/assessments.html",
        {
            "cycle": cycle,
            "questionnaire": version.questionnaire,
            "rows": rows,
            "assessed": len(given),
            "state": window.state(timezone.now()) if window else due.UPCOMING,
            "when": describe_window(window) if window else "",
            "is_trainer": cycle.trainers.filter(pk=request.user.pk).exists(),
            "nav": "dashboard",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, code, slug: str, seat: int):
    cycle = get_rw_cycle_for_user(request, code)
    version = _version(slug, per_trainee=True)
    _require_respondent(cycle, version, request.user)
    enrolment = get_object_or_404(cycle.enrolments.select_related("trainee"), seat=seat)
    return _answer_page(
        request,
        cycle,
        version,
        Who(user=request.user, subject=enrolment),
        reverse("evaluation:assessments", args=[cycle.code, slug]),
        "evaluation/assess.html",
        {"subject": enrolment},
    )


urlpatterns = [
    path("cycles/<uuid:code>/evaluations/<slug:slug>/", staff_answer, name="staff-answer"),
    path(
        "cycles/<uuid:code>/evaluations/<slug:slug>/stagiaires/",
        assessments,
        name="assessments",
    ),
    path(
        "cycles/<uuid:code>/evaluations/<slug:slug>/stagiaires/<int:seat>/",
        assess,
        name="assess",
    ),
]
