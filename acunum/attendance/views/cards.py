"""Trainees' cards: their personal links, printed with a QR code.

A card carries the same link as the trainee's convocation (the server can compute it again,
see Enrolment.current_link), so printing cards twice changes nothing. Replacing a link (a lost
card, a link passed around) is a separate, explicit action: the old card and convocation stop
working.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from acunum.accounts import audit
from acunum.cycles.access import get_rw_cycle_for_user
from acunum.cycles.models import Enrolment, trainee_url


@dataclass
class Card:
    enrolment: Enrolment
    url: str
    qr: SafeString


def qr_svg(url: str, label: str) -> SafeString:
    # Medium error correction: a card folded or smudged in a bag still scans.
    svg = segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=2, omitsize=True, svgclass="card-qr", lineclass=None
    )
    return mark_safe(
        svg.replace("<svg ", format_html('<svg role="img" aria-label="{}" ', label), 1)
    )


def _is_local(hostname: str | None) -> bool:
    """Whether only this computer can reach a host name (localhost, 127.x, ::1)."""
    try:
        return hostname == "localhost" or ipaddress.ip_address(hostname or "").is_loopback
    except ValueError:
        return False


def link_base(request) -> str:
    """The address the cards print: the one the trainer used, unless only this computer has it.

    A trainer who opened Acunum at 127.0.0.1 would print links no phone can open; when the
    server knows its address on the room's network (ACUNUM_SITE_URL, set by `serve --lan`),
    the cards use that one instead.
    """
    here = request.build_absolute_uri("/").rstrip("/")
    if _is_local(urlsplit("//" + request.get_host()).hostname) and not _is_local(
        urlsplit(settings.SITE_URL).hostname
    ):
        return settings.SITE_URL
    return here


@login_required
@require_http_methods(["GET", "POST"])
def cards(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    enrolments = list(cycle.enrolments.select_related("trainee").order_by("seat"))
    if request.method == "POST":
        seat = request.POST.get("seat", "")
        chosen = [e for e in enrolments if str(e.seat) == seat] if seat else enrolments
        if request.POST.get("action") == "revoke":
            # One trainee at a time: a lost card, a link passed around.
            if seat and chosen:
                chosen[0].revoke_link()
                audit.record(request, audit.Action.LINK, chosen[0].trainee, _("link revoked"))
                messages.success(
                    request, _("%(name)s’s link no longer works.") % {"name": chosen[0].trainee}
                )
            return redirect("attendance:cards", code=cycle.code)
        if chosen:
            replace = request.POST.get("action") == "replace" and seat
            with transaction.atomic():
                tokens = [
                    (e, e.issue_link() if replace else e.current_link() or e.issue_link())
                    for e in chosen
                ]
                # Cards print working links: who printed whose is kept (one entry per print).
                if replace:
                    audit.record(request, audit.Action.LINK, chosen[0].trainee, _("new link"))
                elif seat:
                    audit.record(request, audit.Action.EXPORT, chosen[0].trainee, _("card"))
                else:
                    n = len(chosen)
                    detail = ngettext("cards of %(n)s trainee", "cards of %(n)s trainees", n)
                    audit.record(request, audit.Action.EXPORT, cycle, detail % {"n": n})
            base = link_base(request)
            printed = []
            for enrolment, token in tokens:
                url = base + trainee_url(token)
                label = _("QR code of %(name)s’s personal link") % {"name": enrolment.trainee}
                printed.append(Card(enrolment, url, qr_svg(url, label)))
            return render(
                request,
                "attendance/cards_print.html",
                {"cycle": cycle, "cards": printed, "nav": "dashboard"},
            )
    base = link_base(request)
    return render(
        request,
        "attendance/cards.html",
        {
            "cycle": cycle,
            "enrolments": enrolments,
            "base": base,
            "base_is_local": _is_local(urlsplit(base).hostname),
            "nav": "dashboard",
        },
    )


urlpatterns = [
    path("cycles/<uuid:code>/cartes/", cards, name="cards"),
]
