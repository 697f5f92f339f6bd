"""The workshops' part of the cycle page: a tag, so that the cycle's view need not know about
activities (workshops sits below cycles in the layers, DESIGN §5)."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q

from acunum.programmes.models import Sequence
from acunum.workshops.models import Activity

register = template.Library()
RUNNING = [Activity.State.OPEN, Activity.State.LOCKED]


@register.inclusion_tag("workshops/includes/cycle_section.html")
def cycle_workshops(cycle):
    """Each day of the programme with its number of activities and of running ones."""
    counts = {
        row["sequence"]: row
        for row in Activity.objects.filter(cycle=cycle)
        .values("sequence")
        .annotate(n=Count("pk"), running=Count("pk", filter=Q(state__in=RUNNING)))
    }
    days = [
        {
            "sequence": s,
            "count": counts.get(s.pk, {}).get("n", 0),
            "running": counts.get(s.pk, {}).get("running", 0),
        }
        for s in Sequence.objects.filter(
            version_id=cycle.programme_version_id, kind=Sequence.Kind.DAY
        ).order_by("position")
    ]
    return {"cycle": cycle, "days": days}
