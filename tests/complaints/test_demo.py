"""The demo's trainer's file, complaints and improvements (acunum/site/demo_complaints.py)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from acunum.complaints import trainers
from acunum.complaints.models import (
    Complaint,
    Improvement,
    TrainerAgreement,
    TrainerCV,
    TrainerEvaluation,
    TrainerTraining,
)
from acunum.site import demo, demo_complaints

SEPTEMBER = date(2026, 9, 1)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoComplaintsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = demo.build(today=SEPTEMBER)
        cls.now = timezone.make_aware(datetime.combine(SEPTEMBER, time(12, 0)))
        cls.trainer, cls.finished = cls.built["trainer"], cls.built["finished"]
        # demo.build calls it once the lead wires it; a second call changes nothing.
        demo_complaints.record(cls.trainer, cls.finished, cls.now)

    def test_calling_it_again_changes_nothing(self):
        self.assertEqual(
            demo_complaints.record(self.trainer, self.finished, self.now), {"created": False}
        )
        self.assertEqual(Complaint.objects.count(), 2)

    def test_the_trainers_file_is_complete(self):
        file = trainers.trainer_file(self.trainer, SEPTEMBER)
        self.assertEqual(file.missing, [])
        self.assertIsNotNone(file.agreement)
        self.assertEqual(TrainerAgreement.objects.valid_on(SEPTEMBER).get(), file.agreement)
        self.assertTrue(bytes(file.agreement.pdf).startswith(b"%PDF-"))
        self.assertTrue(bytes(TrainerCV.objects.get().pdf).startswith(b"%PDF-"))
        self.assertEqual(TrainerTraining.objects.filter(trainer=self.trainer).count(), 2)
        evaluation = TrainerEvaluation.objects.get()
        self.assertEqual((evaluation.cycle, evaluation.rating), (self.finished, 4))
        self.assertLessEqual(evaluation.date, SEPTEMBER)

    def test_a_trainees_complaint_went_through_every_step_and_caused_an_improvement(self):
        complaint = Complaint.objects.complaints().get()
        self.assertEqual(complaint.cycle, self.finished)
        self.assertEqual(complaint.by, Complaint.By.TRAINEE)
        self.assertEqual(complaint.enrolment.cycle, self.finished)
        self.assertEqual(complaint.status, Complaint.Status.CLOSED)
        self.assertTrue(
            complaint.filed_on
            <= complaint.acknowledged_on
            <= complaint.answered_on
            <= complaint.closed_on
            <= SEPTEMBER
        )
        improvement = complaint.improvements.get()
        self.assertEqual(improvement.status, Improvement.Status.DONE)
        self.assertLessEqual(improvement.decided_on, improvement.done_on)

    def test_the_projector_incident_is_answered_and_a_satisfaction_improvement_planned(self):
        incident = Complaint.objects.incidents().get()
        self.assertIn("vidéoprojecteur", incident.text)
        self.assertEqual(incident.status, Complaint.Status.ANSWERED)
        self.assertEqual(incident.user, self.trainer)
        planned = Improvement.objects.planned().get()
        self.assertEqual(planned.cause, Improvement.Cause.SATISFACTION)
        self.assertEqual(planned.cycle, self.finished)
        self.assertEqual(Improvement.objects.of_cycle(self.finished).count(), 2)

    def test_its_pages_open_for_the_admin(self):
        self.client.force_login(self.built["admin"])
        for url in (
            reverse("complaints:list"),
            reverse("complaints:improvement-list"),
            reverse("complaints:trainer-list"),
            reverse("complaints:trainer", args=[self.trainer.pk]),
            Complaint.objects.incidents().get().get_absolute_url(),
            Complaint.objects.complaints().get().get_absolute_url(),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
