"""The trainer's side of attendance: open and close a slot, the projector, the live board, marks,
the counter-signature and corrections. Every rule is `signing`'s; these views ask and show."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acunum.attendance import drawing, signing
from acunum.attendance.board_forms import (
    AbsenceForm,
    CorrectionForm,
    CounterSignForm,
    TimeForm,
)
from acunum.attendance.models import AttendanceEvent
from acunum.attendance.state import Presence, slot_presences
from acunum.cycles.access import get_rw_cycle_for_user

Kind = AttendanceEvent.Kind
Method = AttendanceEvent.Method
# The board shows the latest refusals: enough to see who struggles, not a log to scroll.
REFUSALS_SHOWN = 30


def _get_slot_for_user(request, code, index: int):
    """The cycle and its slot, for those who run the cycle; another cycle's slot is not found."""
    cycle = get_rw_cycle_for_user(request, code)
    slot = get_object_or_404(cycle.slots.select_related("sequence", "window"), index=index)
    return cycle, slot


def qr_text(code: str) -> str:
    """What the room code's QR holds: a phone's camera shows the code and where it comes from."""
    return f"Acunum {code}"


def qr_svg(text: str, label: str) -> str:
    # A full QR code (never a Micro QR, which phone cameras do not read), sized by the CSS.
    svg = segno.make(text, micro=False).svg_inline(
        scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None
    )
    return mark_safe(
        svg.replace("<svg ", format_html('<svg role="img" aria-label="{}" ', label), 1)
    )


@login_required
@require_GET
def board(request, code, index: int):
    cycle, slot = _get_slot_for_user(request, code, index)
    context = _board(cycle, slot)
    if request.headers.get("HX-Request"):
        # The page polls its list of trainees while trainees sign.
        response = render(request, "attendance/includes/board_trainees.html", context)
        if context["state"] != "open":
            # Signing ended meanwhile (by itself, or closed in another tab): the whole page
            # changes, its forms too, so htmx reloads it once; the new page no longer polls.
            response["HX-Refresh"] = "true"
    else:
        response = render(request, "attendance/board.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _board(cycle, slot, **forms) -> dict:
    """Everything the board shows, in a fixed number of queries whatever the size of the group."""
    enrolments = list(cycle.enrolments.select_related("trainee"))
    events = list(AttendanceEvent.objects.for_slot(slot).without_images().select_related("actor"))
    presences = slot_presences(slot, events)
    by_id = {e.pk: e for e in enrolments}
    window = signing.window_of(slot)
    state = window.state() if window else "not_opened"
    not_its_day = signing.not_its_day(slot) if state == "not_opened" else ""
    rows = []
    for enrolment in enrolments:
        presence = presences.get(enrolment.pk) or Presence()
        rows.append(
            {
                "enrolment": enrolment,
                "presence": presence,
                "minutes": presence.minutes(slot),
                "method": Method(presence.method).label if presence.method else "",
                # Before closing, a signed trainee can only be changed by a correction.
                "correctable": state == "closed" or presence.status == "present",
            }
        )
    counter_signature = next((e for e in events if e.kind == Kind.TRAINER_SIGNATURE), None)
    if counter_signature is not None:
        image = AttendanceEvent.objects.values_list("image", flat=True).get(pk=counter_signature.pk)
        counter_signature.data_url = drawing.data_url(bytes(image))
    corrections = [e for e in events if e.kind == Kind.CORRECTION]
    for correction in corrections:
        correction.trainee = by_id[correction.enrolment_id].trainee
        correction.change = describe(correction.data.get("set", {}))
    return {
        "cycle": cycle,
        "slot": slot,
        "window": window,
        "state": state,
        "not_its_day": not_its_day,
        "rows": rows,
        "present": sum(1 for r in rows if r["presence"].status == "present"),
        "absent": sum(1 for r in rows if r["presence"].status == "absent"),
        "counter_signature": counter_signature,
        "corrections": corrections,
        "refusals": list(slot.refusals.select_related("enrolment__trainee")[:REFUSALS_SHOWN]),
        "absence_form": forms.get("absence_form") or AbsenceForm(enrolments=enrolments),
        "time_form": forms.get("time_form") or TimeForm(enrolments=enrolments),
        "counter_form": forms.get("counter_form") or CounterSignForm(),
        "nav": "dashboard",
    }


def describe(changes: dict) -> list[str]:
    """A correction's changes, in words."""
    words = []
    if "status" in changes:
        words.append(_("present") if changes["status"] == "present" else _("absent"))
    if "excused" in changes:
        words.append(_("excused") if changes["excused"] else _("not excused"))
    if changes.get("reason"):
        words.append(_("reason: %(reason)s") % {"reason": changes["reason"]})
    if "arrival" in changes:
        words.append(
            _("arrived at %(time)s") % {"time": changes["arrival"]}
            if changes["arrival"]
            else _("arrived on time")
        )
    if "departure" in changes:
        words.append(
            _("left at %(time)s") % {"time": changes["departure"]}
            if changes["departure"]
            else _("stayed to the end")
        )
    return words


def _to_board(slot):
    return redirect("attendance:board", code=slot.cycle.code, index=slot.index)


def _refused(request, cycle, slot, form, message: str | None = None):
    """The board again, with the form as it was sent and what is wrong with it."""
    if message:
        form.add_error(None, message)
    name = {
        AbsenceForm: "absence_form",
        TimeForm: "time_form",
        CounterSignForm: "counter_form",
    }[type(form)]
    context = _board(cycle, slot, **{name: form})
    # Summed up at the top as well: the form may be out of sight, or no longer shown at all
    # (a half-day closed meanwhile in another tab).
    context["problems"] = [
        error if field == "__all__" or form[field].is_hidden else f"{form[field].label}: {error}"
        for field, errors in form.errors.items()
        for error in errors
    ]
    return render(request, "attendance/board.html", context)


@login_required
@require_POST
def open_window(request, code, index: int):
    cycle, slot = _get_slot_for_user(request, code, index)
    try:
        signing.open_window(slot, request.user)
    except signing.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Signing is open. Show the room code on the projector: trainees sign with it."),
        )
    return _to_board(slot)


@login_required
@require_POST
def close_window(request, code, index: int):
    cycle, slot = _get_slot_for_user(request, code, index)
    window = signing.window_of(slot)
    if window is None:
        messages.error(request, _("Signing for this half-day has not been opened."))
        return _to_board(slot)
    try:
        signing.close_window(window, request.user)
    except signing.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The half-day is closed. Any change is now a correction."))
    return _to_board(slot)


@login_required
@require_POST
def absence(request, code, index: int):
    cycle, slot = _get_slot_for_user(request, code, index)
    form = AbsenceForm(request.POST, enrolments=list(cycle.enrolments.select_related("trainee")))
    if not form.is_valid():
        return _refused(request, cycle, slot, form)
    enrolment = form.enrolment
    try:
        signing.mark_absent(
            slot,
            enrolment,
            request.user,
            excused=form.cleaned_data["excused"] == "yes",
            reason=form.cleaned_data["reason"],
        )
    except signing.Refused as refused:
        return _refused(request, cycle, slot, form, str(refused))
    messages.success(request, _("%(name)s is marked absent.") % {"name": enrolment.trainee})
    return _to_board(slot)


@login_required
@require_POST
def mark_time(request, code, index: int):
    cycle, slot = _get_slot_for_user(request, code, index)
    form = TimeForm(request.POST, enrolments=list(cycle.enrolments.select_related("trainee")))
    if not form.is_valid():
        return _refused(request, cycle, slot, form)
    enrolment = form.enrolment
    try:
        signing.mark_time(
            slot,
            enrolment,
            request.user,
            kind=form.cleaned_data["kind"],
            at=form.cleaned_data["at"],
        )
    except signing.Refused as refused:
        return _refused(request, cycle, slot, form, str(refused))
    messages.success(request, _("Time recorded for %(name)s.") % {"name": enrolment.trainee})
    return _to_board(slot)


@login_required
@require_POST
def counter_sign(request, code, index: int):
    cycle, slot = _get_slot_for_user(request, code, index)
    form = CounterSignForm(request.POST)
    if not form.is_valid():
        return _refused(request, cycle, slot, form)
    try:
        signing.counter_sign(
            slot,
            request.user,
            strokes=form.cleaned_data["signature"],
            ip=request.META.get("REMOTE_ADDR"),
        )
    except signing.Refused as refused:
        return _refused(request, cycle, slot, form, str(refused))
    messages.success(request, _("Your counter-signature is recorded. You may now close."))
    return _to_board(slot)


@login_required
@require_http_methods(["GET", "POST"])
def correction(request, code, index: int):
    cycle, slot = _get_slot_for_user(request, code, index)
    seat = request.POST.get("seat") if request.method == "POST" else request.GET.get("seat")
    if seat is None:
        return _to_board(slot)  # The board has a "Correct" link on each trainee's row.
    enrolment = get_object_or_404(
        cycle.enrolments.select_related("trainee"), seat=seat if str(seat).isdigit() else -1
    )
    presence = slot_presences(slot).get(enrolment.pk) or Presence()
    form = CorrectionForm(request.POST or None, initial=CorrectionForm.initial_for(presence))
    if request.method == "POST" and form.is_valid():
        try:
            signing.correct(
                slot, enrolment, request.user, changes=form.changes(), why=form.cleaned_data["why"]
            )
        except signing.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, _("Correction recorded for %(name)s.") % {"name": enrolment.trainee}
            )
            return _to_board(slot)
    return render(
        request,
        "attendance/correction.html",
        {
            "cycle": cycle,
            "slot": slot,
            "enrolment": enrolment,
            "presence": presence,
            "minutes": presence.minutes(slot),
            "form": form,
            "nav": "dashboard",
        },
    )


def _room(cycle, slot) -> dict:
    window = signing.window_of(slot)
    now = timezone.now()
    state = window.state(now) if window else "not_opened"
    context = {
        "cycle": cycle,
        "slot": slot,
        "window": window,
        "state": state,
        "expected": cycle.enrolments.count(),
        "present": sum(
            1
            for p in slot_presences(
                slot, AttendanceEvent.objects.for_slot(slot).without_images()
            ).values()
            if p.status == "present"
        ),
    }
    if state == "open":
        room_code = window.room_code(now)
        context.update(
            code=room_code,
            seconds=window.seconds_to_next_code(now),
            qr=qr_svg(
                qr_text(room_code), _("QR code of the room code %(code)s") % {"code": room_code}
            ),
        )
    return context


@login_required
@require_GET
def projector(request, code, index: int):
    cycle, slot = _get_slot_for_user(request, code, index)
    return render(request, "attendance/projector.html", _room(cycle, slot))


@login_required
@require_GET
def room_code(request, code, index: int):
    """The projector's changing part, fetched again every few seconds."""
    cycle, slot = _get_slot_for_user(request, code, index)
    return render(request, "attendance/includes/room_code.html", _room(cycle, slot))


SLOT = "cycles/<uuid:code>/emargement/<int:index>/"
urlpatterns = [
    path(SLOT, board, name="board"),
    path(SLOT + "ouvrir/", open_window, name="open"),
    path(SLOT + "fermer/", close_window, name="close"),
    path(SLOT + "projection/", projector, name="projector"),
    path(SLOT + "code/", room_code, name="room-code"),
    path(SLOT + "absence/", absence, name="absence"),
    path(SLOT + "horaire/", mark_time, name="time"),
    path(SLOT + "contresigner/", counter_sign, name="counter-sign"),
    path(SLOT + "correction/", correction, name="correction"),
]
