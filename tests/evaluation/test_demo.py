"""The demo opens on answered questionnaires: most trainees, not all, the same answers each time."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse

from acunum.documents.french import french_date
from acunum.evaluation.models import Participation, PublishedIndicator, Response
from acunum.evaluation.questionnaire import Prerequisites
from acunum.evaluation.results import cycle_results
from acunum.outbox.models import Message
from acunum.site import demo, demo_evaluation
from tests.documents.test_attendance_sheet import text_of

TUESDAY = date(2026, 11, 24)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoEvaluationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = demo.build(today=TUESDAY)

    def answered(self, cycle, slug) -> int:
        return Participation.objects.filter(cycle=cycle, questionnaire=slug).count()

    def test_the_finished_cycle_has_every_questionnaire_answered_by_most(self):
        finished = self.built["finished"]
        self.assertEqual(self.answered(finished, "positionnement"), 12)
        self.assertEqual(self.answered(finished, "evaluation-acquis"), 13)
        self.assertEqual(self.answered(finished, "satisfaction-chaud"), 12)
        self.assertEqual(self.answered(finished, "satisfaction-froid"), 4)
        assessed = Response.objects.filter(
            cycle=finished, questionnaire="evaluation-acquis-formateur"
        )
        self.assertEqual(assessed.count(), 14)
        self.assertEqual(
            Response.objects.filter(cycle=finished, questionnaire="bilan-formateur").count(), 1
        )

    def test_the_current_cycle_has_the_positioning_answered_by_most_before_it_started(self):
        current = self.built["current"]
        self.assertEqual(self.answered(current, "positionnement"), 11)
        first = current.slots.get(index=1).date
        days = Response.objects.filter(cycle=current).values_list("submitted_on", flat=True)
        self.assertTrue(all(day < first for day in days))
        self.assertFalse(
            Response.objects.filter(cycle=current).exclude(questionnaire="positionnement")
        )

    def test_the_assessment_shows_progress_on_each_objective(self):
        finished = self.built["finished"]
        before = {
            r.respondent_enrolment_id: r.answers
            for r in Response.objects.filter(cycle=finished, questionnaire="positionnement")
        }
        after = Response.objects.filter(cycle=finished, questionnaire="evaluation-acquis")
        for objective in ("objectif_1", "objectif_2", "objectif_3"):
            pairs = [
                (before[r.respondent_enrolment_id][objective], r.answers[objective])
                for r in after
                if r.respondent_enrolment_id in before
            ]
            mean_before = sum(b for b, _a in pairs) / len(pairs)
            mean_after = sum(a for _b, a in pairs) / len(pairs)
            self.assertGreater(mean_after, mean_before + 0.5, objective)
            self.assertTrue(all(a >= b for b, a in pairs))

    def test_the_answers_vary_and_some_trainees_are_to_be_supported(self):
        finished = self.built["finished"]
        positioning = Response.objects.filter(cycle=finished, questionnaire="positionnement")
        results = {r.version.questionnaire.prerequisites(r.answers) for r in positioning}
        self.assertEqual(results, {Prerequisites.ACQUIRED, Prerequisites.TO_SUPPORT})
        expectations = {r.answers["attentes"] for r in positioning}
        self.assertGreater(len(expectations), 6)
        hot = Response.objects.filter(cycle=finished, questionnaire="satisfaction-chaud")
        self.assertGreater(len({r.answers["satisfaction_globale"] for r in hot}), 1)
        self.assertFalse(hot.exclude(respondent_enrolment=None).exists())

    def test_the_finished_cycles_results_show_progress_and_satisfaction(self):
        finished = self.built["finished"]
        enrolments = list(finished.enrolments.select_related("trainee"))
        results = cycle_results(
            finished, full=True, enrolments=enrolments, trainers=[self.built["trainer"]], contacts=0
        )
        rates = {r.questionnaire.slug: (r.answered, r.expected) for r in results.questionnaires}
        self.assertEqual(rates["positionnement"], (12, 14))
        self.assertEqual(rates["satisfaction-chaud"], (12, 14))
        self.assertTrue(all(p.after > p.before + 0.5 for p in results.progression))
        hot = next(
            r for r in results.questionnaires if r.questionnaire.slug == "satisfaction-chaud"
        )
        self.assertGreater(hot.questions[0].mean, 3.5)
        self.client.force_login(self.built["trainer"])
        r = self.client.get(reverse("evaluation:results", args=[finished.code]))
        self.assertContains(r, 'id="progression-title"')

    def test_the_programmes_indicators_are_published_for_the_finished_cycles_year(self):
        finished = self.built["finished"]
        year = finished.slots.order_by("index").last().date.year
        snapshot = PublishedIndicator.objects.get(year=year)
        self.assertEqual((snapshot.cycles, snapshot.trained), (1, 14))
        self.assertEqual(snapshot.satisfaction_answers, 12)
        self.assertIsNotNone(snapshot.satisfaction_rate)
        self.assertIsNotNone(snapshot.completion_rate)
        r = self.client.get(reverse("programmes:public", args=["acunum"]))
        self.assertContains(r, f"<h3>{year}</h3>")

    def test_the_same_answers_every_time(self):
        calls = []
        with (
            mock.patch.object(demo_evaluation, "_give", lambda *a: calls.append(a[0:3])),
            mock.patch.object(demo_evaluation.indicators, "publish"),
        ):
            demo_evaluation.record(
                self.built["current"], self.built["finished"], self.built["trainer"], TUESDAY
            )
            first, calls[:] = list(calls), []
            demo_evaluation.record(
                self.built["current"], self.built["finished"], self.built["trainer"], TUESDAY
            )
        self.assertGreater(len(first), 60)
        self.assertEqual(calls, first)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoOutboxTests(TestCase):
    """The demo's outboxes: the finished cycle's convocations kept as sent, dated three weeks
    before its first half-day; the current cycle's waiting, as with no mail server."""

    @classmethod
    def setUpTestData(cls):
        cls.built = demo.build(today=TUESDAY)

    def test_the_finished_cycles_convocations_were_sent_with_their_pdf_before_the_training(self):
        finished = self.built["finished"]
        first = finished.slots.order_by("date", "start").first()
        sent = Message.objects.filter(cycle=finished, kind=Message.Kind.CONVOCATION)
        self.assertEqual(sent.count(), finished.enrolments.count())
        for message in sent.prefetch_related("attachments"):
            self.assertEqual(message.status, Message.Status.SENT)
            self.assertEqual(message.sent_at, first.starts_at() - timedelta(days=21))
            [pdf] = message.attachments.all()
            self.assertIn(french_date(message.sent_at.date()), text_of(bytes(pdf.content)))

    def test_the_current_cycles_convocations_wait_with_their_links(self):
        current = self.built["current"]
        waiting = Message.objects.filter(cycle=current, status=Message.Status.PENDING)
        self.assertEqual(waiting.count(), current.enrolments.count())
        self.assertTrue(all(message.links() for message in waiting))
