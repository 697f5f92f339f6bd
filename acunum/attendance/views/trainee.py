"""The trainee's side: signing a half-day on their own phone, through their personal link."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from acunum.attendance import rush, signing
from acunum.attendance.models import AttendanceEvent
from acunum.cycles.access import (
    LinkExpired,
    LinkRevoked,
    get_enrolment_for_token,
    revoked_link_page,
)
from acunum.cycles.models import hash_token

# The phone keeps a random name for itself in this cookie: a phone that signed a half-day for one
# trainee cannot sign it for another (see signing.sign). Signed, so it cannot be made up.
DEVICE_COOKIE = "acunum_phone"
DEVICE_SALT = "acunum.attendance.device"
DEVICE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def phone_of(request) -> str:
    return request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT) or (
        secrets.token_hex(16)
    )


def remember_phone(response, device: str):
    response.set_signed_cookie(
        DEVICE_COOKIE,
        device,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def revoked(request, error: LinkRevoked, index: int):
    """An old card, a revoked or an expired link: say so, and let the trainer see the attempt."""
    slot = error.enrolment.cycle.slots.filter(index=index).first()
    if isinstance(error, LinkExpired):
        reason = _("This personal link has expired: the training ended long ago.")
    else:
        reason = _("This personal link was replaced or revoked: ask your trainer for a new card.")
    signing.refuse(reason, slot=slot, enrolment=error.enrolment, ip=client_ip(request))
    return revoked_link_page(request, error)


@require_http_methods(["GET", "POST"])
def sign(request, token: str, index: int):
    # A POST that succeeds shows no page, and fourteen arrive at once: it fetches only what the
    # signature needs (the page's names and titles load if a refusal renders it).
    posted = request.method == "POST"
    # A signature (a POST that succeeds) shows no page: its reads take the short path.
    found = rush.signer(hash_token(token), index) if posted else None
    if found:
        enrolment, slot = found
    else:
        try:
            enrolment = get_enrolment_for_token(token)
        except LinkRevoked as e:
            return revoked(request, e, index)
        slots = enrolment.cycle.slots.select_related("sequence", "window")
        slot = slots.filter(index=index).first()
    device = phone_of(request)
    if slot is None:
        # A half-day of another cycle, or none at all: the link only reaches its own cycle.
        signing.refuse(
            _("This half-day is not part of your training."),
            enrolment=enrolment,
            ip=client_ip(request),
        )
        context = {"enrolment": enrolment, "token": token, "hide_login": True}
        return render(request, "attendance/sign_elsewhere.html", context, status=404)

    error = ""
    code = request.GET.get("code", "")[:8]  # a code may come with the link, from a QR code
    if posted:
        code = request.POST.get("code", "")[:8]
        try:
            signing.sign(
                enrolment,
                slot,
                code=code,
                strokes=request.POST.get("signature", ""),
                ip=client_ip(request),
                device=device,
            )
        except signing.Refused as refusal:
            error = str(refusal)
        else:
            # Back to the page by GET: reloading the confirmation sends nothing again.
            return remember_phone(redirect(request.path), device)

    signature = (
        AttendanceEvent.objects.filter(
            slot=slot, enrolment=enrolment, kind=AttendanceEvent.Kind.SIGNATURE
        )
        .defer("image")
        .first()
    )
    window = signing.window_of(slot)
    response = render(
        request,
        "attendance/sign.html",
        {
            "enrolment": enrolment,
            "cycle": enrolment.cycle,
            "slot": slot,
            "token": token,
            "signature": signature,
            "window_open": window is not None and window.is_open(),
            "window_opened": window is not None,
            "error": error,
            "code": code,
            "hide_login": True,
        },
    )
    return remember_phone(response, device)


urlpatterns = [
    path("s/<str:token>/emargement/<int:index>/", sign, name="sign"),
]
