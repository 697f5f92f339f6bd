"""The results of a cycle: every figure against values computed by hand, anonymity of free text,
what the structure's contact sees and does not see, and a fixed number of queries."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acunum.evaluation.answering import Who, submit
from acunum.evaluation.models import QuestionnaireVersion, Response
from acunum.evaluation.questionnaire import Prerequisites
from acunum.evaluation.results import alphabetical, cycle_results
from acunum.test import BaseTestCase, make_trainee
from tests.evaluation.test_answering import checked
from tests.evaluation.world import (
    HOT,
    POSITIONING,
    POSITIONING_ANSWERS,
    SELF_ASSESSMENT,
    SPONSOR,
    SPONSOR_ANSWERS,
    TRAINER_ASSESSMENT,
)

# Three trainees. The hot satisfaction's overall question: 2, 4 and 5.
HOT_BY_NAME = {
    "Dominique": {
        "satisfaction_globale": "2",
        "objectifs_atteints": "en_partie",
        "contenus": "3",
        "animation": "4",
        # Dominique leaves the multiple choice out: its shares are of the two who answered it.
        "recommandation": "peut_etre",
        "commentaire": "Trop rapide sur la messagerie.",
    },
    "Eden": {
        "satisfaction_globale": "4",
        "objectifs_atteints": "oui",
        "contenus": "4",
        "animation": "5",
        "ce_qui_a_marche": ["apports", "ateliers"],
        "recommandation": "oui",
        "commentaire": "Zut, j’aurais aimé plus d’ateliers.",
    },
    "Gaëlle": {
        "satisfaction_globale": "5",
        "objectifs_atteints": "oui",
        "contenus": "5",
        "animation": "5",
        "ce_qui_a_marche": ["ateliers", "echanges"],
        "recommandation": "oui",
        "commentaire": "Ateliers très concrets.",
    },
}
# The positioning: Dominique and Eden (Gaëlle has not answered); Eden needs support by email.
POSITIONING_BY_NAME = {
    "Dominique": POSITIONING_ANSWERS,  # objectives 2, 3, 2
    "Eden": {
        **POSITIONING_ANSWERS,
        "email": "aide",
        "objectif_1": "1",
        "objectif_2": "2",
        "objectif_3": "2",
        "attentes": "Savoir aider les jeunes à régler leur téléphone.",
        "accessibilite": "Documents en gros caractères.",
    },
}
# The learning assessment, by all three.
SELF_BY_NAME = {
    "Dominique": {"objectif_1": "4", "objectif_2": "4", "objectif_3": "5"},
    "Eden": {"objectif_1": "3", "objectif_2": "4", "objectif_3": "4"},
    "Gaëlle": {"objectif_1": "5", "objectif_2": "5", "objectif_3": "5"},
}
# Bob assesses Dominique and Eden.
TRAINER_BY_NAME = {
    "Dominique": {
        "objectif_1": "acquis",
        "objectif_2": "en_cours",
        "objectif_3": "acquis",
        "commentaire": "Très investie dans les échanges.",
    },
    "Eden": {"objectif_1": "non_acquis", "objectif_2": "en_cours", "objectif_3": "acquis"},
}
NAMES = ("Dominique", "Eden", "Gaëlle")


def give(cycle, slug: str, answers: dict, who: Who, day) -> Response:
    version = QuestionnaireVersion.objects.current_of(slug)
    return submit(version, cycle, checked(version, answers), who, day)


def answer_everything(t, people: dict) -> None:
    """The answers above, for the trainees named in `people` (first name → enrolment)."""
    day = t.cycle.slots.order_by("index").last().date
    for name, enrolment in people.items():
        if name in POSITIONING_BY_NAME:
            give(t.cycle, POSITIONING, POSITIONING_BY_NAME[name], Who(enrolment=enrolment), day)
        give(t.cycle, SELF_ASSESSMENT, SELF_BY_NAME[name], Who(enrolment=enrolment), day)
        give(t.cycle, HOT, HOT_BY_NAME[name], Who(enrolment=enrolment), day)
        if name in TRAINER_BY_NAME:
            who = Who(user=t.bob, subject=enrolment)
            give(t.cycle, TRAINER_ASSESSMENT, TRAINER_BY_NAME[name], who, day)
    give(t.cycle, SPONSOR, SPONSOR_ANSWERS, Who(user=t.diane), day)


class ResultsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.gaelle = make_trainee(cls.cycle, "Gaëlle")
        answer_everything(cls, {"Dominique": cls.dominique, "Eden": cls.eden, "Gaëlle": cls.gaelle})

    def setUp(self):
        # The English msgids and number formats ("3.67"); the French catalogue is checked where
        # translations are.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def url(self) -> str:
        return reverse("evaluation:results", args=[self.cycle.code])

    def results(self, full: bool = True):
        enrolments = list(self.cycle.enrolments.select_related("trainee").order_by("seat"))
        return cycle_results(
            self.cycle,
            full=full,
            enrolments=enrolments,
            trainers=[self.bob],
            contacts=1,
        )

    def questionnaire(self, results, slug: str):
        return next(r for r in results.questionnaires if r.questionnaire.slug == slug)

    def question(self, results, slug: str, question_id: str):
        found = self.questionnaire(results, slug)
        return next(q for q in found.questions if q.question.id == question_id)

    def page(self, user) -> str:
        self.login(user)
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 200)
        return r.content.decode()


class FiguresTests(ResultsTestCase):
    def test_the_response_rates_are_answers_over_the_people_asked(self):
        results = self.results()
        rates = {
            r.questionnaire.slug: (r.answered, r.expected, r.rate) for r in results.questionnaires
        }
        self.assertEqual(rates[POSITIONING][:2], (2, 3))
        self.assertAlmostEqual(rates[POSITIONING][2], 66.667, places=2)  # 2 / 3
        self.assertEqual(rates[SELF_ASSESSMENT], (3, 3, 100.0))
        self.assertEqual(rates[HOT], (3, 3, 100.0))
        self.assertEqual(rates["satisfaction-froid"], (0, 3, 0.0))
        self.assertEqual(rates[TRAINER_ASSESSMENT][:2], (2, 3))  # by Bob, for each trainee
        self.assertEqual(rates["bilan-formateur"], (0, 1, 0.0))  # one trainer
        self.assertEqual(rates[SPONSOR], (1, 1, 100.0))  # one contact

    def test_a_scale_gives_its_count_per_step_and_its_mean(self):
        overall = self.question(self.results(), HOT, "satisfaction_globale")
        self.assertEqual(overall.answered, 3)
        self.assertEqual([c.count for c in overall.counts], [0, 1, 0, 1, 1])  # 1 … 5
        self.assertEqual(
            [round(c.percent, 1) for c in overall.counts], [0.0, 33.3, 0.0, 33.3, 33.3]
        )
        self.assertEqual(overall.counts[0].label, "1 – Pas du tout satisfait·e")
        self.assertEqual(round(overall.mean, 2), 3.67)  # (2 + 4 + 5) / 3

    def test_a_single_choice_gives_each_choice_with_its_count_and_share(self):
        reached = self.question(self.results(), HOT, "objectifs_atteints")
        self.assertEqual(
            [(c.label, c.count, round(c.percent, 1)) for c in reached.counts],
            [("Oui", 2, 66.7), ("En partie", 1, 33.3), ("Non", 0, 0.0)],
        )

    def test_a_multiple_choice_gives_each_choices_share_of_those_who_answered_it(self):
        worked = self.question(self.results(), HOT, "ce_qui_a_marche")
        self.assertEqual(worked.answered, 2)  # Dominique left it out
        self.assertEqual(
            [(c.count, c.percent) for c in worked.counts],
            [(1, 50.0), (2, 100.0), (1, 50.0), (0, 0.0), (0, 0.0)],
        )

    def test_free_text_is_listed_in_alphabetical_order_not_in_the_order_given(self):
        comments = self.question(self.results(), HOT, "commentaire")
        self.assertEqual(
            comments.texts,
            [
                "Ateliers très concrets.",  # Gaëlle, who answered last
                "Trop rapide sur la messagerie.",  # Dominique, first
                "Zut, j’aurais aimé plus d’ateliers.",
            ],
        )

    def test_alphabetical_order_sets_accents_and_case_aside(self):
        self.assertEqual(
            alphabetical(["zèbre", "Écoute", "avant", "éte", "Bien"]),
            ["avant", "Bien", "Écoute", "éte", "zèbre"],
        )

    def test_the_trainers_assessment_is_counted_per_objective(self):
        first = self.question(self.results(), TRAINER_ASSESSMENT, "objectif_1")
        self.assertEqual(
            [(c.label, c.count, c.percent) for c in first.counts],
            [("Acquis", 1, 50.0), ("En cours d’acquisition", 0, 0.0), ("Non acquis", 1, 50.0)],
        )

    def test_the_progression_compares_the_mean_before_and_after_on_each_objective(self):
        progression = self.results().progression
        self.assertEqual([p.objective for p in progression], [1, 2, 3])
        self.assertEqual(progression[0].label, "Objectif 1 : réflexivité collective")
        # Before: Dominique 2, 3, 2 and Eden 1, 2, 2. After: 4, 4, 5; 3, 4, 4; 5, 5, 5.
        expected = [(1.5, 4.0), (2.5, 4.333), (2.0, 4.667)]
        for p, (before, after) in zip(progression, expected, strict=True):
            self.assertAlmostEqual(p.before, before, places=3)
            self.assertAlmostEqual(p.after, after, places=3)
            self.assertEqual((p.before_answers, p.after_answers), (2, 3))
        self.assertAlmostEqual(progression[1].change, 1.833, places=3)

    def test_each_trainees_positioning_carries_the_prerequisites_result(self):
        rows = {r.enrolment.trainee.first_name: r for r in self.results().positioning}
        self.assertEqual(rows["Dominique"].result, Prerequisites.ACQUIRED)
        self.assertEqual(rows["Eden"].result, Prerequisites.TO_SUPPORT)
        self.assertIsNone(rows["Gaëlle"].result)
        answers = dict(rows["Eden"].answers)
        self.assertEqual(answers["Email"], "Oui, mais avec l’aide de quelqu’un")
        self.assertEqual(answers["Besoins d’adaptation"], "Documents en gros caractères.")
        self.assertEqual(answers["Attentes"], "Savoir aider les jeunes à régler leur téléphone.")

    def test_each_trainees_assessment_reads_objective_by_objective(self):
        results = self.results()
        rows = {r.enrolment.trainee.first_name: r for r in results.assessments}
        self.assertEqual(len(results.objectives), 3)
        self.assertEqual(rows["Dominique"].levels, ["Acquis", "En cours d’acquisition", "Acquis"])
        self.assertEqual(rows["Dominique"].comment, "Très investie dans les échanges.")
        self.assertIsNone(rows["Gaëlle"].levels)

    def test_an_anonymous_questionnaire_with_fewer_than_three_answers_is_withheld(self):
        Response.objects.filter(questionnaire=HOT, answers__satisfaction_globale=2).delete()
        hot = self.questionnaire(self.results(), HOT)
        self.assertTrue(hot.withheld)
        self.assertEqual(hot.questions, [])


class PageTests(ResultsTestCase):
    def test_the_trainer_reads_every_figure_on_the_page(self):
        page = self.page(self.bob)
        self.assertIn("Response rate: 2 of 3 (67 %).", page)
        self.assertIn("Response rate: 3 of 3 (100 %).", page)
        self.assertIn("Mean: 3.67 / 5.", page)
        self.assertIn('<td class="num">66.7&nbsp;%</td>', page)
        self.assertIn("Several answers possible: each share is of the 2 people", page)
        # The chart, and the same figures in the table beside it.
        self.assertIn('<svg xmlns="http://www.w3.org/2000/svg"', page)
        self.assertIn('id="progression-title"', page)
        self.assertIn("After : 4,3 / 5", page)  # the chart writes its values the French way
        self.assertIn("4.33 / 5", page)
        self.assertIn("+2.67", page)

    def test_free_text_on_the_page_is_alphabetical_and_names_nobody(self):
        page = self.page(self.bob)
        start = page.index('id="h-satisfaction-chaud"')
        hot = page[start : page.index("</section>", start)]
        order = [
            hot.index(t)
            for t in ("Ateliers très concrets.", "Trop rapide", "Zut, j’aurais aimé plus")
        ]
        self.assertEqual(order, sorted(order))
        for name in NAMES:
            self.assertNotIn(name, hot)
            self.assertNotIn(name.upper(), hot)

    def test_the_trainer_and_the_admin_see_each_trainees_named_answers(self):
        for user in (self.bob, self.alice):
            with self.subTest(user=user.username):
                page = self.page(user)
                self.assertIn('id="h-positioning-trainees"', page)
                self.assertIn("Documents en gros caractères.", page)
                self.assertIn("to be supported", page)
                self.assertIn("Très investie dans les échanges.", page)
                self.assertIn("TEST Gaëlle", page)

    def test_the_contact_sees_the_groups_figures_and_no_named_answer(self):
        page = self.page(self.diane)
        self.assertIn("Mean: 3.67 / 5.", page)
        self.assertIn("Ateliers très concrets.", page)  # anonymous free text
        self.assertIn('id="h-evaluation-acquis-formateur"', page)  # the levels, counted
        for named in (
            'id="h-positioning-trainees"',
            'id="h-assessments-trainees"',
            "Documents en gros caractères.",  # accessibility needs: the trainer's only
            "Savoir aider les jeunes",  # expectations
            "Très investie",  # the trainer's comment on Dominique
            "to be supported",
            'id="h-bilan-formateur"',  # the trainer's own appraisal
            *NAMES,
        ):
            self.assertNotIn(named, page)

    def test_the_cycle_page_links_to_the_results(self):
        for user in (self.bob, self.diane):
            self.login(user)
            self.assertContains(self.client.get(self.cycle.get_absolute_url()), self.url())

    def test_another_cycles_trainer_and_contact_are_refused(self):
        for user in (self.charlie, self.eve):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_the_french_page_writes_french_numbers(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
        page = self.page(self.bob)
        self.assertIn("3,67", page)
        self.assertIn("66,7&nbsp;%", page)


class QueryCountTests(ResultsTestCase):
    def count(self, user) -> int:
        self.login(user)
        self.client.get(self.url())  # the per-process caches
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(self.url()).status_code, 200)
        return len(ctx.captured_queries)

    def test_the_page_costs_the_same_whatever_the_number_of_trainees_and_answers(self):
        small = {user.username: self.count(user) for user in (self.alice, self.bob, self.diane)}
        for n in range(11):
            enrolment = make_trainee(self.cycle, f"Extra{n}")
            name = NAMES[n % 3]
            day = self.cycle.slots.order_by("index").last().date
            give(self.cycle, HOT, HOT_BY_NAME[name], Who(enrolment=enrolment), day)
            give(self.cycle, SELF_ASSESSMENT, SELF_BY_NAME[name], Who(enrolment=enrolment), day)
            give(self.cycle, POSITIONING, POSITIONING_ANSWERS, Who(enrolment=enrolment), day)
            give(
                self.cycle,
                TRAINER_ASSESSMENT,
                TRAINER_BY_NAME["Eden"],
                Who(user=self.bob, subject=enrolment),
                day,
            )
        self.assertEqual(self.cycle.enrolments.count(), 14)
        large = {user.username: self.count(user) for user in (self.alice, self.bob, self.diane)}
        self.assertEqual(small, large)
