"""The traces lab: the trainee's page from the personal link, comparing with the group (and
taking it back), and the group's counts for those who run the cycle.

The page works without JavaScript: the passive part is read here, from the request, and
comparing then keeps the passive attributes only. traces.js fills in the active part and sends
it with the comparison, asking for JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from acunum.checklist.catalogue import Step
from acunum.checklist.platforms import Platform
from acunum.cycles.access import (
    LinkRevoked,
    get_enrolment_for_token,
    get_rw_cycle_for_user,
    revoked_link_page,
)
from acunum.cycles.models import Enrolment
from acunum.traces import comparing, passive
from acunum.traces.attributes import (
    ACTIVE,
    ATTRIBUTES,
    FRENCH_2018,
    FRENCH_2018_MAX_BITS,
    HEADER_REFERENCES,
    PASSIVE,
    Attribute,
    steps_by_attribute,
)
from acunum.traces.models import Submission

# Words the script shows in the active part, translated here (the script has no gettext).
WORDS = {
    "ready": gettext_lazy(
        "Read by this page’s script, in your browser, just now. Nothing is sent."
    ),
    "yes": pgettext_lazy("traces lab", "yes"),
    "no": pgettext_lazy("traces lab", "no"),
    "unavailable": gettext_lazy("not available in this browser"),
    "light": pgettext_lazy("traces lab", "light"),
    "dark": pgettext_lazy("traces lab", "dark"),
    "more": pgettext_lazy("traces lab", "more"),
    "less": pgettext_lazy("traces lab", "less"),
    "custom": pgettext_lazy("traces lab", "custom"),
    "reduce": pgettext_lazy("traces lab", "fewer"),
    "no-preference": pgettext_lazy("traces lab", "no preference"),
    "active": pgettext_lazy("traces lab", "on"),
    "none": pgettext_lazy("traces lab", "off"),
    "memory": gettext_lazy("%(n)s GB"),
    "sha256": gettext_lazy("SHA-256, in your browser"),
    "small_hash": gettext_lazy(
        "a small hash, in your browser (over plain HTTP, the browser offers no SHA-256)"
    ),
    "sending": gettext_lazy("Sending…"),
    "failed": gettext_lazy(
        "The comparison could not be sent: check the connection, then press the button again."
    ),
}


@dataclass
class StepLink:
    title: str
    platform: str
    url: str


@dataclass
class Row:
    attribute: Attribute
    lines: list = field(default_factory=list)
    share: comparing.Share | None = None
    steps: list[StepLink] = field(default_factory=list)


def _step_links(steps: list[Step], token: str) -> list[StepLink]:
    checklist = reverse("checklist:checklist", args=[token])
    return [
        StepLink(
            title=step.title,
            platform=Platform(step.platform).label,
            url=f"{checklist}#etape-{step.id}",
        )
        for step in steps
    ]


def _lab_url(token: str) -> str:
    return reverse("traces:lab", args=[token])


def _render_lab(request, enrolment: Enrolment, token: str, refusal: str = "", status: int = 200):
    read = passive.lines(request)
    submission = Submission.objects.filter(enrolment=enrolment).first()
    found = comparing.shares(submission) if submission else {}
    steps = steps_by_attribute()

    def row(attribute: Attribute) -> Row:
        return Row(
            attribute=attribute,
            lines=read.get(attribute.id, []),
            share=found.get(attribute.id),
            steps=_step_links(steps.get(attribute.id, []), token),
        )

    cycle = enrolment.cycle
    return render(
        request,
        "traces/lab.html",
        {
            "enrolment": enrolment,
            "token": token,
            "passive_rows": [row(a) for a in PASSIVE],
            "active_rows": [row(a) for a in ACTIVE],
            "other_headers": passive.other_headers(request),
            "header_references": HEADER_REFERENCES,
            "submission": submission,
            "summary": comparing.summary(found) if found else "",
            "closed_because": comparing.closed_because(cycle, timezone.now()),
            "last_day": comparing.last_day(cycle),
            "refusal": refusal,
            "words": {key: str(value) for key, value in WORDS.items()},
            "hide_login": True,
        },
        status=status,
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_GET
def lab(request, token: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    return _render_lab(request, enrolment, token)


@require_POST
def compare(request, token: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    try:
        submission = comparing.compare(
            enrolment,
            comparing.checked(request.POST),
            passive.compared_values(request),
            timezone.now(),
        )
    except comparing.Refused as refused:
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": str(refused)}, status=400)
        return _render_lab(request, enrolment, token, refusal=str(refused), status=400)
    message = _("Compared: under each attribute, how many in the group share your value.")
    if _wants_json(request):
        found = comparing.shares(submission)
        return JsonResponse(
            {
                "ok": True,
                "message": message,
                "summary": comparing.summary(found),
                "shares": {
                    name: {
                        "text": share.sentence(),
                        "alone": share.alone,
                        "others": share.others,
                        "compared": share.compared,
                    }
                    for name, share in found.items()
                },
            }
        )
    messages.success(request, message)
    return redirect(_lab_url(token) + "#comparer")


@require_POST
def forget(request, token: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    if comparing.forget(enrolment):
        messages.success(request, _("Your comparison is deleted: nothing of it is kept."))
    return redirect(_lab_url(token) + "#comparer")


@login_required
@require_GET
def group(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    compared, figures = comparing.group_figures(cycle)
    return render(
        request,
        "traces/group.html",
        {
            "cycle": cycle,
            "compared": compared,
            "enrolled": cycle.enrolments.count(),
            "rows": [(a, figures.get(a.id)) for a in ATTRIBUTES if a.compared],
            "french_2018": FRENCH_2018,
            "max_bits": FRENCH_2018_MAX_BITS,
            "last_day": comparing.last_day(cycle),
            "closed_because": comparing.closed_because(cycle, timezone.now()),
        },
    )
