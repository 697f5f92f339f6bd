"""The request and needs-analysis parts of pages that other views render: the public programme
page (the request form), the dashboard (new requests) and the cycle page (the analysis). Tags,
so that those views need not know about requests: the programme page's view sits above the
cycles in the layers (DESIGN §5)."""

from __future__ import annotations

from django import template

from acunum.cycles.models import Cycle, NeedsAnalysis
from acunum.cycles.request_forms import RequestForm

register = template.Library()


@register.inclusion_tag("cycles/includes/request_section.html", takes_context=True)
def request_form(context, version):
    """The request form under the programme (a blank one: its errors show on its own page)."""
    return {
        "form": RequestForm(version=version),
        "version": version,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("cycles/includes/new_requests.html", takes_context=True)
def new_requests(context):
    """For the OF's administrators: the requests received and not analysed yet, newest first."""
    user = context["request"].user
    if not user.is_of_admin:
        return {"analyses": []}
    analyses = (
        NeedsAnalysis.objects.awaiting_completion()
        .filter(received_at__isnull=False, cycle__status=Cycle.Status.REQUEST)
        .select_related("cycle__structure", "cycle__programme_version__programme")
        .order_by("-received_at")
    )
    return {"analyses": list(analyses)}


@register.inclusion_tag("cycles/includes/needs_section.html")
def needs_section(cycle):
    """The cycle page's section: where the needs analysis stands, and the link to it."""
    analysis = NeedsAnalysis.objects.select_related("completed_by").filter(cycle=cycle).first()
    return {"cycle": cycle, "analysis": analysis}
