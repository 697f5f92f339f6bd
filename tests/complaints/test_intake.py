"""Reporting a complaint or an incident: a trainee from their link, about their own cycle only;
a staff user about a cycle they can read; the OF's administrator about any cycle or none. Each
follows their reports where they made them."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from acunum.complaints import intake
from acunum.complaints.models import Complaint, Improvement, Refused
from acunum.test import BaseTestCase, database_state
from tests.complaints.world import complaint_data, staff_report, trainee_report

REPORT = "Les horaires ont changé sans prévenir."


class TraineeIntakeTests(BaseTestCase):
    def url(self, token=None) -> str:
        return reverse("complaints:trainee", args=[token or self.dominique_token])

    def test_the_trainee_home_page_links_to_the_complaint_page(self):
        r = self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        self.assertContains(r, self.url())

    def test_a_trainee_files_a_complaint_about_her_own_cycle(self):
        r = self.client.post(
            self.url(), {**complaint_data(self), "cycle": str(self.cycle.code)}, follow=True
        )
        complaint = Complaint.objects.get()
        self.assertEqual(complaint.cycle, self.cycle)
        self.assertEqual(complaint.enrolment, self.dominique)
        self.assertEqual(complaint.by, Complaint.By.TRAINEE)
        self.assertEqual(complaint.name, "Dominique Test")
        self.assertIsNone(complaint.user)
        self.assertTrue(complaint.wants_answer)
        self.assertEqual(complaint.status, Complaint.Status.RECEIVED)
        # She sees it, with its status, where she filed it.
        self.assertContains(r, REPORT)
        self.assertContains(r, Complaint.Status.RECEIVED.label)

    def test_a_complaint_naming_another_cycle_is_refused_and_nothing_is_stored(self):
        before = database_state()
        r = self.client.post(
            self.url(), {**complaint_data(self), "cycle": str(self.other_cycle.code)}
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="problems"')
        self.assertContains(r, str(intake.OTHER_CYCLE))
        self.assertEqual(database_state(), before)

    def test_a_complaint_naming_no_cycle_is_refused_too(self):
        before = database_state()
        r = self.client.post(self.url(), complaint_data(self))
        self.assertContains(r, 'class="problems"')
        self.assertEqual(database_state(), before)

    def test_another_trainees_link_files_for_that_trainees_own_cycle_only(self):
        # Farid's link, with the Passerelle's cycle in the form: refused, not filed anywhere.
        before = database_state()
        self.client.post(
            self.url(self.farid_token), {**complaint_data(self), "cycle": str(self.cycle.code)}
        )
        self.assertEqual(database_state(), before)

    def test_an_empty_report_is_refused_naming_its_field(self):
        before = database_state()
        r = self.client.post(
            self.url(), {"kind": "complaint", "text": "  ", "cycle": str(self.cycle.code)}
        )
        self.assertContains(r, 'href="#id_text"')
        self.assertEqual(database_state(), before)

    def test_a_trainee_sees_her_own_reports_only(self):
        trainee_report(self, text="Ma réclamation à moi")
        staff_report(self.diane, self.cycle)
        r = self.client.get(self.url(self.eden_token))
        self.assertNotContains(r, "Ma réclamation à moi")
        self.assertNotContains(r, "vidéoprojecteur")
        r = self.client.get(self.url())
        self.assertContains(r, "Ma réclamation à moi")
        self.assertNotContains(r, "vidéoprojecteur")

    def test_the_trainee_reads_the_answer_and_the_improvement_it_caused(self):
        today = timezone.localdate()
        complaint = trainee_report(self, now=timezone.now() - timedelta(days=3))
        complaint.acknowledge(today - timedelta(days=2), self.alice, today)
        complaint.record_answer(today, "Nous changeons de salle.", self.alice, today)
        Improvement.objects.create(
            what="Vérifier le chauffage la veille",
            cause=Improvement.Cause.COMPLAINT,
            complaint=complaint,
            decided_on=today,
            decided_by="Alice",
        )
        r = self.client.get(self.url())
        self.assertContains(r, "Nous changeons de salle.")
        self.assertContains(r, "Vérifier le chauffage la veille")


class StaffIntakeTests(BaseTestCase):
    def url(self, cycle=None) -> str:
        return reverse("complaints:cycle", args=[(cycle or self.cycle).code])

    def test_the_cycle_page_links_to_its_complaints_for_every_reader(self):
        for user in (self.alice, self.bob, self.diane):
            self.login(user)
            r = self.client.get(self.cycle.get_absolute_url())
            self.assertContains(r, self.url())

    def test_the_contact_and_the_trainer_file_about_a_cycle_they_read(self):
        for user, by in ((self.diane, "contact"), (self.bob, "trainer"), (self.alice, "admin")):
            self.login(user)
            self.client.post(self.url(), complaint_data(self))
            complaint = Complaint.objects.get(user=user)
            self.assertEqual((complaint.by, complaint.cycle), (by, self.cycle))
            self.assertEqual(complaint.name, f"{user.first_name} Test")

    def test_a_report_on_a_cycle_the_user_cannot_read_is_refused_and_nothing_stored(self):
        for user in (self.eve, self.charlie):
            self.login(user)
            before = database_state()
            r = self.client.post(self.url(), complaint_data(self))
            self.assertEqual(r.status_code, 404)
            self.assertEqual(database_state(), before)

    def test_each_staff_user_sees_their_own_reports_the_admin_all(self):
        staff_report(self.diane, self.cycle)
        trainee_report(self)
        self.login(self.bob)
        r = self.client.get(self.url())
        self.assertNotContains(r, "vidéoprojecteur")
        self.assertNotContains(r, "glacée")
        self.login(self.diane)
        r = self.client.get(self.url())
        self.assertContains(r, "vidéoprojecteur")
        self.assertNotContains(r, "glacée")
        self.login(self.alice)
        r = self.client.get(self.url())
        self.assertContains(r, "vidéoprojecteur")
        self.assertContains(r, "glacée")

    def test_only_the_admin_reports_about_no_cycle_and_on_someones_behalf(self):
        with self.assertRaises(Refused) as refused:
            intake.from_staff(self.diane, None, {"kind": "complaint", "text": "x"}, None)
        self.assertEqual(refused.exception.field, "cycle")
        values = {"kind": "complaint", "text": "Par téléphone", "on_behalf_of": "L’OPCO"}
        complaint = intake.from_staff(self.alice, None, values, timezone.now())
        self.assertEqual((complaint.cycle, complaint.on_behalf_of), (None, "L’OPCO"))
        contact = intake.from_staff(self.diane, self.cycle, values, timezone.now())
        self.assertEqual(contact.on_behalf_of, "")

    def test_the_admin_records_a_report_without_a_cycle(self):
        self.login(self.alice)
        r = self.client.post(
            reverse("complaints:new"),
            {**complaint_data(self), "cycle": "", "on_behalf_of": "L’OPCO, par téléphone"},
        )
        complaint = Complaint.objects.get()
        self.assertRedirects(r, complaint.get_absolute_url())
        self.assertIsNone(complaint.cycle)
        self.assertEqual(complaint.by, Complaint.By.ADMIN)
