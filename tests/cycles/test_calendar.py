"""A cycle's schedule as an iCalendar file, for the trainer's and the group's diaries."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from icalendar import Calendar

from acunum.test import BaseTestCase, schedule_cycle

PARIS = ZoneInfo("Europe/Paris")


class CalendarTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("cycles:calendar", args=[self.cycle.code])
        self.login(self.bob)

    def download(self) -> Calendar:
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("attachment;", r["Content-Disposition"])
        return Calendar.from_ical(r.content)

    def events(self, cal: Calendar):
        return list(cal.walk("VEVENT"))

    def test_it_has_one_event_per_slot_at_the_slots_times_in_paris(self):
        events = self.events(self.download())
        self.assertEqual(len(events), 16)
        for slot, event in zip(self.cycle.slots.order_by("index"), events, strict=True):
            start, end = event.decoded("dtstart"), event.decoded("dtend")
            self.assertEqual(start, datetime.combine(slot.date, slot.start, PARIS))
            self.assertEqual(end, datetime.combine(slot.date, slot.end, PARIS))
            self.assertEqual(str(event["dtstart"].params["TZID"]), "Europe/Paris")
            self.assertIn(slot.sequence.code, str(event["summary"]))
            self.assertEqual(str(event["location"]), "Salle 1")

    def test_it_keeps_summer_time_after_the_clocks_change(self):
        # 30 March 2026 is the Monday after the change to summer time (UTC+2).
        self.cycle.slots.filter(index=16).update(date=date(2026, 3, 30))
        event = self.events(self.download())[15]
        self.assertEqual(event.decoded("dtstart").utcoffset().total_seconds(), 2 * 3600)
        self.assertEqual(event.decoded("dtstart").astimezone(ZoneInfo("UTC")).hour, 7)

    def test_it_describes_the_paris_time_zone_it_uses(self):
        timezones = list(self.download().walk("VTIMEZONE"))
        self.assertEqual([str(tz["tzid"]) for tz in timezones], ["Europe/Paris"])

    def test_its_identifiers_are_unique_and_survive_a_new_schedule(self):
        uids = [str(e["uid"]) for e in self.events(self.download())]
        self.assertEqual(len(set(uids)), 16)
        # A new proposal moves every date: the diary must update its events, not add 16 more.
        schedule_cycle(self.cycle, date(2026, 9, 7))
        events = self.events(self.download())
        self.assertEqual([str(e["uid"]) for e in events], uids)
        self.assertEqual(events[0].decoded("dtstart").date(), date(2026, 9, 7))

    def test_two_cycles_never_share_an_identifier(self):
        mine = {str(e["uid"]) for e in self.events(self.download())}
        self.login(self.charlie)
        r = self.client.get(reverse("cycles:calendar", args=[self.other_cycle.code]))
        theirs = {str(e["uid"]) for e in Calendar.from_ical(r.content).walk("VEVENT")}
        self.assertFalse(mine & theirs)

    def test_an_unscheduled_cycle_gives_an_empty_calendar(self):
        self.cycle.slots.all().delete()
        self.assertEqual(self.events(self.download()), [])

    def test_the_structure_contact_may_download_it(self):
        self.login(self.diane)
        self.assertEqual(len(self.events(self.download())), 16)

    def test_it_hides_the_cycle_from_another_structures_contact(self):
        self.login(self.eve)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_sends_anonymous_visitors_to_the_login(self):
        self.client.logout()
        r = self.client.get(self.url)
        self.assertRedirects(r, reverse("accounts:login") + "?next=" + self.url)
