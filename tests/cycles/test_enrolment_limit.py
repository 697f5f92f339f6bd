"""The limit of 14 trainees holds in the database, even when requests race for the last seats."""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.test import Client, TransactionTestCase, override_settings
from django.urls import reverse

from acunum.cycles.models import AlreadyEnrolled, Cycle, CycleFull, Enrolment, Trainee
from acunum.programmes.loader import load_programme
from acunum.test import BaseTestCase, make_structure, make_trainee, make_user

RACERS = 20
ALREADY_SEATED = 10


def run_together(work, count: int) -> list:
    """Run work(i) in `count` threads released at the same instant; return what each returned.

    Each thread has its own database connection, closed when it ends, as a server's would be.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as e:  # Reported, not swallowed: the test asserts on every result.
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return results


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class ConcurrentEnrolmentTests(TransactionTestCase):
    def setUp(self):
        version, _created = load_programme()
        self.cycle = Cycle.objects.create(programme_version=version, structure=make_structure("S"))
        for n in range(ALREADY_SEATED):
            make_trainee(self.cycle, f"Seated{n}")
        self.racers = [
            Trainee.objects.create(
                structure=self.cycle.structure,
                last_name=f"Racer{n}",
                first_name="Test",
                email=f"racer{n}@example.org",
                job="Animateur",
                status=Trainee.Status.EMPLOYEE,
            )
            for n in range(RACERS)
        ]

    def assertExactlyFullWithDistinctSeats(self) -> None:
        seats = list(Enrolment.objects.filter(cycle=self.cycle).values_list("seat", flat=True))
        self.assertEqual(len(seats), 14)
        self.assertEqual(sorted(seats), list(range(1, 15)))

    def race(self) -> None:
        free = 14 - self.cycle.enrolments.count()

        def enrol(i: int):
            cycle = Cycle.objects.select_related("programme_version").get(pk=self.cycle.pk)
            return Enrolment.objects.enrol(cycle, self.racers[i])

        results = run_together(enrol, RACERS)
        winners = [r for r in results if isinstance(r, Enrolment)]
        losers = [r for r in results if isinstance(r, CycleFull)]
        unexpected = [r for r in results if not isinstance(r, (Enrolment, CycleFull))]
        self.assertEqual(unexpected, [])
        self.assertEqual(len(winners), free)
        self.assertEqual(len(losers), RACERS - free)
        self.assertTrue(all("14" in str(full) for full in losers))
        self.assertExactlyFullWithDistinctSeats()

    def test_twenty_racers_for_four_seats_seat_exactly_four_and_the_others_hear_it_is_full(self):
        self.race()

    def test_twenty_racers_for_an_empty_cycle_fill_every_seat_before_anyone_hears_it_is_full(
        self,
    ):
        # Found on PostgreSQL: with a few retries after a lost race, some racers gave up with
        # "full" while seats were still free, and the cycle ended with 6 to 9 trainees.
        Enrolment.objects.filter(cycle=self.cycle).delete()
        self.race()

    def test_twenty_racing_form_submissions_enrol_exactly_four_and_store_no_one_else(self):
        bob = make_user("bob", "trainer")
        self.cycle.trainers.add(bob)
        logged_in = Client()
        logged_in.force_login(bob)
        session = logged_in.cookies[settings.SESSION_COOKIE_NAME].value
        url = reverse("cycles:trainee-add", args=[self.cycle.code])
        trainees_before = Trainee.objects.count()

        def submit(i: int):
            client = Client()
            client.cookies[settings.SESSION_COOKIE_NAME] = session
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            return client.post(
                url,
                {
                    "last_name": f"Form{i}",
                    "first_name": "Test",
                    "email": f"form{i}@example.org",
                    "job": "Animatrice",
                    "status": "volunteer",
                },
            )

        responses = run_together(submit, RACERS)
        codes = sorted(getattr(r, "status_code", repr(r)) for r in responses)
        self.assertEqual(codes, [200] * (RACERS - 4) + [302] * 4)
        for r in responses:
            if r.status_code == 200:
                self.assertContains(r, "The cycle is full: 14 trainees at most.")
        self.assertExactlyFullWithDistinctSeats()
        # A refused trainee is not left behind without an enrolment.
        self.assertEqual(Trainee.objects.count(), trainees_before + 4)


class SeatConstraintTests(BaseTestCase):
    def test_the_database_refuses_a_fifteenth_seat(self):
        trainee = Trainee.objects.create(
            structure=self.structure,
            last_name="Quinze",
            first_name="Test",
            email="quinze@example.org",
            job="Animateur",
            status=Trainee.Status.EMPLOYEE,
        )
        with self.assertRaises(IntegrityError), transaction.atomic():
            Enrolment.objects.create(cycle=self.cycle, trainee=trainee, seat=15)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Enrolment.objects.create(cycle=self.cycle, trainee=trainee, seat=0)
        self.assertFalse(Enrolment.objects.filter(trainee=trainee).exists())

    def test_the_database_refuses_two_trainees_on_one_seat(self):
        trainee = Trainee.objects.create(
            structure=self.structure,
            last_name="Double",
            first_name="Test",
            email="double@example.org",
            job="Animateur",
            status=Trainee.Status.EMPLOYEE,
        )
        with self.assertRaises(IntegrityError), transaction.atomic():
            Enrolment.objects.create(cycle=self.cycle, trainee=trainee, seat=self.dominique.seat)

    def test_enrolling_someone_already_in_the_cycle_is_not_reported_as_a_full_cycle(self):
        with self.assertRaises(AlreadyEnrolled):
            Enrolment.objects.enrol(self.cycle, self.dominique.trainee)
        self.assertEqual(self.cycle.enrolments.count(), 2)

    def test_the_fifteenth_enrolment_raises_cycle_full_and_stores_nothing(self):
        for n in range(12):
            make_trainee(self.cycle, f"Extra{n}")
        trainee = Trainee.objects.create(
            structure=self.structure,
            last_name="Quinze",
            first_name="Test",
            email="quinze@example.org",
            job="Animateur",
            status=Trainee.Status.EMPLOYEE,
        )
        with self.assertRaises(CycleFull) as caught:
            Enrolment.objects.enrol(self.cycle, trainee)
        self.assertIn("14", str(caught.exception))
        self.assertEqual(self.cycle.enrolments.count(), 14)
