"""Trainees' cards: their personal links, issued afresh and printed with a QR code.

Only a digest of each link is stored, so a link can be shown once only: when it is issued. The
cards are printed from that answer; printing again means issuing again, and the old cards stop
working.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

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
                messages.success(
                    request, _("%(name)s’s link no longer works.") % {"name": chosen[0].trainee}
                )
            return redirect("attendance:cards", code=cycle.code)
        if chosen:
            with transaction.atomic():
                tokens = [(e, e.issue_link()) for e in chosen]
            # The address the trainer reached Acunum by: in a room served with `acunum serve
            # --lan`, the one the phones can reach too.
            printed = []
            for enrolment, token in tokens:
                url = request.build_absolute_uri(trainee_url(token))
                label = _("QR code of %(name)s’s personal link") % {"name": enrolment.trainee}
                printed.append(Card(enrolment, url, qr_svg(url, label)))
            return render(
                request,
                "attendance/cards_print.html",
                {"cycle": cycle, "cards": printed, "nav": "dashboard"},
            )
    return render(
        request,
        "attendance/cards.html",
        {
            "cycle": cycle,
            "enrolments": enrolments,
            "base": request.build_absolute_uri("/").rstrip("/"),
            "nav": "dashboard",
        },
    )


urlpatterns = [
    path("cycles/<uuid:code>/cartes/", cards, name="cards"),
]
