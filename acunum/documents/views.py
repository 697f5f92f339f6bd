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

from acunum.accounts import audit
from acunum.attendance.views.cards import link_base
from acunum.cycles.access import get_cycle_for_user
from acunum.documents import agreement, attestation, certificates, dossier, record, sheets
from acunum.documents import convocation as convocations
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
    filename = f"emargement-{slot.date:%Y-%m-%d}-demi-journee-{slot.index}.pdf"
    audit.record(request, audit.Action.DOWNLOAD, cycle, filename)  # it names the trainees
    return pdf_response(pdf, filename)


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


def cycle_pdf(request, code, issue, document: str, filename: str, *, names_trainees=False):
    """A document of the cycle (`issue(cycle)`), to a reader of the cycle."""
    cycle = get_cycle_for_user(request, code)
    try:
        pdf = issue(cycle)
    except sheets.Incomplete as e:
        return cycle_incomplete(request, cycle, document, e.missing)
    if names_trainees:
        audit.record(request, audit.Action.DOWNLOAD, cycle, filename)
    return pdf_response(pdf, f"{filename}-{slugify(cycle.structure.name) or 'structure'}.pdf")


def trainee_pdf(request, code, seat: int, issue, document: str, filename: str):
    """A document of one trainee (`issue(enrolment)`), to a reader of the cycle. `document`
    names it in the refusal, with %(name)s for the trainee."""
    cycle = get_cycle_for_user(request, code)
    enrolment = get_object_or_404(cycle.enrolments.select_related("trainee"), seat=seat)
    enrolment.cycle = cycle
    try:
        pdf = issue(enrolment)
    except sheets.Incomplete as e:
        document = document % {"name": enrolment.trainee}
        return cycle_incomplete(request, cycle, document, e.missing)
    audit.record(request, audit.Action.DOWNLOAD, enrolment.trainee, filename)
    name = slugify(f"{enrolment.trainee.last_name} {enrolment.trainee.first_name}")
    return pdf_response(pdf, f"{filename}-{name or enrolment.seat}.pdf")


@login_required
@require_GET
def quote(request, code):
    return cycle_pdf(request, code, agreement.quote, _("the quote of this cycle"), "devis")


@login_required
@require_GET
def training_agreement(request, code):
    document = _("the training agreement of this cycle")
    issue = agreement.agreement  # it lists the trainees
    return cycle_pdf(request, code, issue, document, "convention", names_trainees=True)


@login_required
@require_GET
def convocation(request, code, seat: int):
    # The link printed is the one phones can open, as on the trainees' cards.
    base_url = link_base(request)
    return trainee_pdf(
        request,
        code,
        seat,
        lambda enrolment: convocations.convocation(enrolment, base_url=base_url),
        _("the convocation of %(name)s"),
        "convocation",
    )


@login_required
@require_GET
def attendance_record(request, code, seat: int):
    document = _("the attendance record of %(name)s")
    issue = record.attendance_record
    return trainee_pdf(request, code, seat, issue, document, "releve-emargement")


@login_required
@require_GET
def completion_certificate(request, code, seat: int):
    document = _("the certificate of completion of %(name)s")
    issue = certificates.completion_certificate
    return trainee_pdf(request, code, seat, issue, document, "certificat-realisation")


@login_required
@require_GET
def training_attestation(request, code, seat: int):
    document = _("the training attestation of %(name)s")
    issue = attestation.attestation
    return trainee_pdf(request, code, seat, issue, document, "attestation-fin-formation")


@login_required
@require_GET
def cycle_dossier(request, code):
    cycle = get_cycle_for_user(request, code)
    try:
        # The convocations print each link with the address phones can open, as cards do.
        data = dossier.dossier(cycle, base_url=link_base(request))
    except sheets.Incomplete as e:
        return cycle_incomplete(request, cycle, _("the dossier of this cycle"), e.missing)
    audit.record(request, audit.Action.DOWNLOAD, cycle, "dossier")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{dossier.name(cycle)}.zip"'
    return response


app_name = "documents"
urlpatterns = [
    # Ends in .pdf, where the programme page's URLs end in a slash: neither catches the other.
    path("programmes/<slug:slug>.pdf", programme, name="programme-pdf"),
    path(
        "programmes/<slug:slug>/version-<int:number>.pdf",
        programme,
        name="programme-version-pdf",
    ),
    path("cycles/<uuid:code>/devis.pdf", quote, name="quote"),
    path("cycles/<uuid:code>/convention.pdf", training_agreement, name="agreement"),
    path(
        "cycles/<uuid:code>/emargement/<int:index>/feuille.pdf",
        attendance_sheet,
        name="attendance-sheet",
    ),
    path("cycles/<uuid:code>/dossier.zip", cycle_dossier, name="dossier"),
    path(
        "cycles/<uuid:code>/stagiaires/<int:seat>/convocation.pdf",
        convocation,
        name="convocation",
    ),
    path(
        "cycles/<uuid:code>/stagiaires/<int:seat>/emargement.pdf",
        attendance_record,
        name="attendance-record",
    ),
    path(
        "cycles/<uuid:code>/stagiaires/<int:seat>/certificat.pdf",
        completion_certificate,
        name="completion-certificate",
    ),
    path(
        "cycles/<uuid:code>/stagiaires/<int:seat>/attestation.pdf",
        training_attestation,
        name="attestation",
    ),
]
