"""Demo in-room activities, so that the day pages, the projector and the phones show at once
what they are for.

The current cycle: each day J1–J4 has its proposed activities; J1's word cloud is open, with the
words of a few trainees, as in the first morning. The finished cycle: every activity was run and
closed, with the group's words, answers and moves. Deterministic (a seeded random.Random); every
contribution goes through the same checks as one sent from a phone.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from acunum.cycles.models import Cycle
from acunum.programmes.models import Sequence
from acunum.workshops import presets
from acunum.workshops.contributing import Who, contribute
from acunum.workshops.models import Activity, Contribution

DAYS = ("J1", "J2", "J3", "J4")
WORDS = [
    ["réseaux", "famille", "fatigue"],
    ["smartphone", "lien", "démarches"],
    ["écran", "Réseaux", "liberté"],
    ["partage", "surveillance", "photos"],
    ["WhatsApp", "travail", "urgence"],
    ["outil", "curiosité", "dépendance"],
    ["mails", "fatigue", "lien"],
    ["jeux vidéo", "musique", "famille"],
    ["contrainte", "accès aux droits", "démarches"],
    ["isolement", "débrouille", "lien"],
    ["écrans", "enfants", "inquiétude"],
    ["Partage", "entraide", "smartphone"],
]
# Where each trainee stands, round after round, in a débat: a first place, sometimes a move.
DEBATE_MOVES = [[1], [2, 1], [4], [5, 4], [2], [3, 2], [4, 5], [1], [2, 3], [5]]


def _day_activities(cycle: Cycle) -> dict[str, list[Activity]]:
    days = {}
    for code in DAYS:
        sequence = Sequence.objects.get(version=cycle.programme_version, code=code)
        presets.propose(cycle, sequence)
        days[code] = list(Activity.objects.of_day(cycle, sequence))
    return days


def _phone(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _play(activity: Activity, enrolments, rng: random.Random, how_many: int) -> None:
    """The group answers: some trainees, each from their own phone."""
    takers = rng.sample(enrolments, min(how_many, len(enrolments)))
    kind = activity.kind
    if kind == Activity.Kind.MOVING_DEBATE:
        for round_ in range(1, activity.settings["rounds"] + 1):
            if round_ > 1:
                activity.next_round()
            for n, enrolment in enumerate(takers):
                who = Who(enrolment=enrolment, phone_secret=_phone(rng))
                moves = DEBATE_MOVES[(n + round_) % len(DEBATE_MOVES)]
                for position in moves:
                    contribute(activity, who, _ident(rng), {"position": [str(position)]})
        return
    for n, enrolment in enumerate(takers):
        who = Who(enrolment=enrolment, phone_secret=_phone(rng))
        if kind == Activity.Kind.WORD_CLOUD:
            answer = {"word": WORDS[n % len(WORDS)][: activity.settings["words_per_person"]]}
        elif activity.settings["multiple"]:
            count = len(activity.settings["choices"])
            picked = rng.sample(range(count - 1), rng.randint(1, 3))  # rarely "I don't know"
            answer = {"choice": [str(i) for i in picked]}
        else:
            weights = [5, 3, 2, 2, 1][: len(activity.settings["choices"])]
            choice = rng.choices(range(len(weights)), weights=weights)[0]
            answer = {"choice": [str(choice)]}
        contribute(activity, who, _ident(rng), answer)


def _ident(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _dated(activity: Activity, cycle: Cycle, code: str) -> None:
    """The contributions at the time of the day's first half-day, a few seconds apart."""
    slot = cycle.slots.filter(sequence__code=code).order_by("index").first()
    if slot is None:
        return
    start = slot.starts_at() + timedelta(minutes=30 + 20 * activity.position)
    for n, pk in enumerate(
        activity.contributions.order_by("created_at").values_list("pk", flat=True)
    ):
        Contribution.objects.filter(pk=pk).update(created_at=start + timedelta(seconds=7 * n))


def record(current: Cycle, finished: Cycle) -> None:
    rng = random.Random(6)
    # The finished cycle: everything run, shown and closed.
    enrolments = list(finished.enrolments.select_related("trainee"))
    for code, activities in _day_activities(finished).items():
        for activity in activities:
            activity.change_state(Activity.State.OPEN)
            _play(activity, enrolments, rng, how_many=len(enrolments) - rng.randint(0, 3))
            activity.show_results(True)
            activity.change_state(Activity.State.CLOSED)
            _dated(activity, finished, code)
    # The current cycle: its days ready; the first morning's word cloud open, a few words in.
    days = _day_activities(current)
    cloud = next(a for a in days["J1"] if a.kind == Activity.Kind.WORD_CLOUD)
    cloud.change_state(Activity.State.OPEN)
    _play(cloud, list(current.enrolments.select_related("trainee")), rng, how_many=5)
