"""The paper fallback, for the trainer: print the slot's sheet, upload its signed scan, enter who
signed it. Every rule is in `acunum.attendance.paper`; these views ask and show."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acunum.accounts.models import Organisation
from acunum.attendance import paper
from acunum.attendance.signing import Refused
from acunum.attendance.state import slot_presences
from acunum.cycles.access import get_rw_cycle_for_user

# Rows on the printed sheet: the group's size at most, so it always fits one A4 page.
PRINTED_ROWS_MIN = 14


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=gettext_lazy("Scan or photo of the signed sheet"),
        help_text=gettext_lazy("PDF, PNG or JPEG, 10 MB at most."),
    )


class EntriesForm(forms.Form):
    sheet = forms.TypedChoiceField(label=gettext_lazy("From the sheet"), coerce=int)
    seats = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Trainees who signed the sheet"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Tick the trainees who signed the sheet.")},
    )

    def __init__(self, *args, sheets, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheets = {s.pk: s for s in sheets}
        self.enrolments = {e.seat: e for e in enrolments}
        self.fields["sheet"].choices = [
            (s.pk, _("scan of %(when)s") % {"when": s.uploaded_at.strftime("%d/%m/%Y %H:%M")})
            for s in reversed(sheets)
        ]
        self.fields["seats"].choices = [
            (e.seat, f"{e.trainee.last_name.upper()} {e.trainee.first_name}") for e in enrolments
        ]


def _get_slot_for_user(request, code, index: int):
    cycle = get_rw_cycle_for_user(request, code)
    slot = get_object_or_404(cycle.slots.select_related("sequence"), index=index)
    return cycle, slot


def _render(request, cycle, slot, *, scan_form=None, entries_form=None):
    enrolments = list(cycle.enrolments.select_related("trainee").order_by("seat"))
    sheets = list(slot.paper_sheets.select_related("uploaded_by"))
    presences = slot_presences(slot)
    present = {pk for pk, p in presences.items() if p.status == "present"}
    to_enter = [e for e in enrolments if e.pk not in present]
    if entries_form is None and sheets and to_enter:
        entries_form = EntriesForm(sheets=sheets, enrolments=to_enter)
    return render(
        request,
        "attendance/paper.html",
        {
            "cycle": cycle,
            "slot": slot,
            "organisation": Organisation.current(),
            "programme_title": cycle.programme_version.programme.title,
            "trainers": list(cycle.trainers.all()),
            "enrolments": enrolments,
            # Empty rows for a trainee added at the last minute, written in by hand.
            "blank_rows": range(max(0, PRINTED_ROWS_MIN - len(enrolments))),
            "sheets": sheets,
            "already": [(e, presences[e.pk]) for e in enrolments if e.pk in present],
            "scan_form": scan_form or ScanForm(),
            "entries_form": entries_form,
            "max_mb": paper.MAX_BYTES // (1024 * 1024),
            "nav": "dashboard",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_sheet(request, code, index: int):
    """GET: the printable sheet, the upload form and the entries; POST: the upload."""
    cycle, slot = _get_slot_for_user(request, code, index)
    if request.method == "GET":
        return _render(request, cycle, slot)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            data = paper.read_upload(form.cleaned_data["scan"])
            paper.upload_sheet(slot, data, request.user)
        except Refused as e:
            form.add_error("scan", str(e))
        else:
            messages.success(request, _("Scan kept. Now tick the trainees who signed the sheet."))
            return redirect("attendance:paper", code=cycle.code, index=slot.index)
    return _render(request, cycle, slot, scan_form=form)


@login_required
@require_POST
def paper_entries(request, code, index: int):
    cycle, slot = _get_slot_for_user(request, code, index)
    sheets = list(slot.paper_sheets.all())
    if not sheets:
        messages.error(request, _("Upload the scan of the signed sheet first."))
        return redirect("attendance:paper", code=cycle.code, index=slot.index)
    # Every enrolment is offered here, so that a trainee who signed meanwhile is named in the
    # refusal rather than reported as an unknown choice.
    enrolments = list(cycle.enrolments.select_related("trainee").order_by("seat"))
    form = EntriesForm(request.POST, sheets=sheets, enrolments=enrolments)
    if form.is_valid():
        chosen = [form.enrolments[seat] for seat in form.cleaned_data["seats"]]
        try:
            events = paper.record_paper(
                slot, form.sheets[form.cleaned_data["sheet"]], chosen, request.user
            )
        except Refused as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                _("%(n)s presences entered from the paper sheet.") % {"n": len(events)},
            )
            return redirect("attendance:paper", code=cycle.code, index=slot.index)
    return _render(request, cycle, slot, entries_form=form)


@login_required
@require_GET
def paper_scan(request, code, index: int, sheet: int):
    cycle, slot = _get_slot_for_user(request, code, index)
    scan = get_object_or_404(slot.paper_sheets, pk=sheet)
    extension = scan.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        scan.file.open("rb"),
        content_type=scan.content_type,
        filename=f"emargement-{slot.date:%Y-%m-%d}-{slot.index:02d}.{extension}",
    )


urlpatterns = [
    path("cycles/<uuid:code>/emargement/<int:index>/papier/", paper_sheet, name="paper"),
    path(
        "cycles/<uuid:code>/emargement/<int:index>/papier/saisie/",
        paper_entries,
        name="paper-entries",
    ),
    path(
        "cycles/<uuid:code>/emargement/<int:index>/papier/scan/<int:sheet>/",
        paper_scan,
        name="paper-scan",
    ),
]
