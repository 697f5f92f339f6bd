"""The trainers' files: PDFs checked on upload and kept in the database, continuing education,
the OF's evaluations; kept by the OF's administrator, read by the trainer."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from acunum.complaints import trainers
from acunum.complaints.forms import AgreementForm, CVForm
from acunum.complaints.models import (
    Refused,
    TrainerAgreement,
    TrainerCV,
    TrainerEvaluation,
    TrainerTraining,
)
from acunum.complaints.uploads import MAX_BYTES
from acunum.cycles.models import Cycle
from acunum.test import BaseTestCase, database_state, make_user
from tests.complaints.world import (
    PDF,
    agreement,
    agreement_data,
    cv_data,
    evaluation_data,
    in_training,
    pdf_upload,
    training_data,
)


class UploadTests(BaseTestCase):
    def setUp(self):
        self.login(self.alice)

    def post(self, view: str, data: dict):
        return self.client.post(reverse(f"complaints:{view}", args=[self.bob.pk]), data)

    def test_an_agreement_is_kept_in_the_database_and_served_to_the_admin_and_the_trainer(self):
        r = self.post("agreement-new", agreement_data(self))
        self.assertRedirects(r, reverse("complaints:trainer", args=[self.bob.pk]))
        kept = TrainerAgreement.objects.get()
        self.assertEqual(bytes(kept.pdf), PDF)
        self.assertEqual(
            (kept.filename, kept.size, kept.uploaded_by), ("convention.pdf", len(PDF), self.alice)
        )
        self.assertIsNone(kept.valid_until)
        url = reverse("complaints:agreement-pdf", args=[self.bob.pk, kept.pk])
        for user in (self.alice, self.bob):
            self.login(user)
            r = self.client.get(url)
            self.assertEqual(r["Content-Type"], "application/pdf")
            self.assertEqual(r.content, PDF)
        for user in (self.charlie, self.diane):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 404)

    def refused(self, view: str, data: dict, label: str, words: str) -> None:
        before = database_state()
        r = self.post(view, data)
        self.assertEqual(r.status_code, 200)
        errors = r.context["form"].errors["file"]
        self.assertEqual(len(errors), 1)
        # The message names the field, in the language of the page.
        self.assertIn(label, errors[0])
        self.assertIn(words, errors[0])
        self.assertContains(r, 'href="#id_file"')
        self.assertEqual(database_state(), before)

    def test_a_file_that_is_not_a_pdf_is_refused_naming_the_field(self):
        png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
        label = str(AgreementForm.base_fields["file"].label)
        self.refused(
            "agreement-new",
            {**agreement_data(self), "file": pdf_upload("convention.pdf", png)},
            label,
            "PDF",
        )
        label = str(CVForm.base_fields["file"].label)
        self.refused(
            "cv-new", {**cv_data(self), "file": pdf_upload("cv.pdf", b"Mon CV\n")}, label, "PDF"
        )

    def test_a_pdf_over_5_mb_is_refused_naming_the_field(self):
        big = PDF + b"\0" * (MAX_BYTES + 1 - len(PDF))
        label = str(CVForm.base_fields["file"].label)
        self.refused("cv-new", {**cv_data(self), "file": pdf_upload("cv.pdf", big)}, label, "5")

    def test_a_pdf_of_exactly_5_mb_is_accepted(self):
        exact = PDF + b"\0" * (MAX_BYTES - len(PDF))
        self.post("cv-new", {**cv_data(self), "file": pdf_upload("cv.pdf", exact)})
        self.assertEqual(TrainerCV.objects.get().size, MAX_BYTES)

    def test_an_agreement_ending_before_it_starts_is_refused(self):
        before = database_state()
        r = self.post(
            "agreement-new",
            {**agreement_data(self), "valid_from": "2026-05-01", "valid_until": "2026-04-30"},
        )
        self.assertTrue(r.context["form"].errors["valid_until"])
        self.assertEqual(database_state(), before)

    def test_a_continuing_education_is_recorded(self):
        self.post("training-new", training_data(self))
        training = TrainerTraining.objects.get()
        self.assertEqual((training.trainer, training.hours), (self.bob, Decimal("7")))

    def test_a_training_of_no_hours_is_refused(self):
        before = database_state()
        r = self.post("training-new", {**training_data(self), "hours": "0"})
        self.assertTrue(r.context["form"].errors["hours"])
        self.assertEqual(database_state(), before)

    def test_dates_in_the_future_are_refused_on_their_field(self):
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        before = database_state()
        for view, data, field in (
            ("training-new", {**training_data(self), "date": tomorrow}, "date"),
            ("cv-new", {**cv_data(self), "dated": tomorrow}, "dated"),
            ("agreement-new", {**agreement_data(self), "signed_on": tomorrow}, "signed_on"),
        ):
            r = self.post(view, data)
            self.assertContains(r, f'href="#id_{field}"')
        self.assertEqual(database_state(), before)

    def test_the_file_of_someone_who_is_not_a_trainer_does_not_exist(self):
        for pk in (self.diane.pk, self.alice.pk):
            r = self.client.get(reverse("complaints:trainer", args=[pk]))
            self.assertEqual(r.status_code, 404)
            r = self.client.post(reverse("complaints:cv-new", args=[pk]), cv_data(self))
            self.assertEqual(r.status_code, 404)
        self.assertFalse(TrainerCV.objects.exists())


class EvaluationTests(BaseTestCase):
    def test_the_admin_evaluates_a_trainers_cycle_once(self):
        in_training(self.cycle)
        self.login(self.alice)
        url = reverse("complaints:evaluation-new", args=[self.bob.pk])
        self.client.post(url, evaluation_data(self))
        evaluation = TrainerEvaluation.objects.get()
        self.assertEqual((evaluation.cycle, evaluation.rating), (self.cycle, 3))
        self.assertEqual((evaluation.by, evaluation.by_name), (self.alice, "Alice Test"))
        # Evaluated: the cycle is no longer offered.
        before = database_state()
        r = self.client.post(url, evaluation_data(self))
        self.assertTrue(r.context["form"].errors["cycle"])
        self.assertEqual(database_state(), before)

    def test_a_cycle_not_started_or_of_another_trainer_is_not_offered(self):
        self.login(self.alice)
        url = reverse("complaints:evaluation-new", args=[self.bob.pk])
        in_training(self.other_cycle)  # Charlie's
        before = database_state()
        r = self.client.post(url, evaluation_data(self))  # the Passerelle's is still a request
        self.assertTrue(r.context["form"].errors["cycle"])
        r = self.client.post(url, {**evaluation_data(self), "cycle": str(self.other_cycle.code)})
        self.assertTrue(r.context["form"].errors["cycle"])
        self.assertEqual(database_state(), before)

    def test_the_rules_refuse_what_the_form_does_not_offer(self):
        today = timezone.localdate()
        values = {"date": today, "rating": 4}
        with self.assertRaises(Refused):
            trainers.evaluate(self.bob, self.cycle, values, self.alice, today, timezone.now())
        in_training(self.other_cycle)
        with self.assertRaises(Refused):
            trainers.evaluate(self.bob, self.other_cycle, values, self.alice, today, timezone.now())
        in_training(self.cycle)
        future = {**values, "date": today + timedelta(days=1)}
        with self.assertRaises(Refused) as refused:
            trainers.evaluate(self.bob, self.cycle, future, self.alice, today, timezone.now())
        self.assertEqual(refused.exception.field, "date")
        trainers.evaluate(self.bob, self.cycle, values, self.alice, today, timezone.now())
        with self.assertRaises(Refused):
            trainers.evaluate(self.bob, self.cycle, values, self.alice, today, timezone.now())
        self.assertEqual(TrainerEvaluation.objects.count(), 1)


class TrainerFileTests(BaseTestCase):
    TODAY = date(2026, 6, 15)

    def test_the_file_says_what_is_missing_and_what_is_in_force(self):
        file = trainers.trainer_file(self.bob, self.TODAY)
        self.assertEqual(len(file.missing), 3)  # agreement, CV, training; nothing to evaluate
        agreement(self.bob, date(2024, 1, 1), date(2025, 12, 31))
        current = agreement(self.bob, date(2026, 1, 1), None)
        TrainerCV.objects.create(
            trainer=self.bob, dated=date(2026, 1, 5), pdf=PDF, filename="cv.pdf", size=len(PDF)
        )
        for day, hours in (
            (date(2025, 6, 15), 7),
            (date(2025, 6, 14), 14),
            (date(2026, 6, 1), 3.5),
        ):
            TrainerTraining.objects.create(
                trainer=self.bob, title="Formation", organisation="OF", date=day, hours=hours
            )
        in_training(self.cycle, Cycle.Status.CLOSED)
        file = trainers.trainer_file(self.bob, self.TODAY)
        self.assertEqual(file.agreement, current)
        self.assertEqual(file.cv.dated, date(2026, 1, 5))
        # Twelve months back to the day: 15 June 2025 counts, 14 June does not.
        self.assertEqual(file.recent_hours, Decimal("10.5"))
        self.assertEqual(file.to_evaluate, [self.cycle])
        self.assertEqual(len(file.missing), 1)

    def test_the_trainer_reads_his_own_file_without_anything_to_change(self):
        signed = agreement(self.bob, date(2026, 1, 1), None)
        in_training(self.cycle)
        # The evaluation's link names the cycle to evaluate; the others end with the path.
        links = [
            f'href="{reverse(f"complaints:{view}", args=[self.bob.pk])}{end}'
            for view, end in (
                ("agreement-new", '"'),
                ("cv-new", '"'),
                ("training-new", '"'),
                ("evaluation-new", "?cycle="),
            )
        ]
        pdf = reverse("complaints:agreement-pdf", args=[self.bob.pk, signed.pk])
        self.login(self.alice)
        r = self.client.get(reverse("complaints:trainer", args=[self.bob.pk]))
        for link in links:
            self.assertContains(r, link)
        self.login(self.bob)
        r = self.client.get(reverse("cycles:dashboard"))
        self.assertContains(r, reverse("complaints:trainer", args=[self.bob.pk]))
        r = self.client.get(reverse("complaints:trainer", args=[self.bob.pk]))
        self.assertEqual(r.status_code, 200)
        for link in links:
            self.assertNotContains(r, link)
        self.assertContains(r, pdf)
        self.assertContains(r, self.cycle.structure.name)  # still to evaluate, as a fact
        r = self.client.get(reverse("complaints:trainer", args=[self.charlie.pk]))
        self.assertEqual(r.status_code, 404)

    def test_the_list_of_trainers_takes_the_same_queries_whatever_their_number(self):
        self.login(self.alice)
        url = reverse("complaints:trainer-list")
        self.client.get(url)

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(ctx.captured_queries)

        small = count()
        for n in range(4):
            trainer = make_user(f"trainer{n}", "trainer")
            agreement(trainer, date(2026, 1, 1), None)
            TrainerTraining.objects.create(
                trainer=trainer, title="F", organisation="OF", date=date(2026, 1, 1), hours=7
            )
            self.cycle.trainers.add(trainer)
        self.assertEqual(count(), small)
