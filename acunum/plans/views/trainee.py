"""The trainee's action plan, from their personal link: write one to three commitments at DJ8,
rewrite them until the accompaniment is closed, say where each stands, take the PDF home."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acunum.cycles.access import LinkRevoked, get_enrolment_for_token, revoked_link_page
from acunum.documents.views import pdf_response
from acunum.plans import commitments, document
from acunum.plans.commitments import Author, Refused
from acunum.plans.forms import CommitmentForm, StatusForm, status_form
from acunum.plans.models import MAX_COMMITMENTS


def _anchor(token: str, number: int) -> str:
    return reverse("plans:trainee-plan", args=[token]) + f"#engagement-{number}"


def _plan_page(request, enrolment, token, form=None, status_forms=None):
    today = timezone.localdate()
    mine = commitments.commitments_of(enrolment)
    for commitment in mine:
        commitment.current = commitments.current_status(commitment)
        commitment.status_form = (status_forms or {}).get(commitment.pk) or status_form(commitment)
    try:
        commitments.check_open(enrolment.cycle, today)
        closed_because = ""
    except Refused as refused:
        closed_because = str(refused)
    can_add = not closed_because and len(mine) < MAX_COMMITMENTS
    return render(
        request,
        "plans/trainee_plan.html",
        {
            "enrolment": enrolment,
            "token": token,
            "commitments": mine,
            "form": form if form is not None else (CommitmentForm() if can_add else None),
            "closed_because": closed_because,
            "is_closed": bool(commitments.frozen_because(enrolment.cycle)),
            "full": len(mine) >= MAX_COMMITMENTS,
            "max": MAX_COMMITMENTS,
            "hide_login": True,
        },
    )


@require_http_methods(["GET", "POST"])
def plan(request, token: str):
    """GET: the plan and, while there is room, the form of a new commitment; POST: add it."""
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    if request.method == "GET":
        return _plan_page(request, enrolment, token)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        try:
            commitment = commitments.add(enrolment, form.cleaned_data, timezone.now())
        except Refused as refused:
            form.refuse(refused)
        else:
            messages.success(
                request,
                _("Commitment %(n)s is in your action plan.") % {"n": commitment.number},
            )
            return redirect(_anchor(token, commitment.number))
    return _plan_page(request, enrolment, token, form=form)


@require_http_methods(["GET", "POST"])
def edit(request, token: str, number: int):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    commitment = get_object_or_404(enrolment.commitments, number=number)
    if request.method == "POST":
        form = CommitmentForm(request.POST)
        if form.is_valid():
            try:
                commitments.change(commitment, form.cleaned_data, timezone.now())
            except Refused as refused:
                form.refuse(refused)
            else:
                messages.success(request, _("Commitment %(n)s is saved.") % {"n": number})
                return redirect(_anchor(token, number))
    else:
        form = CommitmentForm.of(commitment)
    try:
        commitments.check_open(enrolment.cycle, timezone.localdate())
        closed_because = ""
    except Refused as refused:
        closed_because = str(refused)
    return render(
        request,
        "plans/commitment_form.html",
        {
            "enrolment": enrolment,
            "token": token,
            "commitment": commitment,
            "form": form,
            "closed_because": closed_because,
            "can_remove": not closed_because and not commitment.changes.exists(),
            "hide_login": True,
        },
    )


@require_POST
def remove(request, token: str, number: int):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    commitment = get_object_or_404(enrolment.commitments, number=number)
    try:
        commitments.remove(commitment, timezone.now())
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The commitment is removed from your action plan."))
    return redirect("plans:trainee-plan", token)


@require_POST
def status(request, token: str, number: int):
    """The trainee says where one of their commitments stands: a new line in its history."""
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    commitment = get_object_or_404(enrolment.commitments, number=number)
    form = StatusForm(request.POST, prefix=f"c{commitment.pk}")
    if form.is_valid():
        try:
            change = commitments.record_status(
                commitment,
                form.cleaned_data["status"],
                form.cleaned_data["note"],
                Author.trainee(enrolment),
                timezone.now(),
            )
        except Refused as refused:
            if refused.field is None:  # nothing to correct in the form: the plan is closed
                messages.error(request, str(refused))
                return redirect("plans:trainee-plan", token)
            form.refuse(refused)
        else:
            messages.success(
                request,
                _("Recorded: %(status)s.") % {"status": change.get_status_display()},
            )
            return redirect(_anchor(token, number))
    return _plan_page(request, enrolment, token, status_forms={commitment.pk: form})


@require_GET
def plan_pdf(request, token: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    pdf = document.render_plan(enrolment, issued=timezone.now())
    return pdf_response(pdf, "mon-plan-d-action.pdf")


urlpatterns = [
    path("s/<str:token>/plan/", plan, name="trainee-plan"),
    path("s/<str:token>/plan/mon-plan-d-action.pdf", plan_pdf, name="trainee-pdf"),
    path("s/<str:token>/plan/<int:number>/", edit, name="trainee-edit"),
    path("s/<str:token>/plan/<int:number>/retirer/", remove, name="trainee-remove"),
    path("s/<str:token>/plan/<int:number>/avancement/", status, name="trainee-status"),
]
