"""Kiosk mode: a trainee without a phone signs on the trainer's device, the trainer beside them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from acunum.attendance import signing
from acunum.attendance.models import AttendanceEvent
from acunum.attendance.views.trainee import client_ip
from acunum.cycles.access import get_rw_cycle_for_user


@login_required
@require_http_methods(["GET", "POST"])
def kiosk(request, code, index: int):
    cycle = get_rw_cycle_for_user(request, code)
    slot = get_object_or_404(cycle.slots.select_related("sequence", "window"), index=index)
    window = signing.window_of(slot)
    signed = set(
        AttendanceEvent.objects.filter(slot=slot, kind=AttendanceEvent.Kind.SIGNATURE).values_list(
            "enrolment_id", flat=True
        )
    )
    waiting = [e for e in cycle.enrolments.select_related("trainee") if e.pk not in signed]
    error = ""
    chosen = request.POST.get("seat", "")
    if request.method == "POST":
        enrolment = next((e for e in waiting if str(e.seat) == chosen), None)
        if enrolment is None:
            error = _("Choose the name of a trainee who has not signed yet.")
        else:
            try:
                event = signing.sign(
                    enrolment,
                    slot,
                    code="",
                    strokes=request.POST.get("signature", ""),
                    method=AttendanceEvent.Method.KIOSK,
                    actor=request.user,
                    ip=client_ip(request),
                )
            except signing.Refused as refusal:
                error = str(refusal)
            else:
                at = formats.time_format(timezone.localtime(event.created_at), _("G:i"))
                messages.success(
                    request,
                    _("Attendance recorded at %(time)s: %(name)s.")
                    % {"name": enrolment.trainee, "time": at},
                )
                # The next trainee starts from an empty form and an empty pad.
                return redirect(request.path)
    return render(
        request,
        "attendance/kiosk.html",
        {
            "cycle": cycle,
            "slot": slot,
            "window_open": window is not None and window.is_open(),
            "waiting": waiting,
            "chosen": chosen,
            "error": error,
            "nav": "dashboard",
        },
    )


urlpatterns = [
    path("cycles/<uuid:code>/emargement/<int:index>/borne/", kiosk, name="kiosk"),
]
