"""Storing answers: once per person, anonymous ones with no link to the person, in one
transaction with the record that the trainee answered."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from acunum.evaluation.answering import Refused, Who, answer, submit
from acunum.evaluation.forms import AnswerForm
from acunum.evaluation.models import Participation, QuestionnaireVersion, Response
from acunum.evaluation.overview import positioning_results
from acunum.evaluation.questionnaire import Prerequisites
from acunum.test import BaseTestCase, database_state, make_trainee
from tests.evaluation.test_forms import post
from tests.evaluation.world import (
    APPRAISAL,
    APPRAISAL_ANSWERS,
    HOT,
    HOT_ANSWERS,
    POSITIONING,
    POSITIONING_ANSWERS,
    SPONSOR,
    SPONSOR_ANSWERS,
    TRAINER_ANSWERS,
    TRAINER_ASSESSMENT,
    before_training,
    training_ended,
)


def checked(version: QuestionnaireVersion, answers: dict) -> dict:
    form = AnswerForm(version.questionnaire, post(answers))
    assert form.is_valid(), [b.error for b in form.errors]
    return form.answers


class AnsweringTestCase(BaseTestCase):
    def setUp(self):
        # The English msgids; the French catalogue is checked where translations are.
        self.enterContext(translation.override("en"))

    def questionnaire_version(self, slug: str) -> QuestionnaireVersion:
        return QuestionnaireVersion.objects.current_of(slug)

    def give(self, slug: str, answers: dict, who: Who) -> Response:
        version = self.questionnaire_version(slug)
        return answer(version, self.cycle, checked(version, answers), who)


class OneTimeTests(AnsweringTestCase):
    def test_a_trainee_answers_the_positioning_once(self):
        before_training(self.cycle)
        who = Who(enrolment=self.dominique)
        response = self.give(POSITIONING, POSITIONING_ANSWERS, who)
        self.assertEqual(response.respondent_enrolment, self.dominique)
        self.assertEqual(response.submitted_on, timezone.localdate())
        participation = Participation.objects.get(enrolment=self.dominique)
        self.assertEqual(participation.day, timezone.localdate())
        before = database_state()
        with self.assertRaises(Refused) as caught:
            self.give(POSITIONING, POSITIONING_ANSWERS, who)
        self.assertIn("once", str(caught.exception))
        self.assertEqual(database_state(), before)

    def test_a_second_anonymous_submission_is_refused_too(self):
        training_ended(self.cycle)
        who = Who(enrolment=self.dominique)
        self.give(HOT, HOT_ANSWERS, who)
        before = database_state()
        with self.assertRaises(Refused):
            self.give(HOT, HOT_ANSWERS, who)
        self.assertEqual(database_state(), before)

    def test_two_submissions_at_once_store_one_by_the_database_constraint(self):
        # Both pass the check made before storing; the unique constraint refuses the second.
        training_ended(self.cycle)
        version = self.questionnaire_version(HOT)
        who = Who(enrolment=self.dominique)
        submit(version, self.cycle, checked(version, HOT_ANSWERS), who, timezone.localdate())
        with self.assertRaises(Refused):
            submit(version, self.cycle, checked(version, HOT_ANSWERS), who, timezone.localdate())
        self.assertEqual(Response.objects.filter(questionnaire=HOT).count(), 1)

    def test_the_structure_contact_and_the_trainer_answer_once_each(self):
        training_ended(self.cycle)
        self.give(SPONSOR, SPONSOR_ANSWERS, Who(user=self.diane))
        self.give(APPRAISAL, APPRAISAL_ANSWERS, Who(user=self.bob))
        for slug, answers, user in (
            (SPONSOR, SPONSOR_ANSWERS, self.diane),
            (APPRAISAL, APPRAISAL_ANSWERS, self.bob),
        ):
            with self.subTest(slug=slug), self.assertRaises(Refused):
                self.give(slug, answers, Who(user=user))

    def test_each_trainee_is_assessed_once_whichever_trainer_assesses(self):
        training_ended(self.cycle)
        self.cycle.trainers.add(self.alice)
        self.give(TRAINER_ASSESSMENT, TRAINER_ANSWERS, Who(user=self.bob, subject=self.dominique))
        self.give(TRAINER_ASSESSMENT, TRAINER_ANSWERS, Who(user=self.bob, subject=self.eden))
        with self.assertRaises(Refused):
            self.give(
                TRAINER_ASSESSMENT, TRAINER_ANSWERS, Who(user=self.alice, subject=self.dominique)
            )
        self.assertEqual(Response.objects.filter(questionnaire=TRAINER_ASSESSMENT).count(), 2)

    def test_the_database_refuses_a_second_answer_by_the_same_person(self):
        version = self.questionnaire_version(SPONSOR)
        fields = {"version": version, "cycle": self.cycle, "answers": {}}
        Response.objects.create(**fields, respondent_user=self.diane, submitted_on="2026-03-01")
        with transaction.atomic(), self.assertRaises(IntegrityError):
            Response.objects.create(**fields, respondent_user=self.diane, submitted_on="2026-03-02")

    def test_the_database_refuses_a_response_with_two_respondents(self):
        with transaction.atomic(), self.assertRaises(IntegrityError):
            Response.objects.create(
                version=self.questionnaire_version(SPONSOR),
                cycle=self.cycle,
                answers={},
                respondent_user=self.diane,
                respondent_enrolment=self.dominique,
                submitted_on="2026-03-01",
            )

    def test_a_new_version_of_the_file_does_not_open_a_second_answer(self):
        training_ended(self.cycle)
        self.give(SPONSOR, SPONSOR_ANSWERS, Who(user=self.diane))
        old = self.questionnaire_version(SPONSOR)
        QuestionnaireVersion.objects.create(
            slug=SPONSOR, number=2, checksum="changed", source=old.source, data=old.data
        )
        with self.assertRaises(Refused):
            self.give(SPONSOR, SPONSOR_ANSWERS, Who(user=self.diane))

    def test_a_closed_questionnaire_says_when_it_was_open_and_stores_nothing(self):
        training_ended(self.cycle, days_ago=20)
        before = database_state()
        with self.assertRaises(Refused) as caught:
            self.give(HOT, HOT_ANSWERS, Who(enrolment=self.dominique))
        self.assertEqual(database_state(), before)
        last = self.cycle.slots.get(index=16)
        closes = last.date + timedelta(days=14)
        self.assertIn(str(closes.year), str(caught.exception))
        self.assertIn(str(closes.day), str(caught.exception))

    def test_the_answers_and_the_participation_are_stored_together_or_not_at_all(self):
        training_ended(self.cycle)
        version = self.questionnaire_version(HOT)
        before = database_state()
        with (
            mock.patch.object(Response.objects, "create", side_effect=RuntimeError("disk full")),
            self.assertRaises(RuntimeError),
        ):
            submit(
                version,
                self.cycle,
                checked(version, HOT_ANSWERS),
                Who(enrolment=self.dominique),
                timezone.localdate(),
            )
        self.assertEqual(database_state(), before)


class AnonymityTests(AnsweringTestCase):
    def setUp(self):
        super().setUp()
        training_ended(self.cycle)
        self.give(HOT, HOT_ANSWERS, Who(enrolment=self.dominique))

    def test_an_anonymous_answer_keeps_no_link_to_the_trainee(self):
        row = Response.objects.filter(questionnaire=HOT).values().get()
        self.assertIsNone(row["respondent_enrolment_id"])
        self.assertIsNone(row["respondent_user_id"])
        self.assertIsNone(row["subject_id"])
        self.assertEqual(row["cycle_id"], self.cycle.pk)
        # A day, never a time: nothing to match with the moment she was seen answering.
        self.assertEqual(row["submitted_on"], timezone.localdate())
        # A random key: the order of the rows says nothing of the order of the answers.
        self.assertEqual(row["id"].version, 4)
        # No other column could hold her: the row is the version, the cycle and the answers.
        self.assertEqual(
            set(row),
            {
                "id",
                "version_id",
                "questionnaire",
                "cycle_id",
                "respondent_enrolment_id",
                "respondent_user_id",
                "subject_id",
                "answers",
                "submitted_on",
            },
        )
        self.assertNotIn("Dominique", repr(row))

    def test_the_participation_says_that_she_answered_and_nothing_of_what_or_when(self):
        participation = Participation.objects.filter(questionnaire=HOT).values().get()
        self.assertEqual(participation["enrolment_id"], self.dominique.pk)
        self.assertIsNone(participation["day"])
        self.assertEqual(
            set(participation), {"id", "cycle_id", "questionnaire", "enrolment_id", "day"}
        )

    def test_the_named_positioning_keeps_its_day_on_the_participation(self):
        self.assertFalse(Participation.objects.filter(questionnaire=POSITIONING).exists())
        before_training(self.cycle)
        self.give(POSITIONING, POSITIONING_ANSWERS, Who(enrolment=self.eden))
        self.assertEqual(
            Participation.objects.get(questionnaire=POSITIONING).day, timezone.localdate()
        )


class PositioningResultTests(AnsweringTestCase):
    def test_each_trainee_gets_acquired_to_support_or_not_answered_yet(self):
        before_training(self.cycle)
        self.give(POSITIONING, POSITIONING_ANSWERS, Who(enrolment=self.dominique))
        self.give(
            POSITIONING,
            {**POSITIONING_ANSWERS, "traitement_texte": "jamais"},
            Who(enrolment=self.eden),
        )
        extra = make_trainee(self.cycle, "Gaël")
        results = {
            row.enrolment.pk: row.result
            for row in positioning_results(self.cycle, list(self.cycle.enrolments.all()))
        }
        self.assertEqual(results[self.dominique.pk], Prerequisites.ACQUIRED)
        self.assertEqual(results[self.eden.pk], Prerequisites.TO_SUPPORT)
        self.assertIsNone(results[extra.pk])
