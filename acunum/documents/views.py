"""Documents of a cycle, as PDF. Every view checks access first, then asks documents/ for the
file; a document that lacks data is refused with the list of what to fill in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from acunum.cycles.access import get_cycle_for_user
from acunum.documents import certificates, sheets
from acunum.documents.programme import programme_pdf
from acunum.programmes.models import Programme


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    # Shown in the browser, saved under a name that says what it is.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def incomplete(
    request, document: str, missing: list[str], *, back_url: str, back_label: str, cycle=None
):
    """What to fill in before the document can be issued, and the way back to where to do it."""
    context = {
        "cycle": cycle,
        "document": document,
        "missing": missing,
        "back_url": back_url,
        "back_label": back_label,
        "nav": "dashboard" if cycle else "",
    }
    return render(request, "documents/incomplete.html", context, status=409)


def cycle_incomplete(request, cycle, document: str, missing: list[str]):
    return incomplete(
        request,
        document,
        missing,
        back_url=cycle.get_absolute_url(),
        back_label=_("Back to the cycle"),
        cycle=cycle,
    )


@login_required
@require_GET
def attendance_sheet(request, code, index: int):
    cycle = get_cycle_for_user(request, code)
    slot = get_object_or_404(cycle.slots.select_related("sequence", "window"), index=index)
    try:
        pdf = sheets.attendance_sheet(slot)
    except sheets.Incomplete as e:
        document = _("the attendance sheet of this half-day")
        return cycle_incomplete(request, cycle, document, e.missing)
    return pdf_response(pdf, f"emargement-{slot.date:%Y-%m-%d}-demi-journee-{slot.index}.pdf")


@require_GET
def programme(request, slug: str, number: int | None = None):
    """Public, like the programme page: the current version, or an old one by its number."""
    programme = get_object_or_404(Programme, slug=slug)
    if number is None:
        version = programme.latest_version()
    else:
        version = programme.versions.filter(number=number).first()
    if version is None:
        raise Http404
    try:
        pdf = programme_pdf(version)
    except sheets.Incomplete as e:
        return incomplete(
            request,
            _("this programme as a PDF"),
            e.missing,
            back_url=reverse("programmes:public-version", args=[programme.slug, version.number]),
            back_label=programme.title,
        )
    return pdf_response(pdf, f"programme-{programme.slug}-version-{version.number}.pdf")


@login_required
@require_GET
def completion_certificate(request, code, seat: int):
    cycle = get_cycle_for_user(request, code)
    enrolment = get_object_or_404(cycle.enrolments.select_related("trainee"), seat=seat)
    try:
        pdf = certificates.completion_certificate(enrolment)
    except sheets.Incomplete as e:
        document = _("the certificate of completion of %(name)s") % {"name": enrolment.trainee}
        return cycle_incomplete(request, cycle, document, e.missing)
    name = slugify(f"{enrolment.trainee.last_name} {enrolment.trainee.first_name}")
    return pdf_response(pdf, f"certificat-realisation-{name or enrolment.seat}.pdf")


app_name = "documents"
urlpatterns = [
    path(
        "cycles/<uuid:code>/emargement/<int:index>/feuille.pdf",
        attendance_sheet,
        name="attendance-sheet",
    ),
    path(
        "cycles/<uuid:code>/stagiaires/<int:seat>/certificat.pdf",
        completion_certificate,
        name="completion-certificate",
    ),
    # Ends in .pdf, where the programme page's URLs end in a slash: neither catches the other.
    path("programmes/<slug:slug>.pdf", programme, name="programme-pdf"),
    path(
        "programmes/<slug:slug>/version-<int:number>.pdf",
        programme,
        name="programme-version-pdf",
    ),
]
