"""Exports of the in-room activities, for those who run the cycle: an activity's result as CSV,
PDF or PNG, and the cycle's mémoire collective (session 1) as PDF. See workshops/exports.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from acunum.cycles.access import get_rw_cycle_for_user
from acunum.workshops import exports
from acunum.workshops.views.trainer import ACTIVITY, _get_activity_for_user

FORMATS = {
    # (content type, how the browser takes it): a table is saved, a page or an image is shown.
    "csv": ("text/csv; charset=utf-8", "attachment"),
    "pdf": ("application/pdf", "inline"),
    "png": ("image/png", "inline"),
}


def file_response(data: bytes, fmt: str, filename: str) -> HttpResponse:
    content_type, disposition = FORMATS[fmt]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@login_required
@require_GET
def export(request, code, day: str, activity: str, fmt: str):
    activity = _get_activity_for_user(request, code, day, activity)
    if fmt == "csv":
        data = exports.result_csv(activity)
    elif fmt == "pdf":
        data = exports.result_pdf(activity)
    else:
        data = exports.result_png(activity)
    return file_response(data, fmt, exports.file_name(activity, fmt))


@login_required
@require_GET
def memory(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    try:
        pdf = exports.memory_pdf(cycle)
    except exports.NothingToGather as e:
        days = exports.session_days(cycle)
        back = reverse("workshops:day", args=[cycle.code, days[0].code]) if days else None
        context = {
            "cycle": cycle,
            "document": _("the collective memory of this cycle"),
            "missing": e.missing,
            "back_url": back or cycle.get_absolute_url(),
            "back_label": _("Activities of %(code)s") % {"code": days[0].code}
            if days
            else _("Back to the cycle"),
        }
        # The documents' refusal page: what to do first, and the way back to do it.
        return render(request, "documents/incomplete.html", context, status=409)
    return file_response(pdf, "pdf", exports.memory_file_name(cycle))


urlpatterns = [
    path(ACTIVITY + "export.csv", export, {"fmt": "csv"}, name="export-csv"),
    path(ACTIVITY + "export.pdf", export, {"fmt": "pdf"}, name="export-pdf"),
    path(ACTIVITY + "export.png", export, {"fmt": "png"}, name="export-png"),
    path("cycles/<uuid:code>/ateliers/memoire-collective.pdf", memory, name="memory"),
]
