"""The trainer's side of the action plan: every trainee's commitments, the synthesis for the
structure under the four themes, and their PDFs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acunum.cycles.access import get_cycle_for_user, get_rw_cycle_for_user
from acunum.documents.views import pdf_response
from acunum.plans import accompaniment, commitments, document
from acunum.plans.commitments import Refused
from acunum.plans.forms import SynthesisForm


def _open_state(cycle) -> str:
    """Why the plan cannot change now, or "" when it can."""
    try:
        commitments.check_open(cycle, timezone.localdate())
    except Refused as refused:
        return str(refused)
    return ""


@login_required
@require_GET
def cycle_plans(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    plans = accompaniment.cycle_plans(cycle)
    themes = accompaniment.synthesis(cycle)
    return render(
        request,
        "plans/cycle_plans.html",
        {
            "cycle": cycle,
            "plans": plans,
            "written": sum(1 for p in plans if p.commitments),
            "themes": themes,
            "has_synthesis": accompaniment.has_synthesis(themes),
            "plan_day": commitments.plan_day(cycle),
            "closed_because": _open_state(cycle),
            "nav": "dashboard",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def synthesis(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    plans = accompaniment.cycle_plans(cycle)
    everyone = [c for plan in plans for c in plan.commitments]
    if request.method == "POST":
        form = SynthesisForm(request.POST, commitments=everyone)
        if form.is_valid():
            try:
                accompaniment.save_synthesis(
                    cycle, form.texts(), form.drawn_on(), request.user, timezone.now()
                )
            except Refused as refused:
                form.refuse(refused)
            else:
                messages.success(request, _("The synthesis is saved."))
                return redirect("plans:cycle-plans", cycle.code)
    else:
        initial = SynthesisForm.initial_from(accompaniment.synthesis(cycle))
        form = SynthesisForm(initial=initial, commitments=everyone)
    return render(
        request,
        "plans/synthesis_form.html",
        {
            "cycle": cycle,
            "form": form,
            "plans": plans,
            "closed_because": _open_state(cycle),
            "nav": "dashboard",
        },
    )


@login_required
@require_GET
def synthesis_pdf(request, code):
    """For those who run the cycle and for the structure's contact: the synthesis is theirs."""
    cycle = get_cycle_for_user(request, code)
    pdf = document.render_synthesis(cycle, issued=timezone.now())
    return pdf_response(pdf, "synthese-des-plans-d-action.pdf")


@login_required
@require_GET
def plan_pdf(request, code, seat: int):
    cycle = get_rw_cycle_for_user(request, code)
    enrolment = get_object_or_404(cycle.enrolments.select_related("trainee"), seat=seat)
    pdf = document.render_plan(enrolment, issued=timezone.now())
    return pdf_response(pdf, f"plan-d-action-{seat:02d}.pdf")


urlpatterns = [
    path("cycles/<uuid:code>/plan-d-action/", cycle_plans, name="cycle-plans"),
    path("cycles/<uuid:code>/plan-d-action/synthese/", synthesis, name="synthesis"),
    path("cycles/<uuid:code>/plan-d-action/synthese.pdf", synthesis_pdf, name="synthesis-pdf"),
    path("cycles/<uuid:code>/plan-d-action/<int:seat>.pdf", plan_pdf, name="plan-pdf"),
]
