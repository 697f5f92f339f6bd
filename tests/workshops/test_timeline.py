"""The ligne de vie: events checked (a year from 1950 to this one, a short label), the collective
frise pooled and grouped by hand, anonymised whatever the activity's setting, and escaped."""

from __future__ import annotations

import itertools
import uuid

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from acunum.test import BaseTestCase, database_state
from acunum.workshops.contributing import Refused
from acunum.workshops.kinds import Entry, Invalid, get
from acunum.workshops.live import FACILITATOR, PROJECTOR, snapshot
from acunum.workshops.models import Activity, Participant
from tests.workshops.world import TIMELINE, as_trainee, make_activity, send

KIND = get("timeline")


def event(year, label):
    return Entry({"year": year, "label": label})


class TimelineKindTests(SimpleTestCase):
    def test_an_event_is_a_year_and_a_label(self):
        self.assertEqual(
            KIND.validate(TIMELINE, {"year": [" 2004 "], "label": ["  Premier   portable "]}, 0),
            [{"year": 2004, "label": "Premier portable"}],
        )

    def test_the_year_is_from_1950_to_this_one(self):
        this_year = timezone.localdate().year
        for year in (1950, this_year):
            payload = KIND.validate(TIMELINE, {"year": [str(year)], "label": ["Un"]}, 0)[0]
            self.assertEqual(payload["year"], year)
        for year in ("1949", str(this_year + 1), "", "deux mille", "2004.5", "-2000", "<b>"):
            with self.subTest(year=year), self.assertRaises(Invalid) as caught:
                KIND.validate(TIMELINE, {"year": [year], "label": ["Un"]}, 0)
            self.assertEqual(list(caught.exception.errors), ["year"])
        with override("en"), self.assertRaises(Invalid) as caught:
            KIND.validate(TIMELINE, {"year": ["1949"], "label": ["Un"]}, 0)
        self.assertEqual(caught.exception.errors["year"], f"Year: a year from 1950 to {this_year}.")

    def test_the_label_has_1_to_120_characters(self):
        self.assertEqual(
            KIND.validate(TIMELINE, {"year": ["2000"], "label": ["é" * 120]}, 0)[0]["label"],
            "é" * 120,
        )
        for label in ("", "   ", "x" * 121, "\u200b"):
            with self.subTest(label=label[:5]), self.assertRaises(Invalid) as caught:
                KIND.validate(TIMELINE, {"year": ["2000"], "label": [label]}, 0)
            self.assertEqual(list(caught.exception.errors), ["label"])

    def test_both_fields_are_named_at_once(self):
        with self.assertRaises(Invalid) as caught:
            KIND.validate(TIMELINE, {}, 0)
        self.assertEqual(set(caught.exception.errors), {"year", "label"})

    def test_n_events_per_person(self):
        data = {"year": ["2000"], "label": ["Un"]}
        self.assertEqual(len(KIND.validate(TIMELINE, data, 2)), 1)
        with self.assertRaises(Invalid) as caught:
            KIND.validate(TIMELINE, data, 3)
        self.assertIn("3", caught.exception.errors["label"])

    def test_a_frise_within_fifteen_years_is_by_year_the_same_events_merged(self):
        entries = [
            event(2004, "Premier portable"),
            event(1998, "Ordinateur à la maison"),
            event(2004, "premier portable"),  # the same, typed otherwise
            event(2004, "Facebook"),
            event(2010, "Smartphone"),
            event(2004, "Premier portable"),
        ]
        result = KIND.aggregate(TIMELINE, entries, 1)
        self.assertEqual(result["by"], "year")
        self.assertEqual(result["events"], 6)
        self.assertEqual(
            [
                (g["label"], [(e["text"], e["count"]) for e in g["events"]])
                for g in result["groups"]
            ],
            [
                ("1998", [("Ordinateur à la maison", 1)]),
                ("2004", [("Facebook", 1), ("Premier portable", 3)]),
                ("2010", [("Smartphone", 1)]),
            ],
        )

    def test_a_wide_frise_is_by_decade(self):
        entries = [
            event(1988, "Minitel"),
            event(2004, "Premier portable"),
            event(1985, "Thomson à l’école"),
            event(2020, "Visios"),
            event(1985, "Atari"),
        ]
        with override("en"):
            result = KIND.aggregate(TIMELINE, entries, 1)
        self.assertEqual(result["by"], "decade")
        self.assertEqual(
            [
                (g["label"], g["start"], [(e["year"], e["text"]) for e in g["events"]])
                for g in result["groups"]
            ],
            [
                (
                    "The 1980s",
                    1980,
                    [(1985, "Atari"), (1985, "Thomson à l’école"), (1988, "Minitel")],
                ),
                ("The 2000s", 2000, [(2004, "Premier portable")]),
                ("The 2020s", 2020, [(2020, "Visios")]),
            ],
        )

    def test_the_frise_does_not_keep_the_order_of_arrival(self):
        # One person's events, sent one after the other, must not stand together: whatever the
        # order they arrived in, the frise is the same.
        entries = [event(2004, "B"), event(2004, "a"), event(2004, "É"), event(2001, "Z")]
        results = {
            repr(KIND.aggregate(TIMELINE, list(order), 1))
            for order in itertools.permutations(entries)
        }
        self.assertEqual(len(results), 1)
        groups = KIND.aggregate(TIMELINE, entries, 1)["groups"]
        self.assertEqual([e["text"] for e in groups[1]["events"]], ["a", "B", "É"])

    def test_an_empty_frise(self):
        self.assertEqual(KIND.aggregate(TIMELINE, [], 1), {"by": "year", "groups": [], "events": 0})

    def test_settings_are_checked(self):
        self.assertEqual(KIND.clean_settings({"events_per_person": "5"}), {"events_per_person": 5})
        self.assertEqual(KIND.clean_settings({}), {"events_per_person": 8})
        for bad in (0, 21, "huit", True):
            with self.subTest(bad=bad), self.assertRaises(Invalid) as caught:
                KIND.clean_settings({"events_per_person": bad})
            self.assertEqual(list(caught.exception.errors), ["events_per_person"])


class TimelineContributingTests(BaseTestCase):
    def test_the_same_event_sent_twice_is_stored_once(self):
        activity = make_activity(self, "timeline")
        ident = uuid.uuid4()
        for _attempt in range(2):
            send(activity, as_trainee(self.dominique), ident, year="2004", label="Portable")
        self.assertEqual(activity.contributions.count(), 1)
        self.assertEqual(Participant.objects.get(activity=activity).sent, 1)

    def test_a_locked_or_closed_timeline_takes_no_event(self):
        for state in ("locked", "closed"):
            with self.subTest(state=state):
                activity = make_activity(self, "timeline", state=state, title=state)
                before = database_state()
                with self.assertRaises(Refused):
                    send(activity, as_trainee(self.dominique), year="2004", label="Portable")
                self.assertEqual(database_state(), before)

    def test_an_anonymous_event_points_to_nobody(self):
        activity = make_activity(self, "timeline", anonymous=True)
        send(activity, as_trainee(self.dominique), year="2004", label="Portable")
        stored = activity.contributions.get()
        self.assertEqual((stored.participant_id, stored.ballot), (None, ""))

    def test_the_frise_names_nobody_even_when_the_activity_is_named(self):
        activity = make_activity(self, "timeline", results_shown=True)
        send(activity, as_trainee(self.dominique), year="2004", label="Portable")
        send(activity, as_trainee(self.eden), year="2004", label="Portable")
        send(activity, as_trainee(self.eden), year="2010", label="Smartphone")
        for audience in (PROJECTOR, FACILITATOR):
            results = snapshot(activity, audience)["results"]
            self.assertNotIn("Dominique", str(results))
            self.assertNotIn("Eden", str(results))
            self.assertNotIn(str(Participant.objects.first().pk), str(results))
        lines = [e for g in snapshot(activity, PROJECTOR)["results"]["groups"] for e in g["events"]]
        self.assertEqual(
            lines,
            [
                {"year": 2004, "text": "Portable", "count": 2},
                {"year": 2010, "text": "Smartphone", "count": 1},
            ],
        )


class TimelinePagesTests(BaseTestCase):
    def page(self, activity):
        return reverse(
            "workshops:trainee-activity", args=[self.dominique_token, activity.join_code]
        )

    def test_the_phone_says_the_frise_never_shows_who_wrote_what(self):
        named = make_activity(self, "timeline")
        r = self.client.get(self.page(named))
        self.assertContains(r, _("This activity is not anonymous"))
        self.assertContains(
            r,
            _(
                "The projector shows one frise for the whole group, the same events merged: it "
                "never shows who wrote what, even though this activity is not anonymous (your "
                "trainer sees your name beside your events)."
            ),
        )
        anonymous = make_activity(self, "timeline", anonymous=True, title="Anonyme")
        self.assertContains(
            self.client.get(self.page(anonymous)),
            _(
                "The projector shows one frise for the whole group, the same events merged: it "
                "never shows who wrote what."
            ),
        )

    def test_the_phone_adds_events_and_sees_its_own_line_until_the_limit(self):
        activity = make_activity(self, "timeline")
        for year, label in (("2010", "Smartphone"), ("1998", "Ordinateur"), ("2004", "Portable")):
            r = self.client.post(
                self.page(activity),
                {"client_id": str(uuid.uuid4()), "year": year, "label": label},
            )
            self.assertRedirects(r, self.page(activity), fetch_redirect_response=False)
        r = self.client.get(self.page(activity))
        # Her line, by year (after the three messages that say each was added).
        line = r.content.decode().split('class="ws-own-events"')[1]
        self.assertLess(line.index("1998"), line.index("2004"))
        self.assertLess(line.index("Ordinateur"), line.index("Smartphone"))
        self.assertNotContains(r, 'name="year"')  # three events of three: done
        self.assertEqual(activity.contributions.count(), 3)

    def test_a_refused_event_names_the_fields_and_keeps_what_was_typed(self):
        activity = make_activity(self, "timeline")
        r = self.client.post(
            self.page(activity),
            {"client_id": str(uuid.uuid4()), "year": "1900", "label": "Mon <b>Minitel</b>"},
        )
        self.assertContains(r, 'href="#answer-year"')
        self.assertContains(r, 'value="1900"')
        self.assertContains(r, 'value="Mon &lt;b&gt;Minitel&lt;/b&gt;"')
        self.assertFalse(activity.contributions.exists())

    def test_the_projector_shows_the_frise_escaped_without_hidden_events(self):
        activity = make_activity(self, "timeline", results_shown=True)
        send(activity, as_trainee(self.dominique), year="2004", label="<img src=x onerror=1>")
        hidden = send(activity, as_trainee(self.eden), year="2005", label="Grossièreté")
        self.login(self.bob)
        facilitator = reverse(
            "workshops:moderate", args=[self.cycle.code, "J1", activity.join_code]
        )
        self.client.post(
            facilitator, {"contribution": str(hidden.contributions[0].pk), "hidden": "1"}
        )
        r = self.client.get(
            reverse("workshops:projector", args=[self.cycle.code, "J1", activity.join_code])
        )
        self.assertNotContains(r, "<img src=x")
        self.assertContains(r, "&lt;img src=x onerror=1&gt;")
        self.assertNotContains(r, "Grossièreté")
        self.assertContains(r, "2004")


class TimelineFormTests(BaseTestCase):
    def test_the_trainer_adds_a_timeline_and_a_bad_number_is_named(self):
        self.login(self.bob)
        new = reverse("workshops:new", args=[self.cycle.code, "J1"])
        before = database_state()
        r = self.client.post(
            new, {"kind": "timeline", "title": "Ligne de vie", "events_per_person": "25"}
        )
        self.assertContains(r, 'href="#id_events_per_person"')
        self.assertEqual(database_state(), before)
        r = self.client.post(
            new, {"kind": "timeline", "title": "Ligne de vie", "events_per_person": "5"}
        )
        self.assertEqual(r.status_code, 302)
        activity = Activity.objects.get(title="Ligne de vie")
        self.assertEqual((activity.kind, activity.settings), ("timeline", {"events_per_person": 5}))
