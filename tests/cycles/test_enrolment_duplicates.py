"""A person is enrolled once per cycle, even when the same form is sent twice at once."""

from django.test import TransactionTestCase, override_settings
from django.urls import reverse

from acunum.cycles.models import AlreadyEnrolled, Cycle, Enrolment, Trainee
from acunum.programmes.loader import load_programme
from acunum.test import BaseTestCase, make_structure, make_trainee
from tests.cycles.test_enrolment_limit import run_together


class DuplicateEnrolmentTests(BaseTestCase):
    def test_it_refuses_the_same_email_twice_whatever_its_case(self):
        with self.assertRaises(AlreadyEnrolled):
            make_trainee(self.cycle, "Dominique2", email="DOMINIQUE@example.org")
        self.assertEqual(self.cycle.enrolments.count(), 2)

    def test_the_form_names_the_email_field(self):
        self.login(self.bob)
        r = self.client.post(
            reverse("cycles:trainee-add", args=[self.cycle.code]),
            {
                "last_name": "Test",
                "first_name": "Dom",
                "email": "dominique@example.org",
                "job": "Animateur",
                "status": "employee",
            },
        )
        self.assertEqual(r.status_code, 200)
        self.assertIn("email", r.context["form"].errors)
        self.assertEqual(self.cycle.enrolments.count(), 2)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class ConcurrentDuplicateTests(TransactionTestCase):
    def test_the_same_person_sent_five_times_at_once_is_enrolled_once(self):
        version, _created = load_programme()
        cycle = Cycle.objects.create(programme_version=version, structure=make_structure("S"))

        def enrol(i: int):
            trainee = Trainee.objects.create(
                structure=cycle.structure,
                last_name="Twin",
                first_name="Sam",
                email="sam@example.org",
                job="Animateur",
                status=Trainee.Status.EMPLOYEE,
            )
            return Enrolment.objects.enrol(Cycle.objects.get(pk=cycle.pk), trainee)

        results = run_together(enrol, 5)
        self.assertEqual(sum(isinstance(r, Enrolment) for r in results), 1)
        self.assertEqual(sum(isinstance(r, AlreadyEnrolled) for r in results), 4, results)
        self.assertEqual(cycle.enrolments.count(), 1)
