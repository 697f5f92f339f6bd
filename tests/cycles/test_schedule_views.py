"""Proposing a schedule through its page, and editing one slot."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.urls import reverse
from django.utils.translation import gettext

from acunum.cycles.models import Cycle, Slot
from acunum.test import BaseTestCase


class ScheduleViewTestCase(BaseTestCase):
    def setUp(self):
        self.url = reverse("cycles:schedule", args=[self.cycle.code])
        self.login(self.bob)

    def slots(self, cycle=None):
        cycle = cycle or self.cycle
        return list(cycle.slots.order_by("index").values_list("index", "date", "start", "end"))

    def form_data(self, **changes):
        data = {
            "start": "2026-09-07",
            "weekdays": ["0", "1", "2", "3", "4"],
            "max_days_per_week": "2",
            "weeks_between_parts": "2",
            "half_day": "morning",
            "morning_start": "09:00",
            "afternoon_start": "13:30",
        }
        data.update(changes)
        return data


class ProposeScheduleTests(ScheduleViewTestCase):
    def test_it_shows_the_form_starting_from_the_current_first_date(self):
        r = self.client.get(self.url)
        self.assertContains(r, 'value="2026-01-05"')

    def test_it_proposes_sixteen_slots_totalling_fifty_six_hours(self):
        r = self.client.post(self.url, self.form_data())
        self.assertRedirects(r, self.cycle.get_absolute_url())
        slots = list(self.cycle.slots.select_related("sequence"))
        self.assertEqual(len(slots), 16)
        self.assertEqual(sum(s.minutes for s in slots), 56 * 60)
        self.assertEqual(slots[0].date, date(2026, 9, 7))
        self.assertEqual([s.index for s in slots], list(range(1, 17)))

    def test_it_follows_the_constraints_of_the_form(self):
        data = self.form_data(
            weekdays=["2", "3"],
            max_days_per_week="1",
            weeks_between_parts="0",
            half_day="afternoon",
            morning_start="08:30",
            afternoon_start="13:00",
        )
        self.client.post(self.url, data)
        slots = list(self.cycle.slots.select_related("sequence"))
        self.assertEqual({s.date.weekday() for s in slots}, {2, 3})
        self.assertEqual(slots[0].date, date(2026, 9, 9))  # the first Wednesday
        self.assertEqual(slots[2].date, date(2026, 9, 16))  # one day a week
        self.assertEqual((slots[0].start, slots[1].start), (time(8, 30), time(13, 0)))
        half_days = [s for s in slots if s.sequence.part == 2]
        self.assertEqual({(s.start, s.end) for s in half_days}, {(time(13, 0), time(16, 30))})

    def test_it_refuses_a_form_with_no_day_ticked_and_keeps_the_schedule(self):
        before = self.slots()
        r = self.client.post(self.url, self.form_data(weekdays=[]))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, gettext("Tick at least one day."))
        self.assertEqual(self.slots(), before)

    def test_it_refuses_an_afternoon_that_would_end_at_midnight(self):
        before = self.slots()
        r = self.client.post(self.url, self.form_data(afternoon_start="20:30"))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, gettext("The afternoon would end after midnight."))
        self.assertEqual(self.slots(), before)

    def test_it_explains_why_no_schedule_fits_and_keeps_the_schedule(self):
        # Bob's other cycle takes every Monday morning for more than a year, and the group is
        # only free on Mondays: no date can take J1.
        busy_cycle = Cycle.objects.create(
            programme_version=self.version, structure=self.other_structure
        )
        busy_cycle.trainers.add(self.bob)
        j1 = self.version.sequences.get(code="J1")
        Slot.objects.bulk_create(
            Slot(
                cycle=busy_cycle,
                sequence=j1,
                index=n + 1,
                date=date(2026, 9, 7) + timedelta(weeks=n),
                start=time(9, 0),
                end=time(12, 30),
            )
            for n in range(60)
        )
        before = self.slots()
        r = self.client.post(self.url, self.form_data(weekdays=["0"]))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, gettext("No schedule fits these constraints"))
        self.assertContains(r, "J1")
        self.assertContains(r, "2026")
        self.assertEqual(self.slots(), before)

    def test_it_refuses_to_propose_once_the_training_has_started(self):
        Cycle.objects.filter(pk=self.cycle.pk).update(status=Cycle.Status.IN_TRAINING)
        before = self.slots()
        r = self.client.post(self.url, self.form_data())
        self.assertEqual(r.status_code, 200)
        self.assertContains(
            r,
            gettext(
                "The training has started: the schedule can no longer be proposed again. "
                "Edit a slot instead."
            ),
        )
        self.assertNotContains(r, gettext("Propose and save"))
        self.assertEqual(self.slots(), before)

    def test_it_lets_the_of_admin_propose(self):
        self.login(self.alice)
        r = self.client.post(self.url, self.form_data())
        self.assertRedirects(r, self.cycle.get_absolute_url())
        self.assertEqual(self.cycle.slots.first().date, date(2026, 9, 7))

    def test_it_refuses_the_structure_contact(self):
        self.login(self.diane)
        before = self.slots()
        r = self.client.post(self.url, self.form_data())
        self.assertEqual(r.status_code, 403)
        self.assertEqual(self.slots(), before)

    def test_it_hides_the_cycle_from_a_trainer_of_another_cycle(self):
        self.login(self.charlie)
        r = self.client.post(self.url, self.form_data())
        self.assertEqual(r.status_code, 404)


class EditSlotTests(ScheduleViewTestCase):
    def slot_url(self, index):
        return reverse("cycles:slot-edit", args=[self.cycle.code, index])

    def test_it_saves_a_slot_on_a_holiday_and_flags_it_with_its_reason(self):
        r = self.client.post(
            self.slot_url(16), {"date": "2026-05-01", "start": "09:00", "end": "12:30"}, follow=True
        )
        slot = self.cycle.slots.get(index=16)
        self.assertEqual(slot.date, date(2026, 5, 1))
        reason = gettext("falls on a public holiday (%(name)s)") % {"name": "Fête du Travail"}
        # Once in the message after saving, once against the slot in the schedule's table.
        self.assertContains(r, reason, count=2)
        self.assertContains(r, 'class="row-conflict"', count=1)

    def test_it_flags_the_next_slot_when_a_slot_is_moved_past_it(self):
        # Slot 3 (J2, morning) moved a week later: slot 4 now starts before it ends.
        r = self.client.post(
            self.slot_url(3), {"date": "2026-01-13", "start": "09:00", "end": "12:30"}, follow=True
        )
        reason = gettext("starts before slot %(prev)s ends") % {"prev": 3}
        self.assertContains(r, gettext("Slot saved, with a conflict: %(conflicts)s").split("%")[0])
        self.assertContains(r, reason, count=2)

    def test_it_says_nothing_is_wrong_after_a_harmless_edit(self):
        r = self.client.post(
            self.slot_url(16), {"date": "2026-02-17", "start": "08:30", "end": "12:00"}, follow=True
        )
        self.assertContains(r, gettext("Slot saved."))
        self.assertContains(r, gettext("no conflict"))

    def test_it_refuses_a_slot_that_ends_before_it_starts(self):
        before = self.slots()
        r = self.client.post(
            self.slot_url(1), {"date": "2026-01-05", "start": "12:30", "end": "09:00"}
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            r.context["form"].errors["end"], [gettext("The slot must end after it starts.")]
        )
        self.assertEqual(self.slots(), before)

    def test_it_refuses_the_structure_contact(self):
        self.login(self.diane)
        r = self.client.post(
            self.slot_url(1), {"date": "2026-01-07", "start": "09:00", "end": "12:30"}
        )
        self.assertEqual(r.status_code, 403)
        self.assertEqual(self.cycle.slots.get(index=1).date, date(2026, 1, 5))
