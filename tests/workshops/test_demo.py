"""The demo opens on in-room activities: the current cycle's days ready, the finished one's run."""

from __future__ import annotations

from datetime import date

from django.test import TestCase, override_settings
from django.urls import reverse

from acunum.site import demo
from acunum.workshops.live import PROJECTOR, snapshot
from acunum.workshops.models import Activity

TUESDAY = date(2026, 11, 24)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoWorkshopsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = demo.build(today=TUESDAY)

    def test_the_current_cycle_has_each_days_activities_and_two_open_on_j1(self):
        current = Activity.objects.filter(cycle=self.built["current"])
        self.assertEqual(
            set(current.values_list("sequence__code", flat=True)), {"J1", "J2", "J3", "J4"}
        )
        running = current.filter(state=Activity.State.OPEN)
        self.assertEqual(
            set(running.values_list("title", flat=True)),
            {"Mon numérique en trois mots", "Ma ligne de vie numérique"},
        )
        cloud, timeline = running.get(kind="word_cloud"), running.get(kind="timeline")
        self.assertGreaterEqual(cloud.contributions.count(), 10)
        self.assertGreaterEqual(timeline.contributions.count(), 12)
        self.assertEqual(current.exclude(state__in=["draft", "open"]).count(), 0)

    def test_the_finished_cycle_ran_and_closed_everything_with_results(self):
        finished = Activity.objects.filter(cycle=self.built["finished"])
        self.assertEqual(set(finished.values_list("state", flat=True)), {"closed"})
        for activity in finished:
            with self.subTest(activity=activity.title):
                results = snapshot(activity, PROJECTOR)["results"]
                self.assertIsNotNone(results)
                self.assertGreater(snapshot(activity, PROJECTOR)["participants"], 8)
        cloud = finished.get(kind="word_cloud")
        words = {w["text"]: w["count"] for w in snapshot(cloud, PROJECTOR)["results"]["words"]}
        self.assertGreaterEqual(words["réseaux"], 2)  # "réseaux" and "Réseaux", one word
        debate = finished.filter(kind="moving_debate").first()
        self.assertEqual(debate.round, 2)
        self.assertTrue(debate.contributions.filter(round=2).exists())

    def test_the_finished_cycle_has_a_wall_a_timeline_and_a_dot_vote(self):
        finished = Activity.objects.filter(cycle=self.built["finished"])
        wall = snapshot(finished.get(kind="post_it_wall"), PROJECTOR)["results"]
        cards = {c["text"]: column["name"] for column in wall["columns"] for c in column["cards"]}
        self.assertNotIn("test", cards)  # hidden by the trainer
        self.assertEqual(cards["Les groupes Facebook du quartier"], "En mon nom, à titre privé")
        self.assertIn("Discord, avec les jeunes de l’accueil <3", cards)
        first = wall["columns"][0]["cards"][0]["text"]
        self.assertEqual(first, "WhatsApp avec la famille")  # moved up by the trainer
        frise = snapshot(finished.get(kind="timeline"), PROJECTOR)["results"]
        self.assertEqual(frise["by"], "decade")
        events = [e for group in frise["groups"] for e in group["events"]]
        self.assertEqual([e["year"] for e in events], sorted(e["year"] for e in events))
        self.assertTrue(any(e["count"] > 1 for e in events))
        dots = snapshot(finished.get(kind="dot_voting"), PROJECTOR)["results"]
        totals = [o["count"] for o in dots["options"]]
        self.assertEqual(totals, sorted(totals, reverse=True))
        self.assertEqual(
            dots["dots"], 3 * snapshot(finished.get(kind="dot_voting"), PROJECTOR)["participants"]
        )

    def test_the_demo_pages_open(self):
        self.client.force_login(self.built["trainer"])
        shown = [
            *Activity.objects.filter(cycle=self.built["current"], state="open"),
            *Activity.objects.filter(cycle=self.built["finished"]),
        ]
        for activity in shown:
            for name in ("activity", "projector"):
                url = reverse(
                    f"workshops:{name}",
                    args=[activity.cycle.code, activity.sequence.code, activity.join_code],
                )
                with self.subTest(activity=activity.title, page=name):
                    self.assertEqual(self.client.get(url).status_code, 200)
