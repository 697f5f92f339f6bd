"""A cycle's schedule as an iCalendar file (RFC 5545), for the trainer's and the group's diaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
    slots = list(cycle.slots.select_related("sequence"))
    for slot in slots:
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
    if slots:
        # RFC 5545 requires a VTIMEZONE for every TZID used; some diaries otherwise read the
        # times as UTC. Its rules span the cycle only, to keep the file small.
        dates = [slot.date for slot in slots]
        cal.add_missing_timezones(
            first_date=min(dates) - timedelta(days=366), last_date=max(dates) + timedelta(days=366)
        )
    return cal.to_ical()
