"""The structure contact, the trainer and the OF's admin: who answers what, and what the cycle
page shows of the questionnaires."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from acunum.evaluation.answering import Who, submit
from acunum.evaluation.models import QuestionnaireVersion, Response
from acunum.test import BaseTestCase, database_state
from tests.evaluation.test_answering import checked
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


class StaffTestCase(BaseTestCase):
    def setUp(self):
        # The English msgids; the French catalogue is checked where translations are.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        training_ended(self.cycle)

    def answer_url(self, slug: str) -> str:
        return reverse("evaluation:staff-answer", args=[self.cycle.code, slug])

    def assess_url(self, enrolment) -> str:
        return reverse(
            "evaluation:assess", args=[self.cycle.code, TRAINER_ASSESSMENT, enrolment.seat]
        )

    def list_url(self) -> str:
        return reverse("evaluation:assessments", args=[self.cycle.code, TRAINER_ASSESSMENT])


class ContactAnswerTests(StaffTestCase):
    def test_the_structure_contact_answers_the_structures_satisfaction(self):
        self.login(self.diane)
        r = self.client.get(self.answer_url(SPONSOR))
        self.assertContains(r, "Satisfaction de la structure")
        self.assertContains(r, "not anonymous")
        r = self.client.post(self.answer_url(SPONSOR), SPONSOR_ANSWERS)
        self.assertRedirects(r, self.cycle.get_absolute_url())
        response = Response.objects.get(questionnaire=SPONSOR)
        self.assertEqual(
            (response.respondent_user, response.answers["organisation"]), (self.diane, 5)
        )

    def test_an_error_names_the_question_and_stores_nothing(self):
        self.login(self.diane)
        before = database_state()
        r = self.client.post(self.answer_url(SPONSOR), {**SPONSOR_ANSWERS, "organisation": "12"})
        self.assertContains(r, "“Organisation”: choose a value from 1 to 5.", count=2)
        self.assertEqual(database_state(), before)

    def test_the_contact_cannot_answer_twice(self):
        self.login(self.diane)
        self.client.post(self.answer_url(SPONSOR), SPONSOR_ANSWERS)
        before = database_state()
        r = self.client.post(self.answer_url(SPONSOR), SPONSOR_ANSWERS)
        self.assertContains(r, "You have already answered this questionnaire")
        self.assertEqual(database_state(), before)

    def test_only_the_structures_contacts_answer_it(self):
        for user, status in ((self.alice, 403), (self.bob, 403), (self.eve, 404)):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(self.answer_url(SPONSOR)).status_code, status)

    def test_the_contact_does_not_answer_the_trainers_questionnaires(self):
        self.login(self.diane)
        self.assertEqual(self.client.get(self.answer_url(APPRAISAL)).status_code, 403)
        self.assertEqual(self.client.get(self.list_url()).status_code, 403)
        self.assertEqual(self.client.get(self.assess_url(self.dominique)).status_code, 403)

    def test_trainee_questionnaires_are_not_answered_from_a_staff_login(self):
        self.login(self.diane)
        self.assertEqual(self.client.get(self.answer_url(HOT)).status_code, 404)


class TrainerAnswerTests(StaffTestCase):
    def test_the_trainer_writes_their_appraisal_of_the_cycle(self):
        self.login(self.bob)
        r = self.client.post(self.answer_url(APPRAISAL), APPRAISAL_ANSWERS)
        self.assertRedirects(r, self.cycle.get_absolute_url())
        self.assertEqual(Response.objects.get(questionnaire=APPRAISAL).respondent_user, self.bob)

    def test_the_admin_reads_the_list_of_assessments_but_does_not_assess(self):
        self.login(self.alice)
        r = self.client.get(self.list_url())
        self.assertContains(r, "Dominique")
        self.assertNotContains(r, self.assess_url(self.dominique))
        self.assertEqual(self.client.get(self.assess_url(self.dominique)).status_code, 403)
        self.assertEqual(self.client.get(self.answer_url(APPRAISAL)).status_code, 403)

    def test_the_trainer_assesses_each_trainee_from_the_list(self):
        self.login(self.bob)
        r = self.client.get(self.list_url())
        self.assertContains(r, self.assess_url(self.dominique))
        self.assertContains(r, "0 of 2 trainees assessed")
        r = self.client.get(self.assess_url(self.dominique))
        self.assertContains(r, "Assessment of Dominique Test")
        r = self.client.post(
            self.assess_url(self.dominique), {**TRAINER_ANSWERS, "commentaire": "Très investie."}
        )
        self.assertRedirects(r, self.list_url())
        response = Response.objects.get(questionnaire=TRAINER_ASSESSMENT)
        self.assertEqual((response.subject, response.respondent_user), (self.dominique, self.bob))
        r = self.client.get(self.list_url())
        self.assertContains(r, "1 of 2 trainees assessed")
        self.assertContains(r, "En cours d’acquisition")
        self.assertNotContains(r, self.assess_url(self.dominique))
        self.assertContains(r, self.assess_url(self.eden))

    def test_a_trainee_is_assessed_once(self):
        self.login(self.bob)
        self.client.post(self.assess_url(self.dominique), TRAINER_ANSWERS)
        before = database_state()
        r = self.client.post(self.assess_url(self.dominique), TRAINER_ANSWERS)
        self.assertContains(r, "You have already answered this questionnaire")
        self.assertEqual(database_state(), before)

    def test_a_missing_level_names_the_objective_and_stores_nothing(self):
        self.login(self.bob)
        before = database_state()
        answers = {k: v for k, v in TRAINER_ANSWERS.items() if k != "objectif_2"}
        r = self.client.post(self.assess_url(self.dominique), answers)
        self.assertContains(r, "Objectif 2 : trajectoires sociales des publics")
        self.assertEqual(database_state(), before)

    def test_another_cycles_trainer_is_refused(self):
        self.login(self.charlie)
        for url in (self.list_url(), self.assess_url(self.dominique), self.answer_url(APPRAISAL)):
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_seat_of_nobody_is_not_found(self):
        self.login(self.bob)
        url = reverse("evaluation:assess", args=[self.cycle.code, TRAINER_ASSESSMENT, 13])
        self.assertEqual(self.client.get(url).status_code, 404)


class CyclePageTests(StaffTestCase):
    def give(self, slug, answers, who):
        version = QuestionnaireVersion.objects.current_of(slug)
        submit(
            version, self.cycle, checked(version, answers), who, self.cycle.slots.get(index=1).date
        )

    def test_the_cycle_page_shows_what_is_open_and_how_many_answered(self):
        self.give(HOT, HOT_ANSWERS, Who(enrolment=self.dominique))
        self.login(self.bob)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, 'id="h-evaluations"')
        page = r.content.decode()
        row = page[page.index("Satisfaction en fin de formation") :]
        row = row[: row.index("</tr>")]
        self.assertIn("open", row)
        self.assertIn("1 of 2", row)
        self.assertIn("anonymously", row)
        self.assertContains(r, self.answer_url(APPRAISAL))
        self.assertContains(r, self.list_url())
        self.assertNotContains(r, self.answer_url(SPONSOR))

    def test_the_trainer_sees_each_trainees_positioning_result_and_the_contact_does_not(self):
        before_training(self.cycle)
        self.give(POSITIONING, POSITIONING_ANSWERS, Who(enrolment=self.dominique))
        self.give(POSITIONING, {**POSITIONING_ANSWERS, "email": "aide"}, Who(enrolment=self.eden))
        for user in (self.bob, self.alice):
            with self.subTest(user=user.username):
                self.login(user)
                r = self.client.get(self.cycle.get_absolute_url())
                self.assertContains(r, 'id="caption-positioning"')
                self.assertContains(r, "prerequisites acquired")
                self.assertContains(r, "to be supported")
        self.login(self.diane)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, 'id="h-evaluations"')
        self.assertNotContains(r, 'id="caption-positioning"')
        self.assertNotContains(r, "to be supported")

    def test_the_contact_finds_the_link_to_answer_then_sees_it_answered(self):
        self.login(self.diane)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, self.answer_url(SPONSOR))
        self.assertNotContains(r, self.answer_url(APPRAISAL))
        self.client.post(self.answer_url(SPONSOR), SPONSOR_ANSWERS)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertNotContains(r, f'href="{self.answer_url(SPONSOR)}"')
