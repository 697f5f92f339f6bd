"""Complaints and incidents (indicator 31): reported by a trainee from their link, by a staff
user about a cycle they can read, or by the OF's administrator; handled by the administrator.

Whoever reported one follows it where they reported it: the trainee on their complaints page,
a staff user on the cycle's; the administrator sees them all.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acunum.complaints import intake
from acunum.complaints.access import get_complaint_for_admin
from acunum.complaints.forms import (
    AdminComplaintForm,
    ComplaintForm,
    StepForm,
    TraineeComplaintForm,
)
from acunum.complaints.models import Complaint, Refused
from acunum.cycles.access import (
    LinkRevoked,
    get_cycle_for_user,
    get_enrolment_for_token,
    require_of_admin,
    revoked_link_page,
)


def _filed_message(request) -> None:
    messages.success(
        request, _("Your report is recorded. The training organisation will acknowledge it.")
    )


@require_http_methods(["GET", "POST"])
def trainee_complaints(request, token: str):
    """GET: the trainee's reports and the form of a new one; POST: file it, about their cycle."""
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    cycle = enrolment.cycle
    form = TraineeComplaintForm(
        request.POST or None, initial={"cycle": cycle.code, "wants_answer": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            intake.from_trainee(
                enrolment, form.cleaned_data["cycle"], form.cleaned_data, timezone.now()
            )
        except Refused as refused:
            form.refuse(refused)
        else:
            _filed_message(request)
            return redirect(reverse("complaints:trainee", args=[token]) + "#h-mine")
    return render(
        request,
        "complaints/trainee_complaints.html",
        {
            "enrolment": enrolment,
            "cycle": cycle,
            "token": token,
            "form": form,
            "complaints": list(
                Complaint.objects.filter(enrolment=enrolment).prefetch_related("improvements")
            ),
            "hide_login": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_complaints(request, code):
    """GET: the reports about the cycle the user may follow, and the form of a new one."""
    cycle = get_cycle_for_user(request, code)
    form = ComplaintForm(request.POST or None, initial={"wants_answer": True})
    if request.method == "POST" and form.is_valid():
        try:
            intake.from_staff(request.user, cycle, form.cleaned_data, timezone.now())
        except Refused as refused:
            form.refuse(refused)
        else:
            _filed_message(request)
            return redirect(reverse("complaints:cycle", args=[cycle.code]) + "#h-mine")
    complaints = Complaint.objects.of_cycle(cycle).prefetch_related("improvements")
    if not request.user.is_of_admin:
        # A report may be about a colleague or the trainer: each reads their own only.
        complaints = complaints.filter(user=request.user)
    return render(
        request,
        "complaints/cycle_complaints.html",
        {
            "cycle": cycle,
            "form": form,
            "complaints": list(complaints.open_first()),
            "can_admin": request.user.is_of_admin,
            "today": timezone.localdate(),
            "nav": "dashboard",
        },
    )


@login_required
@require_GET
def complaint_list(request):
    require_of_admin(request)
    today = timezone.localdate()
    complaints = list(Complaint.objects.select_related("cycle__structure").open_first())
    for complaint in complaints:
        complaint.waiting = complaint.days_waiting(today)
    return render(
        request,
        "complaints/complaint_list.html",
        {
            "open": [c for c in complaints if c.status != Complaint.Status.CLOSED],
            "closed": [c for c in complaints if c.status == Complaint.Status.CLOSED],
            "today": today,
            "nav": "complaints",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    """The administrator records a report: their own, or one received by phone or mail."""
    require_of_admin(request)
    form = AdminComplaintForm(request.POST or None, initial={"wants_answer": True})
    if form.is_valid():
        try:
            complaint = intake.from_staff(
                request.user, form.cleaned_data["cycle"], form.cleaned_data, timezone.now()
            )
        except Refused as refused:
            form.refuse(refused)
        else:
            messages.success(request, _("The report is recorded."))
            return redirect(complaint)
    return render(request, "complaints/complaint_form.html", {"form": form, "nav": "complaints"})


@login_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request, code):
    """GET: the report, its steps and the improvements it caused; POST: one of its next steps,
    named by the button pressed."""
    complaint = get_complaint_for_admin(request, code)
    today = timezone.localdate()
    forms = {
        step: StepForm(step=step, prefix=step, initial={"date": today})
        for step in complaint.offered_steps()
    }
    if request.method == "POST":
        step = request.POST.get("step")
        if step not in forms:
            # Another administrator took this step first, or the page was old.
            messages.error(
                request,
                _("This step is no longer possible: the report is “%(status)s”.")
                % {"status": complaint.get_status_display()},
            )
            return redirect(complaint)
        form = forms[step] = StepForm(request.POST, step=step, prefix=step)
        if form.is_valid():
            try:
                _take_step(complaint, step, form.cleaned_data, request.user, today)
            except Refused as refused:
                form.refuse(refused)
            else:
                messages.success(
                    request, _("Status: %(status)s.") % {"status": complaint.get_status_display()}
                )
                return redirect(complaint)
    return render(
        request,
        "complaints/complaint_detail.html",
        {
            "complaint": complaint,
            "step_forms": list(forms.items()),
            "improvements": list(complaint.improvements.all()),
            "today": today,
            "nav": "complaints",
        },
    )


def _take_step(complaint: Complaint, step: str, values: dict, user, today) -> None:
    if step == Complaint.Status.ACKNOWLEDGED:
        complaint.acknowledge(values["date"], user, today)
    elif step == Complaint.Status.ANSWERED:
        complaint.record_answer(values["date"], values["text"], user, today)
    else:
        complaint.close(values["date"], user, today)


urlpatterns = [
    path("reclamations/", complaint_list, name="list"),
    path("reclamations/nouvelle/", complaint_new, name="new"),
    path("reclamations/<uuid:code>/", complaint_detail, name="detail"),
    path("cycles/<uuid:code>/reclamations/", cycle_complaints, name="cycle"),
    path("s/<str:token>/reclamation/", trainee_complaints, name="trainee"),
]
