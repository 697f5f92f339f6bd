"""The trainee answers from their personal link: told about anonymity first, errors named and
summed up, nothing stored on error, thanked, refused a second time, told when it was open."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse

from acunum.cycles.models import trainee_url
from acunum.evaluation.models import Participation, Response
from acunum.test import BaseTestCase, database_state
from tests.evaluation.world import (
    HOT,
    HOT_ANSWERS,
    POSITIONING,
    POSITIONING_ANSWERS,
    before_training,
    training_ended,
)


class TraineeAnswerTests(BaseTestCase):
    def setUp(self):
        # The English msgids; the French catalogue is checked where translations are.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def url(self, slug: str, token: str | None = None) -> str:
        return reverse("evaluation:trainee-answer", args=[token or self.dominique_token, slug])

    def test_the_page_says_before_the_questions_that_the_answers_are_anonymous(self):
        training_ended(self.cycle)
        r = self.client.get(self.url(HOT))
        page = r.content.decode()
        self.assertContains(r, "Satisfaction en fin de formation")
        self.assertIn('class="anonymity"', page)
        self.assertLess(page.index('class="anonymity"'), page.index("<fieldset"))
        self.assertContains(r, "Your answers are anonymous")

    def test_the_positioning_says_it_is_not_anonymous(self):
        before_training(self.cycle)
        r = self.client.get(self.url(POSITIONING))
        self.assertContains(r, "Your answers are not anonymous")

    def test_one_fieldset_per_question_with_required_said_in_words(self):
        before_training(self.cycle)
        page = self.client.get(self.url(POSITIONING)).content.decode()
        self.assertEqual(page.count("<fieldset"), 8)
        self.assertEqual(page.count("<legend"), 8)
        self.assertEqual(page.count("(required)"), 7)
        self.assertEqual(page.count("(optional)"), 1)
        # A free-text answer is named by its question.
        self.assertRegex(page, r'<textarea id="q-attentes-input"[^>]*aria-labelledby="q-attentes')

    def test_answering_stores_the_answers_and_thanks(self):
        before_training(self.cycle)
        r = self.client.post(self.url(POSITIONING), POSITIONING_ANSWERS)
        thanks = reverse("evaluation:trainee-thanks", args=[self.dominique_token, POSITIONING])
        self.assertRedirects(r, thanks)
        response = Response.objects.get(questionnaire=POSITIONING)
        self.assertEqual(response.respondent_enrolment, self.dominique)
        self.assertEqual(response.answers["objectif_1"], 2)
        self.assertContains(self.client.get(thanks), "are recorded")

    def test_an_error_is_summed_up_at_the_top_tied_to_its_question_and_stores_nothing(self):
        training_ended(self.cycle)
        before = database_state()
        r = self.client.post(self.url(HOT), {**HOT_ANSWERS, "satisfaction_globale": "7"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(database_state(), before)
        page = r.content.decode()
        summary = page.index('id="answers-problems"')
        self.assertLess(summary, page.index("<fieldset"))
        self.assertIn('href="#q-satisfaction_globale-0"', page)
        self.assertRegex(
            page,
            r'<fieldset id="q-satisfaction_globale"[^>]*aria-describedby="[^"]*'
            r'q-satisfaction_globale-error"',
        )
        error = re.search(r'id="q-satisfaction_globale-error">([^<]*)<', page).group(1)
        self.assertIn("Satisfaction globale", error)
        # What she had chosen elsewhere is still chosen.
        self.assertRegex(page, r'id="q-contenus-3" name="contenus" value="4" checked')

    def test_a_missing_required_answer_names_the_question_and_stores_nothing(self):
        before_training(self.cycle)
        before = database_state()
        answers = {k: v for k, v in POSITIONING_ANSWERS.items() if k != "email"}
        r = self.client.post(self.url(POSITIONING), answers)
        self.assertContains(r, "Answer “Email”: this question is required.", count=2)
        self.assertEqual(database_state(), before)

    def test_a_second_submission_is_refused_with_a_message(self):
        training_ended(self.cycle)
        self.client.post(self.url(HOT), HOT_ANSWERS)
        before = database_state()
        r = self.client.post(self.url(HOT), HOT_ANSWERS)
        self.assertContains(r, "You have already answered this questionnaire")
        self.assertEqual(database_state(), before)
        self.assertNotContains(r, "<fieldset")
        self.assertEqual(Participation.objects.filter(questionnaire=HOT).count(), 1)

    def test_once_answered_the_page_says_so_instead_of_the_questions(self):
        before_training(self.cycle)
        self.client.post(self.url(POSITIONING), POSITIONING_ANSWERS)
        r = self.client.get(self.url(POSITIONING))
        self.assertContains(r, "You answered this questionnaire on")
        self.assertNotContains(r, "<fieldset")

    def test_a_closed_questionnaire_says_when_it_was_open(self):
        # The test world's training was in January: the positioning closed then.
        r = self.client.get(self.url(POSITIONING))
        self.assertContains(r, "This questionnaire is closed.")
        first = self.cycle.slots.get(index=1)
        self.assertContains(r, f"{first.date.day} January 2026")
        self.assertNotContains(r, "<fieldset")
        before = database_state()
        r = self.client.post(self.url(POSITIONING), POSITIONING_ANSWERS)
        self.assertContains(r, "This questionnaire is closed.")
        self.assertEqual(database_state(), before)

    def test_an_upcoming_questionnaire_says_when_it_opens(self):
        before_training(self.cycle)
        r = self.client.get(self.url(HOT))
        self.assertContains(r, "This questionnaire is not open yet.")

    def test_a_revoked_link_gets_the_usual_refusal(self):
        before_training(self.cycle)
        self.dominique.revoke_link()
        before = database_state()
        r = self.client.post(self.url(POSITIONING), POSITIONING_ANSWERS)
        self.assertEqual(r.status_code, 410)
        self.assertTemplateUsed(r, "attendance/link_revoked.html")
        self.assertEqual(database_state(), before)

    def test_an_unknown_link_or_a_staff_questionnaire_is_not_found(self):
        self.assertEqual(self.client.get(self.url(HOT, "not-a-token")).status_code, 404)
        for slug in ("bilan-formateur", "satisfaction-commanditaire", "nope"):
            self.assertEqual(self.client.get(self.url(slug)).status_code, 404)

    def test_the_thanks_page_sends_back_to_the_questions_until_answered(self):
        training_ended(self.cycle)
        thanks = reverse("evaluation:trainee-thanks", args=[self.dominique_token, HOT])
        self.assertRedirects(self.client.get(thanks), self.url(HOT))


class TraineeHomeTests(BaseTestCase):
    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def test_the_home_page_lists_the_open_questionnaires_and_whether_she_answered(self):
        training_ended(self.cycle)
        home = trainee_url(self.dominique_token)
        r = self.client.get(home)
        self.assertContains(r, self.url_of(HOT))
        self.assertContains(r, self.url_of("evaluation-acquis"))
        self.assertNotContains(r, self.url_of(POSITIONING))
        self.assertContains(r, "to answer", count=2)
        self.client.post(self.url_of(HOT), HOT_ANSWERS)
        r = self.client.get(home)
        self.assertContains(r, "answered")
        self.assertContains(r, "to answer", count=1)

    def test_nothing_is_listed_when_nothing_is_open(self):
        r = self.client.get(trainee_url(self.dominique_token))
        self.assertNotContains(r, 'id="h-questionnaires"')

    def url_of(self, slug: str) -> str:
        return reverse("evaluation:trainee-answer", args=[self.dominique_token, slug])
