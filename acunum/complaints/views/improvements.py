"""Improvements (indicator 32): the OF's administrator records what changes and why."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acunum.complaints import improvements
from acunum.complaints.forms import ImprovementForm
from acunum.complaints.models import Complaint, Improvement, Refused
from acunum.cycles.access import require_of_admin


@login_required
@require_GET
def improvement_list(request):
    require_of_admin(request)
    rows = list(
        Improvement.objects.select_related(
            "complaint__cycle__structure", "cycle__structure"
        ).order_by("status", "-decided_on", "-pk")
    )
    return render(
        request,
        "complaints/improvement_list.html",
        {
            "planned": [i for i in rows if i.status == Improvement.Status.PLANNED],
            "done": [i for i in rows if i.status == Improvement.Status.DONE],
            "nav": "complaints",
        },
    )


def _initial(request) -> dict:
    """A new improvement, from the page of the complaint that caused it when it comes from one."""
    initial = {"decided_on": timezone.localdate(), "decided_by": str(request.user)}
    code = request.GET.get("reclamation")
    if code:
        complaint = Complaint.objects.filter(code=code).first() if _is_uuid(code) else None
        if complaint:
            initial |= {"complaint": complaint.code, "cause": complaint.kind}
    return initial


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def improvement_new(request):
    require_of_admin(request)
    form = ImprovementForm(request.POST or None, initial=_initial(request))
    if form.is_valid():
        try:
            improvement = improvements.record(
                form.cleaned_data, request.user, timezone.localdate(), timezone.now()
            )
        except Refused as refused:
            form.refuse(refused)
        else:
            messages.success(request, _("The improvement is recorded."))
            if improvement.complaint:
                return redirect(improvement.complaint)
            return redirect("complaints:improvement-list")
    return render(
        request,
        "complaints/improvement_form.html",
        {"form": form, "improvement": None, "nav": "complaints"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def improvement_edit(request, pk: int):
    require_of_admin(request)
    improvement = get_object_or_404(Improvement, pk=pk)
    form = ImprovementForm(request.POST or None, initial=ImprovementForm.initial_from(improvement))
    if form.is_valid():
        try:
            improvements.update(improvement, form.cleaned_data, timezone.localdate())
        except Refused as refused:
            form.refuse(refused)
        else:
            messages.success(request, _("The improvement is saved."))
            return redirect("complaints:improvement-list")
    return render(
        request,
        "complaints/improvement_form.html",
        {"form": form, "improvement": improvement, "nav": "complaints"},
    )


urlpatterns = [
    path("ameliorations/", improvement_list, name="improvement-list"),
    path("ameliorations/nouvelle/", improvement_new, name="improvement-new"),
    path("ameliorations/<int:pk>/", improvement_edit, name="improvement-edit"),
]
