"""The rules of attendance: opening and closing a slot, signing, marks, corrections.

Every function checks, then appends to the ledger, in one transaction. A refusal raises
Refused with a French message for the person concerned and records nothing in the ledger.
"""

from __future__ import annotations

from datetime import time

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from acunum.attendance import drawing, ledger, rush
from acunum.attendance.models import GRACE, AttendanceEvent, Refusal, SigningWindow, append
from acunum.attendance.state import Presence, slot_presences

Kind = AttendanceEvent.Kind
Method = AttendanceEvent.Method


class Refused(Exception):
    pass


def refuse(message: str, *, slot=None, enrolment=None, ip=None) -> Refused:
    """Keep a trace of the refusal for the trainer's board, and return the exception to raise."""
    Refusal.objects.create(slot=slot, enrolment=enrolment, reason=message[:300], ip=ip)
    return Refused(message)


def not_its_day(slot) -> str:
    """Why signing cannot open for this half-day today, or "" if it can.

    Controllers sanction signatures collected before or after the fact: a half-day is signed on
    its own day, in the room. One already past is entered from its signed paper sheet.
    """
    if slot.date == timezone.localdate():
        return ""
    return _(
        "Signing opens on the day of the half-day, %(date)s. For a half-day already past, "
        "enter attendance from its signed paper sheet."
    ) % {"date": formats.date_format(slot.date, "l j F Y")}


@transaction.atomic
def open_window(slot, user) -> SigningWindow:
    if hasattr(slot, "window"):
        raise Refused(_("Signing for this half-day has already been opened."))
    if reason := not_its_day(slot):
        raise Refused(reason)
    window = SigningWindow.objects.create(
        slot=slot, opened_by=user, closes_at=max(slot.ends_at() + GRACE, timezone.now() + GRACE)
    )
    append(Kind.WINDOW_OPENED, slot, actor=user)
    return window


@transaction.atomic
def close_window(window: SigningWindow, user) -> None:
    if window.closed_at is not None:
        return  # Closing twice (a double click) is not an error.
    # Controllers reject a sheet the trainer did not sign: a slot is closed counter-signed.
    if not AttendanceEvent.objects.filter(
        slot=window.slot_id, kind=Kind.TRAINER_SIGNATURE
    ).exists():
        raise Refused(_("Counter-sign this half-day before closing it."))
    window.closed_at = min(timezone.now(), window.closes_at)
    window.closed_by = user
    window.save(update_fields=["closed_at", "closed_by"])
    append(Kind.WINDOW_CLOSED, window.slot, actor=user)


def sign(
    enrolment,
    slot,
    *,
    code: str,
    strokes: str,
    method=Method.PHONE,
    actor=None,
    ip=None,
    device: str | None = None,
):
    """A trainee's signature. Signing twice answers with the first signature, adding nothing.

    `device` names the phone (a cookie it keeps): a phone that signed a slot for one trainee
    cannot sign it for another, so holding a colleague's link is not enough to sign for them.

    Fourteen trainees press "Sign" within seconds of each other in every room: the checks read
    what they need in one query, then the append is the only write.
    """

    def refused(message: str) -> Refused:
        return refuse(message, slot=slot, enrolment=enrolment, ip=ip)

    if slot.cycle_id != enrolment.cycle_id:
        raise refuse(_("This half-day is not part of your training."), enrolment=enrolment, ip=ip)
    try:
        image, damaged = drawing.check(strokes), ""
    except drawing.DrawingError as e:
        image, damaged = None, str(e)
    digest = ledger.image_digest(image)
    # The slot's signatures (this trainee's own, this phone's for someone else) and any earlier
    # use of the same drawing in the cycle, which controllers sanction as a pasted signature.
    related = rush.seen(slot, digest)
    signatures = [e for e in related if e.kind == Kind.SIGNATURE and e.slot_id == slot.pk]
    mine = next((e for e in signatures if e.enrolment_id == enrolment.pk), None)
    if mine:
        return AttendanceEvent.objects.without_images().get(pk=mine.pk)
    window = window_of(slot)
    if window is None or not window.is_open():
        raise refused(_("Signing for this half-day is closed."))
    # In kiosk mode the trainer is in the room: no room code to type.
    if method != Method.KIOSK and not window.accepts_code(code):
        raise refused(
            _(
                "This room code is not the one on the screen, or it has expired: "
                "type the one shown now."
            )
        )
    if device and any(e.data.get("device") == device for e in signatures):
        raise refused(
            _(
                "This phone has already signed this half-day for someone else: each trainee "
                "signs on their own phone, or on the trainer's device."
            )
        )
    if damaged:
        raise refused(damaged)
    # A drawing by hand never comes out twice the same, byte for byte. (This trainee's own
    # signature of this slot, a double tap racing the first submit, was answered above, or
    # is answered below as a success.)
    if any(e.image_sha256 == digest for e in related):
        raise refused(_("This signature was already used once: draw it again."))
    try:
        return append(
            Kind.SIGNATURE,
            slot,
            enrolment=enrolment,
            method=method,
            actor=actor,
            image=image,
            ip=ip,
            data={"device": device} if device else None,
        )
    except IntegrityError:
        # The same signature submitted twice at once: the first one won, which is what was meant.
        return AttendanceEvent.objects.get(slot=slot, enrolment=enrolment, kind=Kind.SIGNATURE)


def window_of(slot) -> SigningWindow | None:
    """The slot's window, or None before opening (Django's "does not exist" for a reverse
    one-to-one is an AttributeError). Already loaded when the slot came with select_related."""
    return getattr(slot, "window", None)


def is_closed(slot) -> bool:
    """Whether the half-day's attendance is final: its window was opened, then closed."""
    window = window_of(slot)
    return window is not None and window.closed_at is not None


def _require_open(slot) -> SigningWindow:
    window = window_of(slot)
    if window is None:
        raise Refused(_("Open signing for this half-day first."))
    if window.closed_at is not None:
        raise Refused(_("This half-day is closed: record a correction, with its reason."))
    return window


def mark_absent(slot, enrolment, user, *, excused: bool, reason: str = ""):
    _require_open(slot)
    presence = slot_presences(slot).get(enrolment.pk)
    if presence and presence.status == "present":
        raise Refused(
            _("%(name)s has signed: record a correction instead.") % {"name": enrolment.trainee}
        )
    return append(
        Kind.ABSENCE,
        slot,
        enrolment=enrolment,
        actor=user,
        data={"excused": excused, "reason": reason.strip()},
    )


def mark_time(slot, enrolment, user, *, kind: str, at: time):
    if kind not in (Kind.LATE_ARRIVAL, Kind.EARLY_DEPARTURE):
        raise ValueError(kind)
    _require_open(slot)
    _check_within(slot, at)
    presence = slot_presences(slot).get(enrolment.pk) or Presence()
    arrival = at if kind == Kind.LATE_ARRIVAL else presence.arrival
    departure = at if kind == Kind.EARLY_DEPARTURE else presence.departure
    _check_order(arrival, departure)
    return append(kind, slot, enrolment=enrolment, actor=user, data={"time": at.strftime("%H:%M")})


def _check_within(slot, at: time) -> None:
    if not slot.start < at < slot.end:
        raise Refused(
            _("The time must fall within the half-day (%(start)s–%(end)s).")
            % {"start": slot.start.strftime("%H:%M"), "end": slot.end.strftime("%H:%M")}
        )


def _check_order(arrival: time | None, departure: time | None) -> None:
    if arrival and departure and departure <= arrival:
        raise Refused(
            _("The departure (%(departure)s) must come after the arrival (%(arrival)s).")
            % {"departure": departure.strftime("%H:%M"), "arrival": arrival.strftime("%H:%M")}
        )


def counter_sign(slot, user, *, strokes: str, ip=None):
    window = _require_open(slot)
    already = _("This half-day is already counter-signed.")
    if AttendanceEvent.objects.filter(slot=slot, kind=Kind.TRAINER_SIGNATURE).exists():
        raise Refused(already)
    try:
        image = drawing.check(strokes)
    except drawing.DrawingError as e:
        raise Refused(str(e)) from None
    # The trainer's signature too is drawn for this half-day, never copied from another one.
    if AttendanceEvent.objects.filter(
        cycle_id=slot.cycle_id, image_sha256=ledger.image_digest(image)
    ).exists():
        raise Refused(_("This signature was already used once: draw it again."))
    try:
        return append(Kind.TRAINER_SIGNATURE, window.slot, actor=user, image=image, ip=ip)
    except IntegrityError:
        raise Refused(already) from None  # Two clicks at once: the first one counter-signed.


def correct(slot, enrolment, user, *, changes: dict, why: str):
    """After closing, the only way to change attendance: a new event that says what and why."""
    if not why.strip():
        raise Refused(_("Say why you correct this attendance."))
    allowed = {"status", "excused", "reason", "arrival", "departure"}
    if not changes or set(changes) - allowed:
        raise ValueError(changes)
    if changes.get("status", "present") not in ("present", "absent"):
        raise ValueError(changes)
    current = slot_presences(slot).get(enrolment.pk) or Presence()
    times = {}
    for key in ("arrival", "departure"):
        if changes.get(key):
            times[key] = time.fromisoformat(changes[key])
            _check_within(slot, times[key])
    _check_order(
        times.get("arrival", None if "arrival" in changes else current.arrival),
        times.get("departure", None if "departure" in changes else current.departure),
    )
    # Only what differs is recorded: the event then says exactly what the correction changed.
    was = {
        "status": current.status,
        "excused": current.excused,
        "reason": current.reason,
        "arrival": current.arrival.strftime("%H:%M") if current.arrival else "",
        "departure": current.departure.strftime("%H:%M") if current.departure else "",
    }
    changes = {key: value for key, value in changes.items() if value != was[key]}
    if not changes:
        raise Refused(_("This correction changes nothing."))
    return append(
        Kind.CORRECTION,
        slot,
        enrolment=enrolment,
        actor=user,
        data={"set": changes, "why": why.strip()},
    )
