"""Adding one trainee by the form: who may, what is asked, and the fifteenth refused."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from acunum.cycles.models import Enrolment, Trainee
from acunum.test import BaseTestCase, make_trainee


class TraineeAddTestCase(BaseTestCase):
    def setUp(self):
        # English, as chosen in the footer: these tests read the msgids, not their translation.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.url = reverse("cycles:trainee-add", args=[self.cycle.code])

    def form(self, **changes) -> dict:
        data = {
            "last_name": "Martin",
            "first_name": "Gaëlle",
            "email": "Gaelle.Martin@Example.org",
            "phone": "",
            "job": "Éducatrice spécialisée",
            "status": "volunteer",
            "accessibility_needs": "",
        }
        return {**data, **changes}

    def state(self) -> tuple:
        return (
            sorted(Trainee.objects.values_list("pk", "email")),
            sorted(Enrolment.objects.values_list("pk", "cycle_id", "seat")),
        )

    def fill_cycle(self) -> None:
        for n in range(self.cycle.enrolments.count(), self.cycle.max_trainees):
            make_trainee(self.cycle, f"Extra{n}")
        self.assertEqual(self.cycle.enrolments.count(), 14)


class TraineeAddTests(TraineeAddTestCase):
    def test_it_shows_the_form_with_the_seats_taken(self):
        self.login(self.bob)
        r = self.client.get(self.url)
        self.assertContains(r, "2 of 14 seats taken.")
        for name in ("last_name", "first_name", "email", "phone", "job", "accessibility_needs"):
            self.assertContains(r, f'name="{name}"')
        self.assertContains(r, 'name="status" value="employee"')
        self.assertContains(r, 'name="status" value="volunteer"')

    def test_it_offers_employee_or_volunteer_with_neither_ticked_in_advance(self):
        self.login(self.bob)
        r = self.client.get(self.url)
        self.assertNotContains(r, 'name="status" value=""')
        self.assertNotContains(r, "---------")
        self.assertNotContains(r, "checked")

    def test_it_enrols_a_trainee_of_the_cycles_structure(self):
        self.login(self.bob)
        r = self.client.post(self.url, self.form())
        self.assertRedirects(r, self.cycle.get_absolute_url(), fetch_redirect_response=False)
        enrolment = self.cycle.enrolments.get(trainee__last_name="Martin")
        trainee = enrolment.trainee
        self.assertEqual(trainee.structure, self.structure)
        self.assertEqual(trainee.first_name, "Gaëlle")
        self.assertEqual(trainee.email, "gaelle.martin@example.org")
        self.assertEqual(trainee.job, "Éducatrice spécialisée")
        self.assertEqual(trainee.status, Trainee.Status.VOLUNTEER)
        self.assertEqual(trainee.phone, "")
        self.assertEqual(enrolment.seat, 3)
        # A personal link from the start, for the convocation and the card to print.
        self.assertIsNotNone(enrolment.current_link())

    def test_it_keeps_the_phone_and_the_accessibility_needs(self):
        self.login(self.bob)
        self.client.post(
            self.url,
            self.form(phone="06 12 34 56 78", accessibility_needs="Malentendante : placer devant."),
        )
        trainee = Trainee.objects.get(last_name="Martin")
        self.assertEqual(trainee.phone, "06 12 34 56 78")
        self.assertEqual(trainee.accessibility_needs, "Malentendante : placer devant.")

    def test_it_returns_to_the_form_to_add_another(self):
        self.login(self.bob)
        r = self.client.post(self.url, self.form(another="1"))
        self.assertRedirects(r, self.url, fetch_redirect_response=False)

    def test_it_gives_a_freed_seat_to_the_next_trainee(self):
        self.dominique.delete()
        self.login(self.bob)
        self.client.post(self.url, self.form())
        self.assertEqual(self.cycle.enrolments.get(trainee__last_name="Martin").seat, 1)

    def test_it_lets_the_of_admin_enrol(self):
        self.login(self.alice)
        r = self.client.post(self.url, self.form())
        self.assertEqual(r.status_code, 302)
        self.assertTrue(self.cycle.enrolments.filter(trainee__last_name="Martin").exists())


class TraineeAddRefusalTests(TraineeAddTestCase):
    def assertRefused(self, data: dict, *messages: str) -> None:
        before = self.state()
        r = self.client.post(self.url, data)
        self.assertEqual(r.status_code, 200)
        for message in messages:
            self.assertContains(r, message)
        self.assertEqual(self.state(), before)

    def test_it_names_every_missing_field(self):
        self.login(self.bob)
        data = self.form(last_name="", first_name=" ", email="", job="")
        del data["status"]
        before = self.state()
        r = self.client.post(self.url, data)
        self.assertEqual(r.status_code, 200)
        for field in ("last_name", "first_name", "email", "job", "status"):
            self.assertIn(field, r.context["form"].errors)
        self.assertNotIn("phone", r.context["form"].errors)
        self.assertNotIn("accessibility_needs", r.context["form"].errors)
        self.assertContains(r, "Please correct the fields marked below.")
        self.assertEqual(self.state(), before)

    def test_it_refuses_a_bad_email(self):
        self.login(self.bob)
        self.assertRefused(self.form(email="gaelle.martin@"), "Enter a valid email address.")

    def test_it_refuses_a_status_that_is_neither_employee_nor_volunteer(self):
        self.login(self.bob)
        self.assertRefused(self.form(status="intern"), "Select a valid choice.")

    def test_it_refuses_someone_already_enrolled_whatever_the_case_of_the_email(self):
        self.login(self.bob)
        self.assertRefused(
            self.form(email="DOMINIQUE@example.org"),
            "This person is already enrolled in this cycle.",
        )

    def test_it_refuses_the_fifteenth_trainee_and_changes_nothing(self):
        self.fill_cycle()
        self.login(self.bob)
        self.assertRefused(self.form(), "The cycle is full: 14 trainees at most.")
        self.assertFalse(Trainee.objects.filter(last_name="Martin").exists())

    def test_it_refuses_the_fifteenth_trainee_in_french(self):
        self.fill_cycle()
        self.login(self.bob)
        with translation.override("fr"):
            message = gettext("The cycle is full: %(max)s trainees at most.") % {"max": 14}
        self.assertIn("complet", message)
        del self.client.cookies[settings.LANGUAGE_COOKIE_NAME]
        r = self.client.post(self.url, self.form())
        self.assertContains(r, message)
        self.assertEqual(self.cycle.enrolments.count(), 14)

    def test_it_refuses_a_trainer_of_another_cycle(self):
        self.login(self.charlie)
        before = self.state()
        self.assertEqual(self.client.post(self.url, self.form()).status_code, 404)
        self.assertEqual(self.state(), before)

    def test_it_refuses_the_structures_contact(self):
        self.login(self.diane)
        before = self.state()
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.form()).status_code, 403)
        self.assertEqual(self.state(), before)

    def test_it_sends_anonymous_visitors_to_the_login(self):
        r = self.client.post(self.url, self.form())
        self.assertRedirects(
            r, reverse("accounts:login") + "?next=" + self.url, fetch_redirect_response=False
        )
        self.assertFalse(Trainee.objects.filter(last_name="Martin").exists())
