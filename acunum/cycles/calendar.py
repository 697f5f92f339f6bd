"""A cycle's schedule as an iCalendar file (RFC 5545), for the trainer's and the group's diaries."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from icalendar import Calendar, Event


def ics(cycle) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Acunum//acunum//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", str(cycle))
    programme = cycle.programme_version.programme.title
    url = settings.SITE_URL + cycle.get_absolute_url()
    stamp = datetime.now(UTC)
    for slot in cycle.slots.select_related("sequence"):
        event = Event()
        # Stable identifiers: re-importing the file updates the events instead of duplicating them.
        event.add("uid", f"{cycle.code}-{slot.index}@acunum")
        event.add("dtstamp", stamp)
        event.add("dtstart", slot.starts_at())
        event.add("dtend", slot.ends_at())
        event.add("summary", f"{programme} · {slot.sequence.code} {slot.sequence.title}")
        if cycle.place:
            event.add("location", cycle.place)
        event.add("description", f"{cycle.structure.name}\n{url}")
        cal.add_component(event)
    return cal.to_ical()
