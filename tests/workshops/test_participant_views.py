"""The phone's pages: from the personal link, or with a code and a pseudonym; with and without
JavaScript (a plain form POST, or fetch asking for JSON)."""

from __future__ import annotations

import uuid

from django.urls import reverse
from django.utils.translation import gettext as _

from acunum.test import BaseTestCase, database_state
from acunum.workshops.models import Activity, Contribution, Participant
from tests.workshops.world import as_trainee, make_activity, send


class TraineeLinkTests(BaseTestCase):
    def page(self, activity, token=None):
        return reverse(
            "workshops:trainee-activity", args=[token or self.dominique_token, activity.join_code]
        )

    def test_the_trainee_home_links_to_the_activities(self):
        r = self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        self.assertContains(r, reverse("workshops:trainee-list", args=[self.dominique_token]))

    def test_the_list_shows_the_running_activities_of_her_cycle_only(self):
        running = make_activity(self, title="En cours")
        make_activity(self, title="Brouillon", state="draft")
        make_activity(self, title="Terminée", state="closed")
        make_activity(self, title="Ailleurs", cycle=self.other_cycle)
        r = self.client.get(reverse("workshops:trainee-list", args=[self.dominique_token]))
        self.assertContains(r, self.page(running))
        for hidden in ("Brouillon", "Terminée", "Ailleurs"):
            self.assertNotContains(r, hidden)

    def test_an_activity_of_another_cycle_or_a_draft_is_not_found(self):
        elsewhere = make_activity(self, cycle=self.other_cycle)
        self.assertEqual(self.client.get(self.page(elsewhere)).status_code, 404)
        draft = make_activity(self, state="draft", title="Brouillon")
        self.assertEqual(self.client.get(self.page(draft)).status_code, 404)

    def test_the_page_says_whether_the_activity_is_anonymous_before_answering(self):
        anonymous = make_activity(self, anonymous=True)
        self.assertContains(self.client.get(self.page(anonymous)), _("This activity is anonymous"))
        named = make_activity(self, title="Nommée")
        self.assertContains(self.client.get(self.page(named)), _("This activity is not anonymous"))

    def test_a_plain_form_post_stores_the_words_and_comes_back_by_get(self):
        activity = make_activity(self)
        page = self.client.get(self.page(activity))
        self.assertContains(page, 'name="client_id"')
        self.assertContains(page, 'name="word"', count=3)
        ident = str(uuid.uuid4())
        data = {"client_id": ident, "word": ["Réseaux", "", "lien"]}
        r = self.client.post(self.page(activity), data)
        self.assertRedirects(r, self.page(activity))
        again = self.client.post(self.page(activity), data)  # the browser sends it again
        # Not followed: the page it leads to would show (and use up) the message checked below.
        self.assertRedirects(again, self.page(activity), fetch_redirect_response=False)
        self.assertEqual(activity.contributions.count(), 2)
        r = self.client.get(self.page(activity))
        self.assertContains(r, _("Your words are recorded."))
        self.assertContains(r, 'name="word"', count=1)  # one word left of three

    def test_fetch_gets_json_and_a_retry_is_stored_once(self):
        activity = make_activity(self, "poll")
        data = {"client_id": str(uuid.uuid4()), "choice": "1"}
        for _attempt in range(3):
            r = self.client.post(self.page(activity), data, HTTP_ACCEPT="application/json")
            self.assertEqual(r.status_code, 200)
            self.assertTrue(r.json()["ok"])
        self.assertEqual(activity.contributions.count(), 1)

    def test_a_refusal_is_a_french_message_and_changes_nothing(self):
        activity = make_activity(self, state="locked")
        before = database_state()
        r = self.client.post(self.page(activity), {"client_id": str(uuid.uuid4()), "word": "x"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "problems")
        r = self.client.post(
            self.page(activity),
            {"client_id": str(uuid.uuid4()), "word": "x"},
            HTTP_ACCEPT="application/json",
        )
        self.assertEqual(r.status_code, 200)
        self.assertFalse(r.json()["ok"])
        self.assertEqual(
            r.json()["message"],
            _(
                "This activity is locked for the moment: it takes no answer. "
                "Wait for your trainer to open it again."
            ),
        )
        self.assertEqual(database_state(), before)

    def test_an_empty_answer_is_named_and_the_form_keeps_what_was_typed(self):
        activity = make_activity(self)
        r = self.client.post(
            self.page(activity), {"client_id": str(uuid.uuid4()), "word": ["  ", "x" * 50]}
        )
        self.assertContains(r, 'href="#answer-word"')
        self.assertContains(r, 'value="' + "x" * 50 + '"')
        self.assertFalse(Contribution.objects.exists())

    def test_a_missing_or_broken_identifier_is_refused(self):
        activity = make_activity(self)
        for ident in ("", "not-a-uuid"):
            r = self.client.post(self.page(activity), {"client_id": ident, "word": "x"})
            self.assertContains(r, "problems")
        self.assertFalse(Contribution.objects.exists())

    def test_a_debate_shows_where_she_stands(self):
        activity = make_activity(self, "moving_debate")
        self.client.post(self.page(activity), {"client_id": str(uuid.uuid4()), "position": "2"})
        r = self.client.get(self.page(activity))
        self.assertContains(r, 'value="2" checked')
        self.client.post(self.page(activity), {"client_id": str(uuid.uuid4()), "position": "5"})
        moves = [c.payload for c in activity.contributions.order_by("created_at")]
        self.assertEqual(moves, [{"position": 2, "from": None}, {"position": 5, "from": 2}])

    def test_an_anonymous_debate_follows_the_phone_through_its_cookie(self):
        activity = make_activity(self, "moving_debate", anonymous=True)
        self.client.get(self.page(activity))  # the phone gets its secret
        self.client.post(self.page(activity), {"client_id": str(uuid.uuid4()), "position": "1"})
        self.client.post(self.page(activity), {"client_id": str(uuid.uuid4()), "position": "3"})
        moves = list(activity.contributions.order_by("created_at"))
        self.assertEqual(moves[1].payload, {"position": 3, "from": 1})
        self.assertTrue(all(m.participant_id is None for m in moves))
        self.assertContains(self.client.get(self.page(activity)), 'value="3" checked')


class JoinWithCodeTests(BaseTestCase):
    def test_the_code_then_a_pseudonym_then_the_activity(self):
        activity = make_activity(self)
        r = self.client.post(reverse("workshops:join"), {"code": activity.spaced_code.lower()})
        page = reverse("workshops:join-activity", args=[activity.join_code])
        self.assertRedirects(r, page, fetch_redirect_response=False)
        r = self.client.get(page)
        self.assertContains(r, 'name="pseudonym"')
        self.assertContains(r, _("This activity is not anonymous"))
        r = self.client.post(page, {"pseudonym": "  Zaza  la   Bricoleuse "})
        self.assertRedirects(r, page)
        r = self.client.post(page, {"client_id": str(uuid.uuid4()), "word": ["partage"]})
        self.assertRedirects(r, page)
        participant = Participant.objects.get(activity=activity)
        self.assertEqual(participant.pseudonym, "Zaza la Bricoleuse")
        # The session remembers her: her next word counts with the first.
        self.client.post(page, {"client_id": str(uuid.uuid4()), "word": ["lien", "écran"]})
        self.assertEqual(Participant.objects.get(activity=activity).sent, 3)
        r = self.client.post(page, {"client_id": str(uuid.uuid4()), "word": ["encore"]})
        self.assertEqual(activity.contributions.count(), 3)

    def test_a_wrong_code_is_named(self):
        before = database_state()
        for code in ("", "ABC", "0OI1AB", "ZZZZZZ"):
            r = self.client.post(reverse("workshops:join"), {"code": code})
            self.assertEqual(r.status_code, 200)
            self.assertContains(r, 'href="#id_code"')
        self.assertEqual(database_state(), before)

    def test_a_draft_cannot_be_joined(self):
        draft = make_activity(self, state="draft")
        r = self.client.post(reverse("workshops:join"), {"code": draft.join_code})
        self.assertContains(r, 'href="#id_code"')
        page = reverse("workshops:join-activity", args=[draft.join_code])
        self.assertEqual(self.client.get(page).status_code, 404)

    def test_an_empty_pseudonym_is_refused(self):
        activity = make_activity(self)
        page = reverse("workshops:join-activity", args=[activity.join_code])
        r = self.client.post(page, {"pseudonym": "   "})
        self.assertContains(r, 'href="#id_pseudonym"')
        self.assertFalse(Participant.objects.exists())

    def test_markup_in_a_pseudonym_is_text(self):
        activity = make_activity(self)
        page = reverse("workshops:join-activity", args=[activity.join_code])
        self.client.post(page, {"pseudonym": "<b>Zaza</b>"})
        self.client.post(page, {"client_id": str(uuid.uuid4()), "word": ["x"]})
        self.login(self.bob)
        facilitator = reverse(
            "workshops:activity", args=[self.cycle.code, "J1", activity.join_code]
        )
        r = self.client.get(facilitator)
        self.assertNotContains(r, "<b>Zaza</b>")
        self.assertContains(r, "&lt;b&gt;Zaza&lt;/b&gt;")

    def test_a_closed_activity_says_so(self):
        activity = make_activity(self, state="closed")
        page = reverse("workshops:join-activity", args=[activity.join_code])
        self.client.post(page, {"pseudonym": "Zaza"})
        r = self.client.get(page)
        self.assertContains(r, _("This activity is over: it no longer takes answers."))
        self.assertNotContains(r, 'name="client_id"')
        self.assertEqual(Activity.objects.get(pk=activity.pk).state, "closed")


class WatchTests(BaseTestCase):
    """What a phone asks every few seconds: has the trainer changed the activity, or the list?"""

    def watch(self, name, arg, etag=None):
        headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
        return self.client.get(reverse(f"workshops:{name}", args=[arg]), **headers)

    def listed(self, etag=None):
        return self.watch("trainee-list-watch", self.dominique_token, etag)

    def page_etag(self, response) -> str:
        return response.content.decode().split('data-etag="', 1)[1].split('"', 1)[0]

    def test_an_answer_does_not_change_the_phase_a_lock_and_a_round_do(self):
        activity = make_activity(self, "moving_debate")
        page = self.client.get(
            reverse("workshops:trainee-activity", args=[self.dominique_token, activity.join_code])
        )
        etag = self.page_etag(page).replace("&quot;", '"')
        self.assertEqual(self.watch("watch", activity.join_code, etag).status_code, 304)
        send(activity, as_trainee(self.eden), position="2")
        self.assertEqual(self.watch("watch", activity.join_code, etag).status_code, 304)
        for change in (lambda: activity.change_state("locked"), activity.next_round):
            change()
            r = self.watch("watch", activity.join_code, etag)
            self.assertEqual(r.status_code, 200)
            self.assertEqual(r.json(), {"state": activity.state, "round": activity.round})
            etag = r["ETag"]

    def test_a_draft_or_a_deleted_activity_is_not_found(self):
        activity = make_activity(self, state="draft")
        self.assertEqual(self.watch("watch", activity.join_code).status_code, 404)
        activity.change_state("open")
        self.assertEqual(self.watch("watch", activity.join_code).status_code, 200)
        activity.change_state("closed")
        activity.remove()
        self.assertEqual(self.watch("watch", activity.join_code).status_code, 404)

    def test_the_list_changes_when_an_activity_is_launched_or_locked(self):
        page = self.client.get(reverse("workshops:trainee-list", args=[self.dominique_token]))
        etag = self.page_etag(page).replace("&quot;", '"')
        self.assertEqual(self.listed(etag).status_code, 304)
        activity = make_activity(self, state="draft")
        self.assertEqual(self.listed(etag).status_code, 304)
        activity.change_state("open")
        r = self.listed(etag)
        self.assertEqual(r.json(), {"running": [{"code": activity.join_code, "state": "open"}]})
        activity.change_state("locked")
        self.assertEqual(self.listed(r["ETag"]).status_code, 200)

    def test_another_cycles_activity_does_not_change_the_list(self):
        etag = self.listed()["ETag"]
        make_activity(self, cycle=self.other_cycle)
        self.assertEqual(self.listed(etag).status_code, 304)

    def test_a_replaced_link_is_told_so(self):
        token = self.dominique_token
        self.dominique.issue_link()
        self.assertEqual(self.watch("trainee-list-watch", token).status_code, 410)
