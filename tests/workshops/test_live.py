"""The projector, its live endpoint (ETag and 304), and moderation."""

from __future__ import annotations

from django.urls import reverse

from acunum.test import BaseTestCase
from acunum.workshops.models import Contribution
from tests.workshops.world import as_trainee, make_activity, send


def url(name, activity):
    return reverse(
        f"workshops:{name}", args=[activity.cycle.code, activity.sequence.code, activity.join_code]
    )


class LiveTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)
        self.activity = make_activity(self, results_shown=True)

    def live(self, etag=None, view=""):
        headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
        return self.client.get(url("live", self.activity) + view, **headers)

    def test_an_unchanged_activity_answers_304(self):
        first = self.live()
        self.assertEqual(first.status_code, 200)
        etag = first["ETag"]
        again = self.live(etag)
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        self.assertEqual(again["ETag"], etag)
        self.assertIn("no-cache", again["Cache-Control"])

    def test_each_change_bumps_the_version(self):
        etag = self.live()["ETag"]
        changes = [
            lambda: send(self.activity, as_trainee(self.dominique), word="partage"),
            lambda: Contribution.objects.get(activity=self.activity).set_hidden(True),
            lambda: self.activity.change_state("locked"),
            lambda: self.activity.show_results(False),
        ]
        for change in changes:
            change()
            r = self.live(etag)
            self.assertEqual(r.status_code, 200)
            self.assertNotEqual(r["ETag"], etag)
            etag = r["ETag"]

    def test_the_projector_and_the_facilitator_have_their_own_etags(self):
        projector = self.live()["ETag"]
        facilitator = self.live(view="?vue=facilitator")
        self.assertNotEqual(facilitator["ETag"], projector)
        self.assertEqual(self.live(projector, "?vue=facilitator").status_code, 200)

    def test_the_json_holds_the_results_computed_from_the_contributions(self):
        send(self.activity, as_trainee(self.dominique), word=["Réseaux", "lien"])
        send(self.activity, as_trainee(self.eden), word=["réseaux "])
        data = self.live().json()
        self.assertEqual(data["participants"], 2)
        self.assertEqual(data["contributions"], 3)
        self.assertEqual(
            data["results"]["words"],
            [{"text": "réseaux", "count": 2, "size": 2}, {"text": "lien", "count": 1, "size": 1}],
        )
        self.assertNotIn("queue", data)


class ModerationTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)
        self.activity = make_activity(self, results_shown=True)
        send(self.activity, as_trainee(self.dominique), word=["partage", "grossièreté"])

    def hide(self, word, hidden="1"):
        contribution = Contribution.objects.get(activity=self.activity, payload__word=word)
        return self.client.post(
            url("moderate", self.activity), {"contribution": str(contribution.pk), "hidden": hidden}
        )

    def test_a_hidden_contribution_leaves_the_projector_json_and_page(self):
        self.assertEqual(self.hide("grossièreté").status_code, 302)
        data = self.client.get(url("live", self.activity)).json()
        self.assertEqual([w["text"] for w in data["results"]["words"]], ["partage"])
        self.assertEqual(data["contributions"], 1)
        self.assertNotIn("grossièreté", str(data))
        page = self.client.get(url("projector", self.activity))
        self.assertNotContains(page, "grossièreté")
        self.assertContains(page, "partage")

    def test_the_facilitator_keeps_it_and_can_show_it_again(self):
        self.hide("grossièreté")
        data = self.client.get(url("live", self.activity) + "?vue=facilitator").json()
        queue = {item["text"]: item["hidden"] for item in data["queue"]}
        self.assertEqual(queue, {"partage": False, "grossièreté": True})
        self.assertEqual(data["hidden"], 1)
        self.hide("grossièreté", "0")
        page = self.client.get(url("projector", self.activity))
        self.assertContains(page, "grossièreté")

    def test_a_contribution_of_another_activity_is_not_found(self):
        other = make_activity(self, title="Autre")
        send(other, as_trainee(self.eden), word="ailleurs")
        contribution = Contribution.objects.get(activity=other)
        r = self.client.post(
            url("moderate", self.activity), {"contribution": str(contribution.pk), "hidden": "1"}
        )
        self.assertEqual(r.status_code, 404)
        self.assertEqual(
            self.client.post(url("moderate", self.activity), {"contribution": "x"}).status_code,
            404,
        )


class ProjectorTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)

    def test_the_projector_shows_the_code_and_its_qr(self):
        activity = make_activity(self)
        r = self.client.get(url("projector", activity))
        self.assertContains(r, activity.spaced_code)
        self.assertContains(r, "<svg")
        self.assertContains(r, reverse("workshops:join-activity", args=[activity.join_code]))

    def test_a_poll_shows_no_result_until_the_trainer_reveals_it(self):
        activity = make_activity(self, "poll")
        send(activity, as_trainee(self.dominique), choice="2")
        r = self.client.get(url("projector", activity))
        self.assertNotContains(r, "Je ne sais pas")
        self.assertIsNone(self.client.get(url("live", activity)).json()["results"])
        activity.show_results(True)
        r = self.client.get(url("projector", activity))
        self.assertContains(r, "Je ne sais pas")
        counts = self.client.get(url("live", activity)).json()["results"]["choices"]
        self.assertEqual([c["count"] for c in counts], [0, 0, 1])
