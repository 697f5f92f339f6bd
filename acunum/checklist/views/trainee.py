"""The trainee's checklist, from their personal link: what they use, then the steps of each item
on each, marked done, not for them, or help wanted, with a note; and its PDF to take home."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acunum.checklist import document, lists
from acunum.checklist.forms import EquipmentForm
from acunum.checklist.models import StepStatus
from acunum.cycles.access import LinkRevoked, get_enrolment_for_token, revoked_link_page
from acunum.documents.views import pdf_response


@require_GET
def checklist(request, token: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    if not lists.platforms_of(enrolment):
        return redirect("checklist:equipment", token)
    sections = lists.sections(enrolment)
    return render(
        request,
        "checklist/checklist.html",
        {
            "enrolment": enrolment,
            "token": token,
            "sections": sections,
            "states": StepStatus.State.choices,
            "hide_login": True,
        },
    )


@require_http_methods(["GET", "POST"])
def equipment(request, token: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    current = lists.platforms_of(enrolment)
    if request.method == "POST":
        form = EquipmentForm(request.POST)
        if form.is_valid():
            lists.set_platforms(enrolment, form.platforms())
            messages.success(request, _("Your checklist follows what you use."))
            return redirect("checklist:checklist", token)
    else:
        form = EquipmentForm.for_platforms(current)
    return render(
        request,
        "checklist/equipment.html",
        {
            "enrolment": enrolment,
            "token": token,
            "form": form,
            "first_time": not current,
            "hide_login": True,
        },
    )


@require_POST
def mark(request, token: str, step: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    back = reverse("checklist:checklist", args=[token])
    try:
        status = lists.mark(
            enrolment,
            step[:120],
            request.POST.get("state", "")[:20],
            request.POST.get("note", ""),
        )
    except lists.Refused as refused:
        messages.error(request, str(refused))
        return redirect(back + "#etape-" + quote(step[:120]))
    if status is None:
        messages.success(request, _("The step is back to do."))
    elif status.state == StepStatus.State.HELP:
        messages.success(request, _("Your trainer sees your request: they will come to you."))
    else:
        messages.success(request, _("Recorded: %(state)s.") % {"state": status.get_state_display()})
    return redirect(back + "#etape-" + quote(step))


@require_GET
def checklist_pdf(request, token: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    if not lists.platforms_of(enrolment):
        return redirect("checklist:equipment", token)
    pdf = document.render_checklist(enrolment, issued=timezone.now())
    return pdf_response(pdf, "bien-regler-son-internet.pdf")


urlpatterns = [
    path("s/<str:token>/reglages/", checklist, name="checklist"),
    path("s/<str:token>/reglages/equipement/", equipment, name="equipment"),
    path("s/<str:token>/reglages/ma-liste.pdf", checklist_pdf, name="pdf"),
    path("s/<str:token>/reglages/<str:step>/", mark, name="mark"),
]
