"""The workshops' part of the browser tests' world (tests/e2e/world.py).

Activities of the Passerelle cycle (Bob's), each in a state a page can show: J1's word cloud open
with words, its poll open with results hidden, J2's débat open with moves, a locked one; and an
anonymous word cloud with nothing in it yet, which the browser journey fills from two phones.
"""

from __future__ import annotations

import uuid

from acunum.workshops.contributing import Who, contribute
from acunum.workshops.models import Activity


def _send(activity, enrolment, phone, **answer):
    data = {k: v if isinstance(v, list) else [v] for k, v in answer.items()}
    contribute(activity, Who(enrolment=enrolment, phone_secret=phone), uuid.uuid4(), data)


def build_e2e(world) -> None:
    cycle = world.passerelle
    sequences = {s.code: s for s in cycle.programme_version.sequences.all()}
    farid = cycle.enrolments.get(trainee__first_name="Farid")

    def add(day, kind, title, settings, state="open", **fields):
        activity = Activity.objects.add(
            cycle, sequences[day], kind=kind, title=title, settings=settings, **fields
        )
        if state != "draft":
            activity.change_state("open")
        return activity

    cloud = add(
        "J1",
        "word_cloud",
        "Mon numérique en trois mots",
        {"words_per_person": 3},
        prompt="Trois mots qui vous viennent quand vous pensez à votre numérique.",
        results_shown=True,
    )
    _send(cloud, farid, "f" * 32, word=["réseaux", "famille", "fatigue"])
    poll = add(
        "J1",
        "poll",
        "Mon premier appareil",
        {"choices": ["Un ordinateur", "Un téléphone à clapet", "Une console"], "multiple": False},
        anonymous=True,
    )
    _send(poll, farid, "f" * 32, choice="1")
    debate = add(
        "J2",
        "moving_debate",
        "Débat mouvant",
        {"statement": "Nos usages dépendent d’abord de notre trajectoire sociale.", "rounds": 2},
        results_shown=True,
    )
    _send(debate, farid, "f" * 32, position="2")
    _send(debate, farid, "f" * 32, position="4")
    locked = add("J3", "poll", "Nos traces", {"choices": ["Oui", "Non"], "multiple": False})
    locked.change_state("locked")
    journey = add(
        "J4",
        "word_cloud",
        "Valeurs en trois mots",
        {"words_per_person": 3},
        anonymous=True,
        results_shown=True,
    )
    world.workshops = {
        "cloud": cloud,
        "poll": poll,
        "debate": debate,
        "locked": locked,
        "journey": journey,
    }
