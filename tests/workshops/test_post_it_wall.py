"""The post-it wall: its settings and cards checked, its columns aggregated by hand, a card sent
twice stored once, the facilitator's moderation and ordering, the projector's escaping."""

from __future__ import annotations

import uuid

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils.translation import gettext as _

from acunum.test import BaseTestCase, database_state
from acunum.workshops import wall
from acunum.workshops.contributing import Refused
from acunum.workshops.kinds import Entry, Invalid, get
from acunum.workshops.kinds.post_it_wall import MAX_CARDS_PER_PERSON, clean_text
from acunum.workshops.live import FACILITATOR, PROJECTOR, snapshot
from acunum.workshops.models import Activity, Contribution, Participant
from tests.workshops.world import WALL, as_pseudonym, as_trainee, make_activity, send

WALL_KIND = get("post_it_wall")


def url(name, activity, *extra):
    return reverse(
        f"workshops:{name}",
        args=[activity.cycle.code, activity.sequence.code, activity.join_code, *extra],
    )


def column_texts(activity, audience=PROJECTOR) -> list[list[str]]:
    results = snapshot(activity, audience)["results"]
    return [[card["text"] for card in column["cards"]] for column in results["columns"]]


class WallKindTests(SimpleTestCase):
    def test_a_card_is_a_column_and_a_text(self):
        self.assertEqual(
            WALL_KIND.validate(WALL, {"column": ["1"], "text": ["  La page du centre  "]}, 0),
            [{"column": 1, "text": "La page du centre"}],
        )

    def test_markup_is_kept_as_typed_and_line_breaks_stay(self):
        text = "<b>Discord</b>\r\n\r\n\r\n\r\n<script>alert(1)</script>"
        payload = WALL_KIND.validate(WALL, {"column": ["0"], "text": [text]}, 0)[0]
        self.assertEqual(payload["text"], "<b>Discord</b>\n\n<script>alert(1)</script>")

    def test_invisible_characters_are_dropped_but_emoji_stay_joined(self):
        self.assertEqual(clean_text("a\u202eb\u200bc"), "abc")
        family = "👩\u200d👧"
        self.assertEqual(clean_text(family), family)

    def test_the_text_has_1_to_280_characters(self):
        self.assertEqual(
            WALL_KIND.validate(WALL, {"column": ["0"], "text": ["é" * 280]}, 0)[0]["text"],
            "é" * 280,
        )
        for text in ("", "   \n  ", "x" * 281, "\u200b"):
            with self.subTest(text=text[:5]), self.assertRaises(Invalid) as caught:
                WALL_KIND.validate(WALL, {"column": ["0"], "text": [text]}, 0)
            self.assertEqual(list(caught.exception.errors), ["text"])
        with self.assertRaises(Invalid) as caught:
            WALL_KIND.validate(WALL, {"column": ["0"], "text": ["x" * 300]}, 0)
        self.assertIn("280", caught.exception.errors["text"])
        self.assertIn("300", caught.exception.errors["text"])

    def test_the_column_must_be_one_of_the_walls(self):
        for column in ([], [""], ["3"], ["-1"], ["un"], ["<b>"]):
            with self.subTest(column=column), self.assertRaises(Invalid) as caught:
                WALL_KIND.validate(WALL, {"column": column, "text": ["Facebook"]}, 0)
            self.assertEqual(list(caught.exception.errors), ["column"])

    def test_both_fields_are_named_at_once(self):
        with self.assertRaises(Invalid) as caught:
            WALL_KIND.validate(WALL, {}, 0)
        self.assertEqual(set(caught.exception.errors), {"column", "text"})

    def test_one_person_writes_at_most_so_many_cards(self):
        data = {"column": ["0"], "text": ["Encore"]}
        self.assertEqual(len(WALL_KIND.validate(WALL, data, MAX_CARDS_PER_PERSON - 1)), 1)
        with self.assertRaises(Invalid) as caught:
            WALL_KIND.validate(WALL, data, MAX_CARDS_PER_PERSON)
        self.assertEqual(list(caught.exception.errors), ["text"])

    def test_aggregation_by_hand_in_the_facilitators_order_then_the_order_of_arrival(self):
        entries = [
            Entry({"column": 0, "text": "A"}),  # arrived first
            Entry({"column": 1, "text": "B"}),
            Entry({"column": 0, "text": "C"}, rank=2),
            Entry({"column": 0, "text": "D"}, rank=1),
            Entry({"column": 0, "text": "E"}),  # arrived after the column was arranged
            Entry({"column": 2, "text": "F"}, key="f-id"),
        ]
        result = WALL_KIND.aggregate(WALL, entries, 1)
        self.assertEqual(result["cards"], 6)
        self.assertEqual(
            [(c["name"], [card["text"] for card in c["cards"]]) for c in result["columns"]],
            [
                ("En mon nom", ["D", "C", "A", "E"]),
                ("Au nom de ma structure", ["B"]),
                ("Sous un pseudonyme", ["F"]),
            ],
        )
        # An identifier only when the facilitator's screen asked for it.
        self.assertEqual(result["columns"][2]["cards"], [{"text": "F", "id": "f-id"}])
        self.assertEqual(result["columns"][1]["cards"], [{"text": "B"}])

    def test_an_empty_wall_has_its_columns(self):
        result = WALL_KIND.aggregate(WALL, [], 1)
        self.assertEqual([len(c["cards"]) for c in result["columns"]], [0, 0, 0])

    def test_a_card_is_described_with_its_column(self):
        self.assertEqual(
            WALL_KIND.describe(WALL, {"column": 2, "text": "TikTok"}),
            _("%(column)s: %(text)s") % {"column": "Sous un pseudonyme", "text": "TikTok"},
        )

    def test_settings_are_checked(self):
        self.assertEqual(
            WALL_KIND.clean_settings({"columns": " Privé \n\n Au   travail "}),
            {"columns": ["Privé", "Au travail"]},
        )
        self.assertEqual(
            WALL_KIND.clean_settings({"columns": ["A", "B", "C", "D", "E", "F"]})["columns"][-1],
            "F",
        )
        for raw in (
            {},
            {"columns": "Seule"},
            {"columns": "\n".join("ABCDEFG")},
            {"columns": "Privé\nprivé"},
            {"columns": "Privé\n" + "x" * 61},
            {"columns": 3},
        ):
            with self.subTest(raw=raw), self.assertRaises(Invalid) as caught:
                WALL_KIND.clean_settings(raw)
            self.assertEqual(list(caught.exception.errors), ["columns"])


class WallContributingTests(BaseTestCase):
    def test_the_same_card_sent_twice_is_stored_once(self):
        activity = make_activity(self, "post_it_wall")
        ident = uuid.uuid4()
        send(activity, as_trainee(self.dominique), ident, column="0", text="Facebook")
        again = send(activity, as_trainee(self.dominique), ident, column="0", text="Facebook")
        self.assertFalse(again.created)
        self.assertEqual(activity.contributions.count(), 1)
        self.assertEqual(Participant.objects.get(activity=activity).sent, 1)

    def test_a_locked_or_closed_wall_takes_no_card(self):
        for state in ("locked", "closed"):
            with self.subTest(state=state):
                activity = make_activity(self, "post_it_wall", state=state, title=state)
                before = database_state()
                with self.assertRaises(Refused):
                    send(activity, as_trainee(self.dominique), column="0", text="Facebook")
                self.assertEqual(database_state(), before)

    def test_an_anonymous_card_points_to_nobody(self):
        activity = make_activity(self, "post_it_wall", anonymous=True)
        send(activity, as_trainee(self.dominique), column="1", text="La page du centre")
        card = activity.contributions.get()
        self.assertEqual((card.participant_id, card.ballot, card.anonymous), (None, "", True))
        self.assertEqual(card.payload, {"column": 1, "text": "La page du centre"})


class WallOrderTests(BaseTestCase):
    def setUp(self):
        self.activity = make_activity(self, "post_it_wall", results_shown=True)
        self.cards = {}
        for column, text in [("0", "A"), ("0", "B"), ("1", "X"), ("0", "C")]:
            stored = send(self.activity, as_trainee(self.dominique), column=column, text=text)
            self.cards[text] = stored.contributions[0]

    def test_up_and_down_within_a_column(self):
        self.assertTrue(wall.move_card(self.activity, self.cards["C"], -1))
        self.assertEqual(column_texts(self.activity)[0], ["A", "C", "B"])
        self.assertTrue(wall.move_card(self.activity, self.cards["A"], 1))
        self.assertEqual(column_texts(self.activity)[0], ["C", "A", "B"])
        self.assertFalse(wall.move_card(self.activity, self.cards["C"], -1))  # already first
        self.assertFalse(wall.move_card(self.activity, self.cards["B"], 1))  # already last
        # A card arriving later goes below the arranged ones.
        send(self.activity, as_trainee(self.eden), column="0", text="D")
        self.assertEqual(column_texts(self.activity)[0], ["C", "A", "B", "D"])

    def test_to_another_column_at_its_foot(self):
        self.assertTrue(wall.move_card_to(self.activity, self.cards["A"], "1"))
        self.assertEqual(column_texts(self.activity)[:2], [["B", "C"], ["X", "A"]])
        self.assertEqual(
            Contribution.objects.get(pk=self.cards["A"].pk).payload, {"column": 1, "text": "A"}
        )
        self.assertFalse(wall.move_card_to(self.activity, self.cards["A"], 1))  # already there

    def test_hidden_cards_are_passed_over_and_cannot_be_moved(self):
        self.cards["B"].set_hidden(True)
        wall.move_card(self.activity, self.cards["C"], -1)
        self.assertEqual(column_texts(self.activity)[0], ["C", "A"])
        with self.assertRaises(Refused):
            wall.move_card(self.activity, self.cards["B"], -1)

    def test_a_bad_column_is_refused_and_changes_nothing(self):
        before = database_state()
        for column in ("3", "-1", "deux", ""):
            with self.subTest(column=column), self.assertRaises(Refused):
                wall.move_card_to(self.activity, self.cards["A"], column)
        self.assertEqual(database_state(), before)

    def test_only_a_wall_is_arranged(self):
        cloud = make_activity(self, title="Nuage")
        word = send(cloud, as_trainee(self.dominique), word="partage").contributions[0]
        with self.assertRaises(Refused):
            wall.move_card(cloud, word, 1)

    def test_each_move_bumps_the_version(self):
        version = self.activity.version
        wall.move_card(self.activity, self.cards["B"], 1)
        self.activity.refresh_from_db()
        self.assertGreater(self.activity.version, version)


class WallPagesTests(BaseTestCase):
    def page(self, activity):
        return reverse(
            "workshops:trainee-activity", args=[self.dominique_token, activity.join_code]
        )

    def test_the_phone_sends_a_card_and_sees_its_own_on_a_named_wall(self):
        activity = make_activity(self, "post_it_wall")
        r = self.client.get(self.page(activity))
        self.assertContains(r, 'name="column"', count=3)
        self.assertContains(r, 'id="answer-text"')
        data = {"client_id": str(uuid.uuid4()), "column": "2", "text": "TikTok <3"}
        r = self.client.post(self.page(activity), data)
        self.assertRedirects(r, self.page(activity), fetch_redirect_response=False)
        r = self.client.get(self.page(activity))
        self.assertContains(r, _("Your post-it is on the wall."))
        self.assertContains(r, "TikTok &lt;3")
        self.assertContains(r, "Sous un pseudonyme")

    def test_a_refused_card_names_the_field_and_keeps_what_was_typed(self):
        activity = make_activity(self, "post_it_wall")
        r = self.client.post(
            self.page(activity), {"client_id": str(uuid.uuid4()), "text": "Mon forum"}
        )
        self.assertContains(r, 'href="#answer-column"')
        self.assertContains(r, "Mon forum</textarea>")
        self.assertFalse(Contribution.objects.exists())
        r = self.client.post(
            self.page(activity),
            {"client_id": str(uuid.uuid4()), "column": "1", "text": "x" * 281},
            HTTP_ACCEPT="application/json",
        )
        self.assertFalse(r.json()["ok"])
        self.assertEqual(list(r.json()["errors"]), ["text"])

    def test_the_projector_shows_columns_and_visible_cards_escaped(self):
        activity = make_activity(self, "post_it_wall", results_shown=True)
        send(activity, as_trainee(self.dominique), column="0", text="<script>alert(1)</script>")
        hidden = send(activity, as_trainee(self.eden), column="1", text="Hors sujet")
        hidden.contributions[0].set_hidden(True)
        self.login(self.bob)
        r = self.client.get(url("projector", activity))
        self.assertNotContains(r, "<script>alert")
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(r, "Hors sujet")
        for name in WALL["columns"]:
            self.assertContains(r, name)
        data = self.client.get(url("live", activity)).json()
        self.assertEqual([len(c["cards"]) for c in data["results"]["columns"]], [1, 0, 0])
        self.assertNotIn("id", data["results"]["columns"][0]["cards"][0])

    def test_the_facilitator_arranges_and_hides_from_the_wall(self):
        activity = make_activity(self, "post_it_wall")
        first = send(activity, as_trainee(self.dominique), column="0", text="Un").contributions[0]
        second = send(activity, as_trainee(self.eden), column="0", text="Deux").contributions[0]
        self.login(self.bob)
        page = self.client.get(url("activity", activity))
        self.assertContains(page, f'id="carte-{second.pk}"')
        self.assertContains(page, url("arrange", activity))
        self.assertContains(page, "Dominique")  # a named wall: the queue names the author
        data = self.client.get(url("live", activity) + "?vue=facilitator").json()
        self.assertEqual(data["results"]["columns"][0]["cards"][1]["id"], str(second.pk))
        r = self.client.post(
            url("arrange", activity), {"contribution": str(second.pk), "direction": "up"}
        )
        self.assertRedirects(r, url("activity", activity) + f"#carte-{second.pk}")
        self.assertEqual(column_texts(activity, FACILITATOR)[0], ["Deux", "Un"])
        self.client.post(url("arrange", activity), {"contribution": str(first.pk), "column": "1"})
        self.assertEqual(column_texts(activity, FACILITATOR)[:2], [["Deux"], ["Un"]])
        self.client.post(url("moderate", activity), {"contribution": str(first.pk), "hidden": "1"})
        self.assertEqual(column_texts(activity, FACILITATOR)[:2], [["Deux"], []])

    def test_a_bad_arrangement_is_a_french_message_and_changes_nothing(self):
        activity = make_activity(self, "post_it_wall")
        card = send(activity, as_trainee(self.dominique), column="0", text="Un").contributions[0]
        self.login(self.bob)
        before = database_state()
        for data in ({"column": "9"}, {"direction": "sideways"}, {}):
            r = self.client.post(
                url("arrange", activity), {"contribution": str(card.pk), **data}, follow=True
            )
            self.assertContains(r, "message-error")
        self.assertEqual(database_state(), before)
        other = make_activity(self, "post_it_wall", title="Autre mur")
        elsewhere = send(other, as_trainee(self.eden), column="0", text="Ailleurs")
        r = self.client.post(
            url("arrange", activity),
            {"contribution": str(elsewhere.contributions[0].pk), "direction": "up"},
        )
        self.assertEqual(r.status_code, 404)
        r = self.client.post(url("arrange", activity), {"contribution": "x", "direction": "up"})
        self.assertEqual(r.status_code, 404)

    def test_a_pseudonym_joins_a_wall_with_the_code(self):
        activity = make_activity(self, "post_it_wall", anonymous=True)
        stored = send(activity, as_pseudonym("Zaza"), column="0", text="Instagram")
        self.assertEqual(stored.participant.pseudonym, "Zaza")
        self.assertIsNone(stored.contributions[0].participant_id)


class WallFormTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)
        self.new = reverse("workshops:new", args=[self.cycle.code, "J3"])

    def test_the_trainer_adds_a_wall_with_its_columns(self):
        r = self.client.post(
            self.new,
            {"kind": "post_it_wall", "title": "Où je parle", "columns": "Privé\n\nTravail\n"},
        )
        self.assertEqual(r.status_code, 302)
        activity = Activity.objects.get(title="Où je parle")
        self.assertEqual(activity.settings, {"columns": ["Privé", "Travail"]})
        page = self.client.get(url("edit", activity))
        self.assertContains(page, "Privé\nTravail</textarea>")

    def test_bad_columns_are_named_and_nothing_is_stored(self):
        before = database_state()
        r = self.client.post(self.new, {"kind": "post_it_wall", "title": "Mur", "columns": "Seul"})
        self.assertContains(r, 'href="#id_columns"')
        self.assertEqual(database_state(), before)

    def test_the_columns_cannot_change_once_someone_has_written(self):
        activity = make_activity(self, "post_it_wall")
        send(activity, as_trainee(self.dominique), column="2", text="TikTok")
        before = database_state()
        r = self.client.post(
            url("edit", activity),
            {"kind": "post_it_wall", "title": "Mur", "columns": "Un\nDeux"},
        )
        self.assertContains(r, 'href="#id_columns"')
        self.assertEqual(database_state(), before)
