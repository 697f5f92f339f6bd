"""A structure's request (public, no login) and the needs analysis that follows (those who run
the cycle). Qualiopi indicator 4; the rules are in requests.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acunum.accounts import audit
from acunum.accounts.models import Organisation
from acunum.cycles.access import get_rw_cycle_for_user
from acunum.cycles.models import NeedsAnalysis
from acunum.cycles.request_forms import NeedsCompletionForm, RequestForm
from acunum.cycles.requests import (
    REQUESTS_PER_HOUR,
    TooManyRequests,
    client_address,
    over_the_limit,
    receive,
)
from acunum.programmes.models import Programme


def _get_public_version(slug: str):
    """The programme's current version: a request is always for what the page shows now."""
    programme = get_object_or_404(Programme, slug=slug)
    version = programme.latest_version()
    if version is None:
        raise Http404
    return version


@require_http_methods(["GET", "POST"])
def request_new(request, slug: str):
    """Public: a structure asks for the programme. The public programme page carries the same
    form (templatetags/needs.py); this page shows it alone, and again with its errors."""
    version = _get_public_version(slug)
    # Bound on any POST, even an empty one: it then names every field to fill in.
    data = request.POST if request.method == "POST" else None
    form = RequestForm(data, version=version)
    refusal, status = None, 200
    if request.method == "POST":
        address = client_address(request)
        limit = _(
            "You have sent %(n)s requests in the last hour: nothing more can be sent from your "
            "connection for now. Please try again in an hour, or write to us."
        ) % {"n": REQUESTS_PER_HOUR}
        if form.honeypot_filled():
            # A field no person sees nor reaches was filled: a program sent the form.
            refusal, status = (
                _(
                    "Your request was not sent: the form was filled in by a program. If you are "
                    "a person, leave the “Leave this field empty” field empty."
                ),
                400,
            )
        elif over_the_limit(address):
            refusal, status = limit, 429
        elif form.is_valid():
            try:
                receive(form.cleaned_data, version, address)
            except TooManyRequests:
                refusal, status = limit, 429
            else:
                return redirect("cycles:request-sent", slug)
    return render(
        request,
        "cycles/request_form.html",
        {
            "form": form,
            "version": version,
            "p": version.data,
            "refusal": refusal,
            "organisation": Organisation.current(),
        },
        status=status,
    )


@require_GET
def request_sent(request, slug: str):
    """Public: what happens next. It names no request: anyone may open it."""
    version = _get_public_version(slug)
    return render(
        request,
        "cycles/request_sent.html",
        {"version": version, "p": version.data, "organisation": Organisation.current()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def needs_analysis(request, code):
    """The request as received, and its completion after the conversation with the structure."""
    cycle = get_rw_cycle_for_user(request, code)
    analysis = NeedsAnalysis.objects.select_related("completed_by").filter(
        cycle=cycle
    ).first() or NeedsAnalysis(cycle=cycle)
    data = request.POST if request.method == "POST" else None
    form = NeedsCompletionForm(data, instance=analysis)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # A cycle the OF created itself has no analysis yet: two people saving at once
            # would both try to create it; get_or_create gives the second the first one's row.
            stored, _created = NeedsAnalysis.objects.select_for_update().get_or_create(cycle=cycle)
            stored.complete(request.user, **form.cleaned_data)
        messages.success(request, _("Needs analysis saved."))
        return redirect(cycle)
    if analysis.is_request and request.method == "GET":
        # The page shows the requester's name, email and phone (a form sent back with errors
        # shows them again to who just saw them: not logged twice, and bad input changes nothing).
        audit.record(request, audit.Action.VIEW, analysis, _("requester's contact"))
    return render(
        request,
        "cycles/needs_analysis.html",
        {
            "cycle": cycle,
            # The form writes only the completion's fields into it: the request part and who
            # completed it, shown above the form, are as stored.
            "analysis": analysis if analysis.pk else None,
            "form": form,
            "nav": "dashboard",
        },
    )
