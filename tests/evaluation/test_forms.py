"""Each type of question checks its answer; every message names the question."""

from __future__ import annotations

from django.http import QueryDict
from django.test import SimpleTestCase
from django.utils import translation

from acunum.evaluation.forms import AnswerForm
from acunum.evaluation.loader import QUESTIONNAIRES_DIR, parse
from acunum.evaluation.questionnaire import Questionnaire
from tests.evaluation.world import HOT_ANSWERS, POSITIONING_ANSWERS


def questionnaire(slug: str) -> Questionnaire:
    path = QUESTIONNAIRES_DIR / f"{slug}.toml"
    return Questionnaire.from_data(parse(path.read_bytes(), path.name))


def post(answers: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in answers.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


class AnswerFormTests(SimpleTestCase):
    def setUp(self):
        # The English msgids; the French catalogue is checked where translations are.
        self.enterContext(translation.override("en"))
        self.positioning = questionnaire("positionnement")
        self.hot = questionnaire("satisfaction-chaud")

    def errors(self, q: Questionnaire, answers: dict) -> dict[str, str]:
        form = AnswerForm(q, post(answers))
        self.assertFalse(form.is_valid())
        return {b.question.id: b.error for b in form.errors}

    def test_complete_answers_are_kept_with_their_types(self):
        form = AnswerForm(self.hot, post(HOT_ANSWERS))
        self.assertTrue(form.is_valid(), [b.error for b in form.errors])
        self.assertEqual(form.answers["satisfaction_globale"], 5)
        self.assertEqual(form.answers["objectifs_atteints"], "oui")
        self.assertEqual(form.answers["ce_qui_a_marche"], ["ateliers", "pratique"])
        self.assertIn("ateliers sur téléphone", form.answers["commentaire"])

    def test_an_unanswered_optional_question_is_left_out(self):
        answers = {k: v for k, v in POSITIONING_ANSWERS.items()}
        form = AnswerForm(self.positioning, post({**answers, "accessibilite": "   "}))
        self.assertTrue(form.is_valid())
        self.assertNotIn("accessibilite", form.answers)

    def test_a_missing_required_answer_names_the_question(self):
        answers = {k: v for k, v in POSITIONING_ANSWERS.items() if k != "navigation"}
        errors = self.errors(self.positioning, answers)
        self.assertEqual(list(errors), ["navigation"])
        self.assertIn("Navigation sur internet", errors["navigation"])

    def test_a_blank_text_is_a_missing_answer(self):
        errors = self.errors(self.positioning, {**POSITIONING_ANSWERS, "attentes": "  \n "})
        self.assertIn("Attentes", errors["attentes"])

    def test_a_scale_answer_out_of_range_names_the_question_and_the_range(self):
        errors = self.errors(self.hot, {**HOT_ANSWERS, "satisfaction_globale": "6"})
        self.assertIn("Satisfaction globale", errors["satisfaction_globale"])
        self.assertIn("1", errors["satisfaction_globale"])
        self.assertIn("5", errors["satisfaction_globale"])
        self.assertEqual(list(errors), ["satisfaction_globale"])

    def test_a_scale_answer_that_is_not_a_number_is_refused(self):
        for value in ("quatre", "4.5", "0", "-1"):
            with self.subTest(value=value):
                errors = self.errors(self.hot, {**HOT_ANSWERS, "contenus": value})
                self.assertIn("Contenus", errors["contenus"])

    def test_a_single_choice_that_is_not_offered_names_the_question_and_the_value(self):
        errors = self.errors(self.hot, {**HOT_ANSWERS, "recommandation": "absolument"})
        self.assertIn("Recommandation", errors["recommandation"])
        self.assertIn("absolument", errors["recommandation"])

    def test_two_answers_to_a_single_choice_question_are_refused(self):
        errors = self.errors(self.hot, {**HOT_ANSWERS, "recommandation": ["oui", "non"]})
        self.assertIn("Recommandation", errors["recommandation"])

    def test_a_multiple_choice_with_one_answer_not_offered_is_refused(self):
        errors = self.errors(self.hot, {**HOT_ANSWERS, "ce_qui_a_marche": ["ateliers", "repas"]})
        self.assertIn("Ce qui a le mieux fonctionné", errors["ce_qui_a_marche"])
        self.assertIn("repas", errors["ce_qui_a_marche"])

    def test_multiple_choices_are_kept_once_in_the_order_offered(self):
        form = AnswerForm(
            self.hot, post({**HOT_ANSWERS, "ce_qui_a_marche": ["pratique", "apports", "pratique"]})
        )
        self.assertTrue(form.is_valid())
        self.assertEqual(form.answers["ce_qui_a_marche"], ["apports", "pratique"])

    def test_a_text_longer_than_allowed_names_the_question_and_the_length(self):
        errors = self.errors(self.hot, {**HOT_ANSWERS, "commentaire": "x" * 2001})
        self.assertIn("Commentaire", errors["commentaire"])
        self.assertIn("2001", errors["commentaire"])

    def test_every_error_is_found_in_one_submission(self):
        errors = self.errors(self.hot, {"satisfaction_globale": "9", "recommandation": "bof"})
        self.assertEqual(
            sorted(errors),
            [
                "animation",
                "contenus",
                "objectifs_atteints",
                "recommandation",
                "satisfaction_globale",
            ],
        )

    def test_a_null_character_is_dropped_rather_than_stored(self):
        form = AnswerForm(self.hot, post({**HOT_ANSWERS, "commentaire": "mer\x00ci"}))
        self.assertTrue(form.is_valid())
        self.assertEqual(form.answers["commentaire"], "merci")

    def test_what_was_submitted_is_shown_again_with_the_errors(self):
        form = AnswerForm(self.hot, post({**HOT_ANSWERS, "satisfaction_globale": "9"}))
        form.is_valid()
        contenus = next(b for b in form.questions if b.question.id == "contenus")
        self.assertEqual([o["value"] for o in contenus.options() if o["checked"]], ["4"])
        comment = next(b for b in form.questions if b.question.id == "commentaire")
        self.assertEqual(comment.text, HOT_ANSWERS["commentaire"])

    def test_the_scale_shows_its_end_labels_on_its_ends(self):
        bound = AnswerForm(self.hot).questions[0]
        labels = [o["label"] for o in bound.options()]
        self.assertEqual(labels[0], "1 – Pas du tout satisfait·e")
        self.assertEqual(labels[1:4], ["2", "3", "4"])
        self.assertEqual(labels[4], "5 – Très satisfait·e")
