from django import template

from acunum.lib.durations import hours as format_hours

register = template.Library()


@register.filter
def hours(minutes) -> str:
    """3360 → "56 h", 210 → "3 h 30"."""
    return format_hours(minutes or 0)
