"""The data the browser tests walk through, built once for the whole e2e package.

Every state a page can show is present: a scheduled cycle with trainees and one slot in conflict,
a cycle still to schedule, a trainer whose Mondays are all taken (so a Monday-only schedule cannot
fit), a cancelled cycle for the dashboard's second list, and two versions of the programme.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.utils import timezone

from acunum.accounts.models import Organisation, Referent, User
from acunum.attendance import signing
from acunum.attendance.models import SigningWindow
from acunum.cycles.models import Cycle, Enrolment, Slot
from acunum.programmes.loader import DEFAULT_PROGRAMME, load_programme
from acunum.test import (
    make_structure,
    make_trainee,
    make_user,
    on_today,
    open_today,
    schedule_cycle,
)
from tests.attendance.test_core import drawn_signature
from tests.evaluation import world as evaluation_world
from tests.workshops import e2e_world as workshops_world

START = date(2026, 1, 5)  # a Monday


@dataclass
class World:
    url: str
    users: dict[str, User] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # username -> session cookie value
    passerelle: Cycle | None = None  # scheduled, trainees, slot 16 on a Saturday
    tilleuls: Cycle | None = None  # agreed, no schedule yet: the journeys schedule it
    pentes: Cycle | None = None  # its trainer is busy every Monday for more than a year
    enrolment: Enrolment | None = None  # a trainee of the Passerelle cycle
    token: str = ""  # her personal link's token (only its digest is stored)
    eden_token: str = ""  # Eden's, for the signing pages the page checks visit
    # Questionnaires (tests/evaluation/world.py build_e2e): a cycle finished yesterday, one to
    # start in a week, and their trainees' tokens by first name.
    evaluated: Cycle | None = None
    upcoming: Cycle | None = None
    evaluation_tokens: dict[str, str] = field(default_factory=dict)
    # In-room activities (tests/workshops/e2e_world.py), by role: "cloud", "journey"…
    workshops: dict = field(default_factory=dict)


def build_world(url: str) -> World:
    world = World(url=url)
    first_version, _created = load_programme()
    # A second version of the same programme, so that the page of an older version exists.
    with tempfile.TemporaryDirectory() as folder:
        changed = Path(folder) / DEFAULT_PROGRAMME.name
        changed.write_bytes(DEFAULT_PROGRAMME.read_bytes() + b"\n# e2e: a second version\n")
        version, _created = load_programme(changed)
    assert version.number == first_version.number + 1

    organisation = Organisation.objects.create(
        name="Organisme de formation des Pentes",
        siret="11122233300044",
        nda="11223344556",
        qualiopi_certificate="Q-2024-0042",
        address="12 rue des Écoles",
        postal_code="69001",
        city="Lyon",
        email="contact@of-pentes.example.org",
        phone="04 00 00 00 00",
    )
    for role, name in [
        (Referent.Role.PEDAGOGICAL, "Paula Pédagogie"),
        (Referent.Role.ADMINISTRATIVE, "Adrien Administration"),
        (Referent.Role.DISABILITY, "Rita Référente"),
    ]:
        Referent.objects.create(
            organisation=organisation, role=role, name=name, email=f"{role}@of.example.org"
        )

    users = {
        "alice": make_user("alice", User.Role.ADMIN, is_staff=True),
        "bob": make_user("bob", User.Role.TRAINER),
        "charlie": make_user("charlie", User.Role.TRAINER),
        "diane": make_user("diane", User.Role.CONTACT),
    }
    world.users = users

    passerelle = make_structure("Centre social La Passerelle")
    passerelle.contacts.add(users["diane"])
    world.passerelle = Cycle.objects.create(
        programme_version=version,
        structure=passerelle,
        place="Salle polyvalente, 3 place de la Croix-Rousse, 69004 Lyon",
        price=Decimal("4200.00"),
        status=Cycle.Status.SCHEDULED,
    )
    world.passerelle.trainers.add(users["bob"])
    schedule_cycle(world.passerelle, START)
    # A Saturday: the cycle page must flag this slot as a conflict.
    last = world.passerelle.slots.get(index=16)
    last.date += timedelta(days=5 - last.date.weekday())
    last.save()
    world.enrolment = make_trainee(world.passerelle, "Dominique", last_name="Lefebvre-Martin")
    world.token = world.enrolment.issue_link()
    make_trainee(
        world.passerelle,
        "Eden",
        last_name="Nguyen",
        job="Conseillère en économie sociale et familiale",
        accessibility_needs="Documents en gros caractères",
    )
    make_trainee(world.passerelle, "Farid", last_name="Benali", status="volunteer")
    attendance_boards(world.passerelle, users["bob"])
    trainee_side(world)
    # Signing opens only on a half-day's own day: the board journey opens this one today.
    on_today(world.passerelle.slots.get(index=JOURNEY_SLOT))

    world.tilleuls = Cycle.objects.create(
        programme_version=version,
        structure=make_structure("MJC Les Tilleuls"),
        status=Cycle.Status.AGREED,
    )
    world.tilleuls.trainers.add(users["bob"])

    world.pentes = Cycle.objects.create(
        programme_version=version,
        structure=make_structure("Médiathèque des Pentes", kind="library"),
        status=Cycle.Status.AGREED,
    )
    world.pentes.trainers.add(users["charlie"])
    busy = Cycle.objects.create(
        programme_version=version,
        structure=make_structure("Collège Jean Moulin", kind="school"),
        status=Cycle.Status.SCHEDULED,
    )
    busy.trainers.add(users["charlie"])
    sequence = version.sequences.first()
    Slot.objects.bulk_create(
        Slot(cycle=busy, sequence=sequence, index=n + 1, date=day, start=start, end=end)
        for n, (day, (start, end)) in enumerate(
            (START + timedelta(weeks=week), half)
            for week in range(60)
            for half in [(time(8, 0), time(12, 30)), (time(13, 0), time(18, 0))]
        )
    )

    cancelled = Cycle.objects.create(
        programme_version=first_version,
        structure=make_structure("Bibliothèque universitaire", kind="library"),
        status=Cycle.Status.CANCELLED,
    )
    cancelled.trainers.add(users["bob"])

    evaluation_world.build_e2e(world)
    workshops_world.build_e2e(world)
    from tests.usages import e2e_world as usages_world  # requested usages: proposals, plan

    usages_world.build_e2e(world)
    from tests.plans import e2e_world as plans_world  # action plans and accompaniment

    plans_world.build_e2e(world)

    for username, user in users.items():
        client = Client()
        client.force_login(user)
        world.sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


# The trainer's boards: half-day 11 closed, counter-signed and corrected; half-day 12 open, with
# a signature, an absence, a late arrival and a refused attempt. Eden and Farid act there, so the
# trainee journeys keep Dominique's half-days to themselves.
CLOSED_SLOT, OPEN_SLOT = 11, 12
# A half-day nobody else's test touches: the board journey (test_board_journeys.py) opens and
# closes it in the browser.
JOURNEY_SLOT = 15


def attendance_boards(cycle: Cycle, trainer: User) -> None:
    eden = cycle.enrolments.get(trainee__first_name="Eden")
    farid = cycle.enrolments.get(trainee__first_name="Farid")

    closed = cycle.slots.get(index=CLOSED_SLOT)
    window = open_today(closed, trainer)
    signing.sign(eden, closed, code=window.room_code(), strokes=drawn_signature())
    signing.mark_absent(closed, farid, trainer, excused=True, reason="Rendez-vous médical")
    signing.counter_sign(closed, trainer, strokes=drawn_signature())
    signing.close_window(window, trainer)
    signing.correct(
        closed,
        eden,
        trainer,
        changes={"departure": "11:45"},
        why="Partie plus tôt, signalé par la structure le lendemain",
    )

    opened = cycle.slots.get(index=OPEN_SLOT)
    window = open_today(opened, trainer)
    # Open for the whole run, however long the browser tests take.
    SigningWindow.objects.filter(pk=window.pk).update(closes_at=timezone.now() + timedelta(days=1))
    window.refresh_from_db()
    signing.sign(eden, opened, code=window.room_code(), strokes=drawn_signature())
    signing.mark_time(
        opened,
        eden,
        trainer,
        kind="late_arrival",
        at=(datetime.combine(opened.date, opened.start) + timedelta(minutes=20)).time(),
    )
    try:
        signing.sign(farid, opened, code="0000-wrong", strokes=drawn_signature())
    except signing.Refused:
        pass  # Kept as a refusal, for the board to show.


# The trainee's side: half-day 13 stays open for the whole run. Dominique signs it in the browser
# journey (tests/e2e/test_signing.py); the page checks visit Eden's signing pages, and never sign.
SIGN_SLOT = 13


def trainee_side(world: World) -> None:
    slot = world.passerelle.slots.get(index=SIGN_SLOT)
    window = open_today(slot, world.users["bob"])
    SigningWindow.objects.filter(pk=window.pk).update(closes_at=timezone.now() + timedelta(days=1))
    world.eden_token = world.passerelle.enrolments.get(trainee__first_name="Eden").issue_link()
