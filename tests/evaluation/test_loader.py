"""The questionnaire loader: each error names the file, the question and the field, and a bad
file stores nothing, not even the good files beside it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from acunum.evaluation.loader import (
    QUESTIONNAIRES_DIR,
    QuestionnaireFileError,
    load_questionnaires,
)
from acunum.evaluation.models import QuestionnaireVersion
from acunum.evaluation.questionnaire import Prerequisites

POSITIONING = "positionnement.toml"
HOT = "satisfaction-chaud.toml"


class LoaderTestCase(TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="acunum-questionnaires-"))
        self.addCleanup(shutil.rmtree, self.dir)
        for path in QUESTIONNAIRES_DIR.glob("*.toml"):
            shutil.copy(path, self.dir / path.name)

    def variant(self, name: str, old: str, new: str) -> Path:
        """The real file with one precise change, so that each test breaks exactly one thing."""
        path = self.dir / name
        text = path.read_text(encoding="utf-8")
        self.assertEqual(text.count(old), 1, f"{old!r} should occur once in {name}")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    def in_question(self, name: str, question: str, old: str, new: str) -> None:
        """Change the first `old` after the question's id: one field of one question."""
        path = self.dir / name
        head, tail = path.read_text(encoding="utf-8").split(f'id = "{question}"', 1)
        self.assertIn(old, tail)
        path.write_text(head + f'id = "{question}"' + tail.replace(old, new, 1), encoding="utf-8")

    def assertRefused(self, name: str, question: str, field: str, reason: str):
        before = QuestionnaireVersion.objects.count()
        # The English msgids; the French catalogue is checked where translations are.
        with translation.override("en"), self.assertRaises(QuestionnaireFileError) as caught:
            load_questionnaires(self.dir)
        message = str(caught.exception)
        problems = [(f, p.question, p.field) for f, p in caught.exception.problems]
        self.assertIn((name, question, field), problems, message)
        line = next(
            line for line in message.splitlines() if line.startswith(name) and f"“{field}”" in line
        )
        if question:
            self.assertIn(f"question “{question}”", line)
        self.assertIn(reason, line)
        self.assertEqual(QuestionnaireVersion.objects.count(), before, "nothing may be stored")
        return caught.exception


class ValidFileTests(LoaderTestCase):
    def test_it_loads_every_provided_questionnaire_as_version_one(self):
        loaded = load_questionnaires()
        self.assertEqual(
            sorted(v.slug for v, _created in loaded),
            [
                "bilan-formateur",
                "evaluation-acquis",
                "evaluation-acquis-formateur",
                "positionnement",
                "satisfaction-chaud",
                "satisfaction-commanditaire",
                "satisfaction-froid",
            ],
        )
        self.assertTrue(all(created and v.number == 1 for v, created in loaded))

    def test_the_positioning_measures_the_three_prerequisites_and_the_three_objectives(self):
        load_questionnaires()
        q = QuestionnaireVersion.objects.current_of("positionnement").questionnaire
        self.assertEqual(
            [p.id for p in q.prerequisite_questions()], ["email", "navigation", "traitement_texte"]
        )
        self.assertEqual(sorted(q.objective_questions()), [1, 2, 3])
        self.assertFalse(q.anonymous)
        self.assertFalse(q.question("accessibilite").required)

    def test_the_self_assessment_asks_the_same_questions_before_and_after(self):
        load_questionnaires()
        current = QuestionnaireVersion.objects.current()
        before = current["positionnement"].questionnaire.objective_questions()
        after = current["evaluation-acquis"].questionnaire.objective_questions()
        self.assertEqual(before, after)

    def test_satisfaction_questionnaires_mark_their_overall_question_and_threshold(self):
        load_questionnaires()
        current = QuestionnaireVersion.objects.current()
        for slug in ("satisfaction-chaud", "satisfaction-froid", "satisfaction-commanditaire"):
            question = current[slug].questionnaire.satisfaction_question()
            self.assertEqual((question.min, question.max, question.satisfied_from), (1, 5, 4))
            self.assertTrue(question.is_satisfied(4))
            self.assertFalse(question.is_satisfied(3))
        self.assertTrue(current["satisfaction-chaud"].questionnaire.anonymous)
        self.assertTrue(current["satisfaction-froid"].questionnaire.anonymous)
        self.assertFalse(current["satisfaction-commanditaire"].questionnaire.anonymous)

    def test_the_positioning_result_needs_every_prerequisite_acquired(self):
        load_questionnaires()
        q = QuestionnaireVersion.objects.current_of("positionnement").questionnaire
        answers = {"email": "souvent", "navigation": "parfois", "traitement_texte": "parfois"}
        self.assertEqual(q.prerequisites(answers), Prerequisites.ACQUIRED)
        self.assertEqual(
            q.prerequisites({**answers, "traitement_texte": "aide"}), Prerequisites.TO_SUPPORT
        )
        self.assertEqual(q.prerequisites({**answers, "email": "jamais"}), Prerequisites.TO_SUPPORT)

    def test_reloading_the_same_files_is_a_no_op(self):
        load_questionnaires(self.dir)
        count = QuestionnaireVersion.objects.count()
        again = load_questionnaires(self.dir)
        self.assertFalse(any(created for _v, created in again))
        self.assertEqual(QuestionnaireVersion.objects.count(), count)

    def test_a_changed_file_becomes_a_new_version_and_the_old_one_stays(self):
        load_questionnaires(self.dir)
        first = QuestionnaireVersion.objects.current_of("satisfaction-chaud")
        self.variant(HOT, 'text = "Un mot pour', 'text = "Une idée pour')
        load_questionnaires(self.dir)
        second = QuestionnaireVersion.objects.current_of("satisfaction-chaud")
        self.assertEqual(second.number, 2)
        first.refresh_from_db()
        self.assertIn("Un mot pour", first.source)
        self.assertEqual(QuestionnaireVersion.objects.filter(slug="positionnement").count(), 1)

    def test_a_stored_version_refuses_to_be_changed(self):
        version = QuestionnaireVersion.objects.create(
            slug="x", number=1, checksum="0", source="", data={}
        )
        with self.assertRaises(ValueError):
            version.save()

    def test_the_command_loads_the_files_and_says_so(self):
        call_command("load_questionnaires", str(self.dir), verbosity=0)
        self.assertEqual(QuestionnaireVersion.objects.count(), 7)


class InvalidFileTests(LoaderTestCase):
    def test_it_refuses_invalid_toml_syntax(self):
        self.variant(HOT, 'slug = "satisfaction-chaud"', 'slug = "satisfaction-chaud')
        self.assertRefused(HOT, "", "file", "line")

    def test_it_refuses_a_file_that_is_not_utf8(self):
        path = self.dir / HOT
        path.write_bytes(path.read_bytes().replace("é".encode(), b"\xe9"))
        self.assertRefused(HOT, "", "file", "UTF-8")

    def test_it_refuses_a_missing_title(self):
        self.variant(HOT, 'title = "Satisfaction en fin de formation"\n', "")
        self.assertRefused(HOT, "", "title", "missing")

    def test_it_refuses_an_unknown_field_such_as_a_typing_mistake(self):
        self.variant(HOT, "anonymous = true", "anonymus = true")
        self.assertRefused(HOT, "", "anonymus", "unknown field")

    def test_it_refuses_an_unknown_respondent(self):
        self.variant(HOT, 'respondent = "trainee"', 'respondent = "stagiaire"')
        self.assertRefused(HOT, "", "respondent", "must be one of")

    def test_it_refuses_an_anonymous_questionnaire_answered_by_a_contact(self):
        self.variant(
            "satisfaction-commanditaire.toml",
            'respondent = "contact"',
            'respondent = "contact"\nanonymous = true',
        )
        self.assertRefused("satisfaction-commanditaire.toml", "", "anonymous", "only a trainees")

    def test_it_refuses_a_question_with_a_missing_required_flag(self):
        self.in_question(HOT, "commentaire", "required = false\n", "")
        self.assertRefused(HOT, "commentaire", "required", "missing")

    def test_it_refuses_a_question_id_used_twice(self):
        self.variant(HOT, 'id = "animation"', 'id = "contenus"')
        self.assertRefused(HOT, "contenus", "id", "“contenus” is used twice")

    def test_it_refuses_an_unknown_type_of_question(self):
        self.variant(HOT, 'id = "animation"\ntype = "scale"', 'id = "animation"\ntype = "slider"')
        self.assertRefused(HOT, "animation", "type", "must be one of")

    def test_it_refuses_a_choice_question_with_a_single_choice(self):
        self.in_question(
            HOT, "recommandation", '  { id = "peut_etre", label = "Peut-être" },\n', ""
        )
        self.in_question(HOT, "recommandation", '  { id = "non", label = "Non" },\n', "")
        self.assertRefused(HOT, "recommandation", "choices", "at least two")

    def test_it_refuses_a_choice_id_used_twice(self):
        self.variant(
            HOT, '{ id = "peut_etre", label = "Peut-être" }', '{ id = "oui", label = "?" }'
        )
        self.assertRefused(HOT, "recommandation", "choices[2].id", "“oui” is used twice")

    def test_it_refuses_a_scale_whose_maximum_is_not_above_its_minimum(self):
        self.in_question(HOT, "contenus", "max = 5", "max = 1")
        self.assertRefused(HOT, "contenus", "max", "greater than min")

    def test_it_refuses_a_scale_of_more_than_eleven_steps(self):
        self.in_question(HOT, "animation", "max = 5", "max = 20")
        self.assertRefused(HOT, "animation", "max", "at most 11 steps")

    def test_it_refuses_a_field_that_does_not_fit_the_type_of_question(self):
        self.in_question(HOT, "commentaire", "max_length = 2000", "max_length = 2000\nmin = 1")
        self.assertRefused(HOT, "commentaire", "min", "not for a question of type “text”")

    def test_it_refuses_a_satisfaction_threshold_outside_the_scale(self):
        self.variant(HOT, "satisfied_from = 4", "satisfied_from = 6")
        self.assertRefused(HOT, "satisfaction_globale", "satisfied_from", "at most 5")

    def test_it_refuses_a_satisfaction_questionnaire_without_its_overall_question(self):
        self.variant(HOT, "satisfaction = true\nsatisfied_from = 4\n", "")
        self.assertRefused(HOT, "", "purpose", "satisfaction = true")

    def test_it_refuses_the_satisfaction_mark_on_a_question_that_is_not_a_scale(self):
        self.in_question(
            HOT, "recommandation", "required = true", "required = true\nsatisfaction = true"
        )
        self.assertRefused(HOT, "recommandation", "satisfaction", "not for a question of type")

    def test_it_refuses_an_acquired_answer_that_is_not_a_choice(self):
        self.in_question(POSITIONING, "email", '"parfois"]', '"toujours"]')
        self.assertRefused(POSITIONING, "email", "acquired", "“toujours” is not one of the choices")

    def test_it_refuses_a_prerequisite_without_the_answers_that_count_as_acquired(self):
        self.in_question(POSITIONING, "navigation", 'acquired = ["souvent", "parfois"]\n', "")
        self.assertRefused(POSITIONING, "navigation", "acquired", "missing")

    def test_it_refuses_an_objective_measured_twice(self):
        self.variant(POSITIONING, "objective = 2", "objective = 1")
        self.assertRefused(POSITIONING, "objectif_2", "objective", "already measured")

    def test_it_refuses_a_boolean_where_a_number_is_expected(self):
        self.variant(POSITIONING, "objective = 3", "objective = true")
        self.assertRefused(POSITIONING, "objectif_3", "objective", "expected a whole number")

    def test_it_refuses_two_files_with_the_same_slug(self):
        shutil.copy(self.dir / HOT, self.dir / "copie.toml")
        self.assertRefused("satisfaction-chaud.toml", "", "slug", "already the slug of copie.toml")

    def test_one_bad_file_stores_none_of_the_good_ones(self):
        self.variant(HOT, "satisfied_from = 4", "satisfied_from = 0")
        with self.assertRaises(QuestionnaireFileError):
            load_questionnaires(self.dir)
        self.assertEqual(QuestionnaireVersion.objects.count(), 0)

    def test_every_problem_of_every_file_is_listed_at_once(self):
        self.variant(HOT, "satisfied_from = 4", "satisfied_from = 0")
        self.variant(POSITIONING, "objective = 2", "objective = 1")
        with translation.override("en"), self.assertRaises(QuestionnaireFileError) as caught:
            load_questionnaires(self.dir)
        files = {name for name, _p in caught.exception.problems}
        self.assertEqual(files, {HOT, POSITIONING})

    def test_the_command_reports_the_problem_and_stores_nothing(self):
        self.variant(HOT, "satisfied_from = 4", "satisfied_from = 0")
        with self.assertRaises(CommandError) as caught:
            call_command("load_questionnaires", str(self.dir), verbosity=0)
        self.assertIn("satisfaction-chaud.toml", str(caught.exception))
        self.assertIn("satisfaction_globale", str(caught.exception))
        self.assertEqual(QuestionnaireVersion.objects.count(), 0)

    def test_the_french_message_names_the_file_the_question_and_the_field(self):
        self.variant(HOT, "satisfied_from = 4", "satisfied_from = 0")
        with translation.override("fr"), self.assertRaises(QuestionnaireFileError) as caught:
            load_questionnaires(self.dir)
        message = str(caught.exception)
        for part in ("satisfaction-chaud.toml", "satisfaction_globale", "satisfied_from"):
            self.assertIn(part, message)
