"""Each kind's checks and aggregation, against values computed by hand; no database."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.utils.translation import override

from acunum.workshops.kinds import Entry, Invalid, get
from acunum.workshops.kinds.moving_debate import MAX_MOVES_PER_PERSON
from acunum.workshops.kinds.word_cloud import normalise, size

CLOUD = get("word_cloud")
POLL = get("poll")
DEBATE = get("moving_debate")


class NormalisationTests(SimpleTestCase):
    def test_case_spaces_and_accents_variants_are_one_word(self):
        for typed in ("Réseaux", "réseaux ", "RÉSEAUX", "  réseaux", "Réseaux !", "« réseaux »"):
            with self.subTest(typed=typed):
                self.assertEqual(normalise(typed), "réseaux")

    def test_accents_are_kept(self):
        self.assertEqual(normalise("Été"), "été")
        self.assertNotEqual(normalise("thé"), normalise("the"))

    def test_decomposed_accents_are_composed(self):
        decomposed = "re\u0301seaux"  # e + combining acute, as some keyboards send it
        self.assertEqual(normalise(decomposed), "réseaux")
        self.assertEqual(len(normalise(decomposed)), 7)

    def test_inner_spaces_collapse_and_inner_punctuation_stays(self):
        self.assertEqual(normalise("  logiciel \u00a0  libre. "), "logiciel libre")
        self.assertEqual(normalise("Wi-Fi"), "wi-fi")
        self.assertEqual(normalise("aujourd’hui"), normalise("aujourd'hui"))

    def test_punctuation_and_markup_at_the_ends_are_stripped(self):
        self.assertEqual(normalise("<b>lien</b>"), "b>lien</b")
        self.assertEqual(normalise("...?!"), "")
        self.assertEqual(normalise("#partage"), "partage")

    def test_invisible_characters_do_not_make_two_words(self):
        self.assertEqual(normalise("ré\u200bseaux"), "réseaux")


class WordCloudTests(SimpleTestCase):
    settings = {"words_per_person": 3}

    def test_words_are_normalised_and_a_repeated_word_counts_once(self):
        payloads = CLOUD.validate(self.settings, {"word": ["Partage", "", " partage ", "Lien"]}, 0)
        self.assertEqual(payloads, [{"word": "partage"}, {"word": "lien"}])

    def test_an_empty_answer_is_refused_naming_the_field(self):
        for words in ([], ["", "   "], ["?!"]):
            with self.subTest(words=words), self.assertRaises(Invalid) as caught:
                CLOUD.validate(self.settings, {"word": words}, 0)
            self.assertEqual(list(caught.exception.errors), ["word"])

    def test_a_word_too_long_is_refused(self):
        with self.assertRaises(Invalid) as caught:
            CLOUD.validate(self.settings, {"word": ["x" * 41]}, 0)
        self.assertIn("40", caught.exception.errors["word"])
        self.assertEqual(
            CLOUD.validate(self.settings, {"word": ["x" * 40]}, 0), [{"word": "x" * 40}]
        )

    def test_a_huge_field_is_cut_before_anything(self):
        with self.assertRaises(Invalid):
            CLOUD.validate(self.settings, {"word": ["x" * 1_000_000]}, 0)

    def test_n_words_per_person_counts_what_was_sent_before(self):
        self.assertEqual(len(CLOUD.validate(self.settings, {"word": ["a1", "b2"]}, 1)), 2)
        with override("fr"), self.assertRaises(Invalid) as caught:
            CLOUD.validate(self.settings, {"word": ["a1", "b2"]}, 2)
        self.assertIn("1", caught.exception.errors["word"])

    def test_aggregation_counts_each_word_and_sizes_it_gently(self):
        entries = [
            Entry({"word": w}) for w in ["lien", "partage", "lien", "écran", "lien", "partage"]
        ]
        result = CLOUD.aggregate(self.settings, entries, 1)
        self.assertEqual(
            result["words"],
            [
                {"text": "lien", "count": 3, "size": 2},
                {"text": "partage", "count": 2, "size": 2},
                {"text": "écran", "count": 1, "size": 1},
            ],
        )
        self.assertEqual(result["total"], 6)

    def test_ties_are_in_alphabetical_order_accents_aside(self):
        entries = [Entry({"word": w}) for w in ["zèbre", "écran", "avenir"]]
        words = [w["text"] for w in CLOUD.aggregate(self.settings, entries, 1)["words"]]
        self.assertEqual(words, ["avenir", "écran", "zèbre"])

    def test_sizes_follow_a_log_scale_of_the_count(self):
        self.assertEqual(
            [size(n) for n in (1, 2, 3, 4, 7, 8, 15, 16, 100)], [1, 2, 2, 3, 3, 4, 4, 5, 5]
        )

    def test_settings_are_checked(self):
        self.assertEqual(CLOUD.clean_settings({"words_per_person": 5}), {"words_per_person": 5})
        for bad in (0, 11, "trois", True):
            with self.subTest(bad=bad), self.assertRaises(Invalid) as caught:
                CLOUD.clean_settings({"words_per_person": bad})
            self.assertEqual(list(caught.exception.errors), ["words_per_person"])


class PollTests(SimpleTestCase):
    single = {"choices": ["Oui", "Non", "Peut-être"], "multiple": False}
    multiple = {"choices": ["Oui", "Non", "Peut-être"], "multiple": True}

    def test_a_single_choice(self):
        self.assertEqual(POLL.validate(self.single, {"choice": ["1"]}, 0), [{"choices": [1]}])

    def test_several_choices_when_allowed_sorted_and_once_each(self):
        payloads = POLL.validate(self.multiple, {"choice": ["2", "0", "2"]}, 0)
        self.assertEqual(payloads, [{"choices": [0, 2]}])

    def test_refusals_name_the_field(self):
        cases = [
            (self.single, {"choice": []}, 0),
            (self.single, {"choice": ["0", "1"]}, 0),
            (self.single, {"choice": ["3"]}, 0),
            (self.single, {"choice": ["-1"]}, 0),
            (self.single, {"choice": ["<script>"]}, 0),
            (self.single, {"choice": ["0"]}, 1),  # already answered
            (self.multiple, {}, 0),
        ]
        for settings, data, sent in cases:
            with self.subTest(data=data, sent=sent), self.assertRaises(Invalid) as caught:
                POLL.validate(settings, data, sent)
            self.assertEqual(list(caught.exception.errors), ["choice"])

    def test_aggregation_by_hand(self):
        # Four people: Oui+Non, Oui, Peut-être, Oui+Peut-être.
        entries = [Entry({"choices": c}) for c in ([0, 1], [0], [2], [0, 2])]
        result = POLL.aggregate(self.multiple, entries, 1)
        self.assertEqual(result["answers"], 4)
        self.assertEqual(
            [(c["text"], c["count"], c["percent"]) for c in result["choices"]],
            [("Oui", 3, 75), ("Non", 1, 25), ("Peut-être", 2, 50)],
        )

    def test_shares_round_half_up(self):
        # 1 of 8 is 12.5 %: 13, as people round, not 12.
        entries = [Entry({"choices": [0]})] + [Entry({"choices": [1]})] * 7
        shares = [c["percent"] for c in POLL.aggregate(self.single, entries, 1)["choices"]]
        self.assertEqual(shares, [13, 88, 0])

    def test_no_answer_yet(self):
        result = POLL.aggregate(self.single, [], 1)
        self.assertEqual([c["percent"] for c in result["choices"]], [0, 0, 0])

    def test_settings_are_checked(self):
        self.assertEqual(
            POLL.clean_settings({"choices": " Oui \n\n Non  merci ", "multiple": True}),
            {"choices": ["Oui", "Non merci"], "multiple": True},
        )
        bad = [
            ({"choices": "Oui"}, "choices"),
            ({"choices": "\n".join(str(n) for n in range(11))}, "choices"),
            ({"choices": "Oui\noui"}, "choices"),
            ({"choices": "Oui\n" + "x" * 121}, "choices"),
            ({"choices": 3}, "choices"),
            ({"choices": "Oui\nNon", "multiple": "yes"}, "multiple"),
        ]
        for raw, field in bad:
            with self.subTest(raw=raw), self.assertRaises(Invalid) as caught:
                POLL.clean_settings(raw)
            self.assertEqual(list(caught.exception.errors), [field])


class MovingDebateTests(SimpleTestCase):
    settings = {"statement": "Le numérique nous rapproche.", "rounds": 2}

    def test_a_move_records_where_from(self):
        self.assertEqual(
            DEBATE.validate(self.settings, {"position": ["2"]}, 0, None),
            [{"position": 2, "from": None}],
        )
        self.assertEqual(
            DEBATE.validate(self.settings, {"position": ["5"]}, 1, 2),
            [{"position": 5, "from": 2}],
        )

    def test_refusals_name_the_field(self):
        for data, current, sent in [
            ({}, None, 0),
            ({"position": [""]}, None, 0),
            ({"position": ["6"]}, None, 0),
            ({"position": ["0"]}, None, 0),
            ({"position": ["deux"]}, None, 0),
            ({"position": ["3"]}, 3, 1),  # already there
            ({"position": ["3"]}, 2, MAX_MOVES_PER_PERSON),
        ]:
            with self.subTest(data=data), self.assertRaises(Invalid) as caught:
                DEBATE.validate(self.settings, data, sent, current)
            self.assertEqual(list(caught.exception.errors), ["position"])

    def test_the_distribution_counts_each_persons_latest_move_of_the_round(self):
        entries = [
            Entry({"position": 1, "from": None}, 1, "ana"),
            Entry({"position": 5, "from": None}, 1, "ben"),
            Entry({"position": 4, "from": None}, 1, "cy"),
            Entry({"position": 2, "from": 1}, 1, "ana"),  # Ana moves
            Entry({"position": 5, "from": 4}, 1, "cy"),  # Cy moves
            Entry({"position": 3, "from": None}, 2, "ana"),  # round 2 starts
            Entry({"position": 1, "from": None}, 2, "ben"),
        ]
        result = DEBATE.aggregate(self.settings, entries, 2)
        now = [(p["position"], p["count"], p["percent"]) for p in result["positions"]]
        self.assertEqual(now, [(1, 1, 50), (2, 0, 0), (3, 1, 50), (4, 0, 0), (5, 0, 0)])
        self.assertEqual((result["round"], result["placed"], result["moves"]), (2, 2, 2))
        # Round 1 ended with Ana at 2 and Ben and Cy at 5.
        earlier = [(p["position"], p["count"]) for p in result["earlier"][0]["positions"]]
        self.assertEqual(earlier, [(1, 0), (2, 1), (3, 0), (4, 0), (5, 2)])
        self.assertEqual(result["earlier"][0]["positions"][4]["percent"], 67)

    def test_the_scale_runs_from_strongly_agree_to_strongly_disagree(self):
        result = DEBATE.aggregate(self.settings, [], 1)
        with override("en"):
            labels = [p["text"] for p in DEBATE.aggregate(self.settings, [], 1)["positions"]]
        self.assertEqual(labels[0], "Strongly agree")
        self.assertEqual(labels[-1], "Strongly disagree")
        self.assertEqual(len(result["positions"]), 5)

    def test_a_move_is_described_from_where_to_where(self):
        with override("en"):
            self.assertEqual(
                DEBATE.describe(self.settings, {"position": 5, "from": 2}),
                "Rather agree → Strongly disagree",
            )
            self.assertEqual(
                DEBATE.describe(self.settings, {"position": 1, "from": None}), "Strongly agree"
            )

    def test_settings_are_checked(self):
        self.assertEqual(
            DEBATE.clean_settings({"statement": "  Un   outil  ", "rounds": 3}),
            {"statement": "Un outil", "rounds": 3},
        )
        for raw, field in [
            ({"statement": ""}, "statement"),
            ({"statement": "x" * 301}, "statement"),
            ({"statement": "Oui", "rounds": 0}, "rounds"),
            ({"statement": "Oui", "rounds": 6}, "rounds"),
        ]:
            with self.subTest(raw=raw), self.assertRaises(Invalid) as caught:
                DEBATE.clean_settings(raw)
            self.assertEqual(list(caught.exception.errors), [field])
