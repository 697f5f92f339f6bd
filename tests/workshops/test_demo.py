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

    def test_the_current_cycle_has_each_days_activities_and_one_open_with_words(self):
        current = Activity.objects.filter(cycle=self.built["current"])
        self.assertEqual(
            set(current.values_list("sequence__code", flat=True)), {"J1", "J2", "J3", "J4"}
        )
        running = current.get(state=Activity.State.OPEN)
        self.assertEqual(running.title, "Mon numérique en trois mots")
        self.assertGreaterEqual(running.contributions.count(), 10)
        self.assertEqual(current.exclude(pk=running.pk).exclude(state="draft").count(), 0)

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

    def test_the_demo_pages_open(self):
        self.client.force_login(self.built["trainer"])
        cloud = Activity.objects.get(cycle=self.built["current"], state="open")
        for name in ("activity", "projector"):
            url = reverse(
                f"workshops:{name}", args=[cloud.cycle.code, cloud.sequence.code, cloud.join_code]
            )
            self.assertEqual(self.client.get(url).status_code, 200)
