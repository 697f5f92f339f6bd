"""The usages' part of the schedule pages: a half-day from DJ3 to DJ7 shows its theme in place of
the programme's generic title, once the trainer has assigned it. Tags, so that the cycles' views
need not know about usages (usages sits below cycles in the layers, DESIGN §5)."""

from __future__ import annotations

from django import template

from acunum.usages.models import Theme

register = template.Library()


@register.simple_tag
def usage_themes(cycle) -> dict:
    """The cycle's themes by sequence, in one query, for slot_title on every slot of a page."""
    return {theme.sequence_id: theme for theme in Theme.objects.filter(cycle=cycle)}


@register.simple_tag
def slot_title(slot, themes) -> str:
    """The theme's title for a themed half-day, else the programme's title (escaped as any
    variable: a simple tag's result is)."""
    theme = themes.get(slot.sequence_id) if themes else None
    return theme.title if theme else slot.sequence.title
