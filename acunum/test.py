"""Shared test world: a small, named cast, built once per test class.

- Alice administers the training organisation (OF).
- Bob trains the Passerelle cycle; Charlie trains another structure's cycle.
- Diane is the Passerelle's contact; Eve is the contact of the other structure.
- Dominique and Eden are trainees of the Passerelle cycle; Farid, of the other cycle. Each has a
  personal link: `dominique_token`, `eden_token`, `farid_token`.
"""

from __future__ import annotations

from datetime import date

from django.test import TestCase, override_settings
from django.utils import timezone

from acunum.accounts.models import Organisation, Referent, User
from acunum.attendance import signing
from acunum.attendance.models import SigningWindow
from acunum.cycles import schedule
from acunum.cycles.models import Cycle, Enrolment, Slot, Structure, Trainee
from acunum.evaluation.loader import load_questionnaires
from acunum.programmes.loader import load_programme

PASSWORD = "password"


def make_user(username: str, role: str, **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.capitalize(),
        last_name="Test",
        email=f"{username}@example.org",
        role=role,
        **extra,
    )
    return user


def make_structure(name: str, **extra) -> Structure:
    fields = {
        "kind": Structure.Kind.SOCIOCULTURAL,
        "siret": "12345678900011",
        "funder_kind": Structure.FunderKind.OPCO,
        "funder_name": "Uniformation",
        "city": "Lyon",
    }
    return Structure.objects.create(name=name, **{**fields, **extra})


def make_trainee(cycle: Cycle, first_name: str, **extra) -> Enrolment:
    trainee = Trainee.objects.create(
        structure=cycle.structure,
        first_name=first_name,
        last_name=extra.pop("last_name", "Test"),
        email=extra.pop("email", f"{first_name.lower()}@example.org"),
        job=extra.pop("job", "Animateur"),
        status=extra.pop("status", Trainee.Status.EMPLOYEE),
        **extra,
    )
    return Enrolment.objects.enrol(cycle, trainee)


def schedule_cycle(cycle: Cycle, start: date) -> None:
    planned = schedule.propose(
        schedule.sequence_specs(cycle.programme_version),
        schedule.Constraints(start=start, busy=schedule.trainer_busy(cycle)),
    )
    schedule.save_schedule(cycle, planned)


def on_today(slot: Slot) -> Slot:
    """The half-day moved to today: signing opens only on a half-day's own day, and the test
    world's half-days are scheduled from January 2026."""
    Slot.objects.filter(pk=slot.pk).update(date=timezone.localdate())
    slot.date = timezone.localdate()
    return slot


def open_today(slot: Slot, user: User) -> SigningWindow:
    return signing.open_window(on_today(slot), user)


# MD5 only here: a real hasher would spend most of the suite's time hashing test passwords.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.version, _created = load_programme()
        load_questionnaires()
        cls.organisation = Organisation.objects.create(
            name="Organisme Test",
            siret="11122233300044",
            nda="11223344556",
            qualiopi_certificate="Q-1",
            address="1 rue Test",
            postal_code="69001",
            city="Lyon",
            email="of@example.org",
        )
        Referent.objects.create(
            organisation=cls.organisation,
            role=Referent.Role.DISABILITY,
            name="Rita Référente",
            email="handicap@example.org",
        )
        cls.alice = make_user("alice", User.Role.ADMIN, is_staff=True)
        cls.bob = make_user("bob", User.Role.TRAINER)
        cls.charlie = make_user("charlie", User.Role.TRAINER)
        cls.diane = make_user("diane", User.Role.CONTACT)
        cls.eve = make_user("eve", User.Role.CONTACT)

        cls.structure = make_structure("La Passerelle")
        cls.structure.contacts.add(cls.diane)
        cls.other_structure = make_structure("Les Tilleuls", kind=Structure.Kind.SOCIAL_WORK)
        cls.other_structure.contacts.add(cls.eve)

        cls.cycle = Cycle.objects.create(
            programme_version=cls.version, structure=cls.structure, place="Salle 1"
        )
        cls.cycle.trainers.add(cls.bob)
        schedule_cycle(cls.cycle, date(2026, 1, 5))
        cls.other_cycle = Cycle.objects.create(
            programme_version=cls.version, structure=cls.other_structure, place="Salle 2"
        )
        cls.other_cycle.trainers.add(cls.charlie)
        schedule_cycle(cls.other_cycle, date(2026, 1, 5))

        cls.dominique = make_trainee(cls.cycle, "Dominique")
        cls.eden = make_trainee(cls.cycle, "Eden")
        cls.farid = make_trainee(cls.other_cycle, "Farid")
        # Only a digest of each personal link is stored: keep the tokens to open the links.
        cls.dominique_token = cls.dominique.issue_link()
        cls.eden_token = cls.eden.issue_link()
        cls.farid_token = cls.farid.issue_link()

    def login(self, user: User) -> None:
        self.client.force_login(user)


def database_state() -> dict[str, list[tuple]]:
    """Every row of every table except sessions, to assert that a refused request changed nothing.

    Sessions are left out: logging in, out or opening a page may touch them without changing data.
    """
    from django.apps import apps
    from django.contrib.sessions.models import Session

    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model is not Session
    }
