"""Dot voting: N dots per person, several on one option, no more than one's dots, a dot taken
back while the vote is open; totals by hand, revealed when the trainer decides; anonymity."""

from __future__ import annotations

import uuid

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from acunum.test import BaseTestCase, database_state
from acunum.workshops.contributing import Refused, anonymous_ballot
from acunum.workshops.kinds import Entry, Invalid, get
from acunum.workshops.live import FACILITATOR, PROJECTOR, snapshot
from acunum.workshops.models import Activity, Participant
from tests.workshops.world import DOTS, as_pseudonym, as_trainee, make_activity, send

KIND = get("dot_voting")


def dot(option, change=1, ballot=""):
    return Entry({"option": option, "change": change}, ballot=ballot)


def url(name, activity):
    return reverse(
        f"workshops:{name}", args=[activity.cycle.code, activity.sequence.code, activity.join_code]
    )


class DotVotingKindTests(SimpleTestCase):
    def test_a_dot_on_an_option_and_a_dot_taken_back(self):
        self.assertEqual(
            KIND.validate(DOTS, {"option": ["2"]}, 0, {}), [{"option": 2, "change": 1}]
        )
        self.assertEqual(
            KIND.validate(DOTS, {"take_back": ["2"]}, 1, {2: 1}), [{"option": 2, "change": -1}]
        )

    def test_several_dots_may_go_on_one_option(self):
        self.assertEqual(
            KIND.validate(DOTS, {"option": ["1"]}, 2, {1: 2}), [{"option": 1, "change": 1}]
        )

    def test_no_more_than_ones_dots_with_a_message_naming_them(self):
        with self.assertRaises(Invalid) as caught:
            KIND.validate(DOTS, {"option": ["0"]}, 3, {0: 1, 1: 2})
        self.assertEqual(
            caught.exception.errors,
            {
                "option": ngettext(
                    "You have already placed your dot.",
                    "You have already placed your %(n)s dots.",
                    3,
                )
                % {"n": 3}
            },
        )
        with override("en"), self.assertRaises(Invalid) as caught:
            KIND.validate(DOTS, {"option": ["0"]}, 3, {0: 3})
        self.assertEqual(caught.exception.errors["option"], "You have already placed your 3 dots.")
        one = {**DOTS, "dots_per_person": 1}
        with override("en"), self.assertRaises(Invalid) as caught:
            KIND.validate(one, {"option": ["0"]}, 1, {0: 1})
        self.assertEqual(caught.exception.errors["option"], "You have already placed your dot.")

    def test_refusals_name_the_field(self):
        for data, sent, current in [
            ({}, 0, {}),
            ({"option": [""]}, 0, {}),
            ({"option": ["4"]}, 0, {}),
            ({"option": ["-1"]}, 0, {}),
            ({"option": ["<b>"]}, 0, {}),
            ({"take_back": ["1"]}, 1, {0: 1}),  # no dot on that option
            ({"take_back": ["1"]}, 0, {1: 1}),  # this person has no dot at all
            ({"take_back": ["9"]}, 1, {0: 1}),
        ]:
            with self.subTest(data=data), self.assertRaises(Invalid) as caught:
                KIND.validate(DOTS, data, sent, current)
            self.assertEqual(list(caught.exception.errors), ["option"])

    def test_a_dot_counts_one_and_a_dot_taken_back_gives_it_back(self):
        self.assertEqual(KIND.counts({"option": 0, "change": 1}), 1)
        self.assertEqual(KIND.counts({"option": 0, "change": -1}), -1)

    def test_totals_by_hand_highest_first(self):
        # Ana: Réseaux ×2, Visio; Ben: Smartphone, Visio, Réseaux then takes Réseaux back and
        # puts it on Visio; Cy: Messagerie.
        entries = [
            dot(0, ballot="ana"),
            dot(0, ballot="ana"),
            dot(3, ballot="ana"),
            dot(1, ballot="ben"),
            dot(3, ballot="ben"),
            dot(0, ballot="ben"),
            dot(0, -1, ballot="ben"),
            dot(3, ballot="ben"),
            dot(2, ballot="cy"),
        ]
        result = KIND.aggregate(DOTS, entries, 1)
        self.assertEqual(result["dots"], 7)
        self.assertEqual(
            [(o["text"], o["count"], o["percent"]) for o in result["options"]],
            [
                ("Visio", 3, 43),
                ("Réseaux sociaux", 2, 29),
                ("Smartphone", 1, 14),  # a tie: the trainer's order
                ("Messagerie", 1, 14),
            ],
        )
        self.assertEqual([o["index"] for o in result["options"]], [3, 0, 1, 2])

    def test_no_dot_yet(self):
        result = KIND.aggregate(DOTS, [], 1)
        self.assertEqual([(o["count"], o["percent"]) for o in result["options"]], [(0, 0)] * 4)
        self.assertEqual(result["dots"], 0)

    def test_a_dot_is_described_with_its_option(self):
        self.assertEqual(
            KIND.describe(DOTS, {"option": 3, "change": 1}),
            _("Dot on “%(option)s”") % {"option": "Visio"},
        )
        self.assertEqual(
            KIND.describe(DOTS, {"option": 3, "change": -1}),
            _("Dot taken back from “%(option)s”") % {"option": "Visio"},
        )

    def test_settings_are_checked(self):
        self.assertEqual(
            KIND.clean_settings({"options": "Réseaux\n\n  Visio  ", "dots_per_person": "5"}),
            {"options": ["Réseaux", "Visio"], "dots_per_person": 5},
        )
        for raw, field in [
            ({"options": "Seule"}, "options"),
            ({"options": "\n".join(str(n) for n in range(13))}, "options"),
            ({"options": "Visio\nVISIO"}, "options"),
            ({"options": "Visio\n" + "x" * 121}, "options"),
            ({"options": 4}, "options"),
            ({"options": "A\nB", "dots_per_person": 0}, "dots_per_person"),
            ({"options": "A\nB", "dots_per_person": 11}, "dots_per_person"),
            ({"options": "A\nB", "dots_per_person": "trois"}, "dots_per_person"),
        ]:
            with self.subTest(raw=raw), self.assertRaises(Invalid) as caught:
                KIND.clean_settings(raw)
            self.assertEqual(list(caught.exception.errors), [field])


class DotVotingContributingTests(BaseTestCase):
    def test_dots_placed_taken_back_and_placed_again(self):
        activity = make_activity(self, "dot_voting")
        me = as_trainee(self.dominique)
        for option in ("0", "0", "3"):
            send(activity, me, option=option)
        before = database_state()
        with self.assertRaises(Invalid):
            send(activity, me, option="1")  # a fourth dot
        self.assertEqual(database_state(), before)
        send(activity, me, take_back="0")
        send(activity, me, option="1")
        self.assertEqual(Participant.objects.get(activity=activity).sent, 3)
        totals = {
            o["text"]: o["count"] for o in snapshot(activity, FACILITATOR)["results"]["options"]
        }
        self.assertEqual(
            totals, {"Réseaux sociaux": 1, "Smartphone": 1, "Messagerie": 0, "Visio": 1}
        )

    def test_the_same_dot_sent_twice_is_placed_once_and_a_take_back_taken_once(self):
        activity = make_activity(self, "dot_voting")
        me = as_trainee(self.dominique)
        place, take = uuid.uuid4(), uuid.uuid4()
        send(activity, me, place, option="2")
        send(activity, me, place, option="2")
        send(activity, me, option="2")
        send(activity, me, take, take_back="2")
        send(activity, me, take, take_back="2")
        self.assertEqual(activity.contributions.count(), 3)
        self.assertEqual(Participant.objects.get(activity=activity).sent, 1)

    def test_a_dot_is_not_taken_back_once_the_vote_is_locked_or_closed(self):
        activity = make_activity(self, "dot_voting")
        send(activity, as_trainee(self.dominique), option="1")
        for state in ("locked", "closed"):
            with self.subTest(state=state):
                activity.change_state(state)
                before = database_state()
                with self.assertRaises(Refused):
                    send(activity, as_trainee(self.dominique), take_back="1")
                with self.assertRaises(Refused):
                    send(activity, as_trainee(self.dominique), option="2")
                self.assertEqual(database_state(), before)
                activity.change_state("open")

    def test_one_cannot_take_back_someone_elses_dot(self):
        activity = make_activity(self, "dot_voting")
        send(activity, as_trainee(self.dominique), option="1")
        with self.assertRaises(Invalid):
            send(activity, as_trainee(self.eden, "e" * 32), take_back="1")

    def test_an_anonymous_vote_links_a_phones_dots_by_a_ballot_only_it_can_make(self):
        activity = make_activity(self, "dot_voting", anonymous=True)
        phone = "c" * 32
        send(activity, as_trainee(self.dominique, phone), option="0")
        send(activity, as_trainee(self.dominique, phone), option="1")
        send(activity, as_trainee(self.dominique, phone), take_back="0")
        dots = list(activity.contributions.all())
        self.assertTrue(all(d.participant_id is None and d.anonymous for d in dots))
        self.assertEqual({d.ballot for d in dots}, {anonymous_ballot(phone, activity)})
        participant = Participant.objects.get(activity=activity)
        self.assertNotIn(dots[0].ballot, str(list(Participant.objects.values_list())))
        self.assertEqual(participant.sent, 1)

    def test_another_phone_brings_no_more_dots_in_an_anonymous_vote(self):
        activity = make_activity(self, "dot_voting", anonymous=True)
        for option in ("0", "1", "2"):
            send(activity, as_trainee(self.dominique, "c" * 32), option=option)
        with self.assertRaises(Invalid):
            send(activity, as_trainee(self.dominique, "d" * 32), option="3")

    def test_an_anonymous_vote_needs_the_phones_cookie(self):
        activity = make_activity(self, "dot_voting", anonymous=True)
        with self.assertRaises(Refused) as caught:
            send(activity, as_trainee(self.dominique, phone=""), option="0")
        self.assertEqual(
            str(caught.exception),
            _("This phone refuses cookies: the vote needs one to count your dots."),
        )

    def test_a_pseudonym_votes_with_the_code(self):
        activity = make_activity(self, "dot_voting")
        stored = send(activity, as_pseudonym("Zaza"), option="3")
        send(activity, as_pseudonym("Zaza", stored.participant), take_back="3")
        self.assertEqual(Participant.objects.get(activity=activity).sent, 0)

    def test_there_is_nothing_to_hide_in_a_dot_vote(self):
        activity = make_activity(self, "dot_voting")
        placed = send(activity, as_trainee(self.dominique), option="1").contributions[0]
        before = database_state()
        with self.assertRaises(Refused):
            placed.set_hidden(True)
        self.assertEqual(database_state(), before)


class DotVotingPagesTests(BaseTestCase):
    def page(self, activity):
        return reverse(
            "workshops:trainee-activity", args=[self.dominique_token, activity.join_code]
        )

    def post(self, activity, **data):
        return self.client.post(self.page(activity), {"client_id": str(uuid.uuid4()), **data})

    def test_the_phone_places_and_takes_back_dots_with_its_buttons(self):
        activity = make_activity(self, "dot_voting")
        r = self.client.get(self.page(activity))
        self.assertContains(r, 'name="option"', count=4)
        self.assertNotContains(r, 'name="take_back"')
        self.post(activity, option="1")
        self.post(activity, option="1")
        r = self.client.get(self.page(activity))
        self.assertContains(r, _("Dot placed on “%(option)s”.") % {"option": "Smartphone"})
        self.assertContains(r, 'name="take_back" value="1"')
        self.assertContains(r, 'class="ws-dot"', count=2)
        self.post(activity, take_back="1")
        r = self.client.get(self.page(activity))
        self.assertContains(r, 'class="ws-dot"', count=1)
        self.assertEqual(Participant.objects.get(activity=activity).sent, 1)

    def test_a_dot_beyond_ones_dots_is_refused_in_words_and_changes_nothing(self):
        activity = make_activity(self, "dot_voting")
        for _n in range(3):
            self.post(activity, option="0")
        before = database_state()
        message = ngettext(
            "You have already placed your dot.", "You have already placed your %(n)s dots.", 3
        ) % {"n": 3}
        r = self.post(activity, option="2")
        self.assertContains(r, 'href="#answer-option"')
        self.assertContains(r, message)
        r = self.client.post(
            self.page(activity),
            {"client_id": str(uuid.uuid4()), "option": "2"},
            HTTP_ACCEPT="application/json",
        )
        self.assertEqual(r.json(), {"ok": False, "errors": {"option": message}, "message": message})
        self.assertEqual(database_state(), before)

    def test_the_results_are_shown_on_the_projector_when_the_trainer_decides(self):
        activity = make_activity(self, "dot_voting")
        send(activity, as_trainee(self.dominique), option="3")
        send(activity, as_trainee(self.eden, "e" * 32), option="3")
        send(activity, as_trainee(self.eden, "e" * 32), option="0")
        self.login(self.bob)
        r = self.client.get(url("projector", activity))
        self.assertNotContains(r, "ws-bars")
        self.assertIsNone(self.client.get(url("live", activity)).json()["results"])
        self.client.post(url("results", activity), {"shown": "1"})
        r = self.client.get(url("projector", activity))
        content = r.content.decode()
        self.assertLess(content.index("Visio"), content.index("Réseaux sociaux"))
        options = self.client.get(url("live", activity)).json()["results"]["options"]
        self.assertEqual(
            [(o["text"], o["count"]) for o in options][:2], [("Visio", 2), ("Réseaux sociaux", 1)]
        )

    def test_the_facilitator_sees_the_dots_move_and_no_hide_button(self):
        activity = make_activity(self, "dot_voting")
        send(activity, as_trainee(self.dominique), option="3")
        send(activity, as_trainee(self.dominique), take_back="3")
        self.login(self.bob)
        r = self.client.get(url("activity", activity))
        self.assertContains(r, _("Dot taken back from “%(option)s”") % {"option": "Visio"})
        self.assertNotContains(r, url("moderate", activity))
        data = self.client.get(url("live", activity) + "?vue=facilitator").json()
        self.assertFalse(data["moderated"])
        placed = activity.contributions.order_by("created_at").first()
        r = self.client.post(
            url("moderate", activity), {"contribution": str(placed.pk), "hidden": "1"}, follow=True
        )
        self.assertContains(r, "message-error")
        self.assertFalse(activity.contributions.filter(hidden=True).exists())

    def test_options_with_markup_are_escaped(self):
        activity = make_activity(
            self,
            "dot_voting",
            settings={"options": ["<i>Visio</i>", "Mails"], "dots_per_person": 2},
            results_shown=True,
        )
        send(activity, as_trainee(self.dominique), option="0")
        self.login(self.bob)
        r = self.client.get(url("projector", activity))
        self.assertNotContains(r, "<i>Visio")
        self.assertContains(r, "&lt;i&gt;Visio&lt;/i&gt;")
        self.assertEqual(snapshot(activity, PROJECTOR)["results"]["options"][0]["count"], 1)


class DotVotingFormTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)
        self.new = reverse("workshops:new", args=[self.cycle.code, "J4"])

    def test_the_trainer_adds_a_dot_vote(self):
        r = self.client.post(
            self.new,
            {
                "kind": "dot_voting",
                "title": "Usages à travailler",
                "options": "Réseaux\nVisio\nMails",
                "dots_per_person": "2",
            },
        )
        self.assertEqual(r.status_code, 302)
        activity = Activity.objects.get(title="Usages à travailler")
        self.assertEqual(
            activity.settings, {"options": ["Réseaux", "Visio", "Mails"], "dots_per_person": 2}
        )
        self.assertContains(self.client.get(url("edit", activity)), "Réseaux\nVisio\nMails")

    def test_bad_settings_are_named_and_nothing_is_stored(self):
        before = database_state()
        r = self.client.post(
            self.new,
            {"kind": "dot_voting", "title": "Vote", "options": "Seule", "dots_per_person": "11"},
        )
        self.assertContains(r, 'href="#id_dots_per_person"')
        self.assertEqual(database_state(), before)
        r = self.client.post(
            self.new,
            {"kind": "dot_voting", "title": "Vote", "options": "Seule", "dots_per_person": "3"},
        )
        self.assertContains(r, 'href="#id_options"')
        self.assertEqual(database_state(), before)
