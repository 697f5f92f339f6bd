"""The workshops' part of the browser tests' world (tests/e2e/world.py).

Activities of the Passerelle cycle (Bob's), each in a state a page can show: J1's word cloud open
with words, its poll open with results hidden, J2's débat open with moves, a locked one; and an
anonymous word cloud with nothing in it yet, which the browser journey fills from two phones.
Then the second part's kinds, open with their results shown: J1's ligne de vie with Farid's and
Eden's firsts across four decades, J3's post-it wall with cards in two columns (one with markup),
J4's dot vote with Farid's dots and one of Eden's. And J2's second débat, which a browser test
locks and opens again.
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
    eden = cycle.enrolments.get(trainee__first_name="Eden")
    timeline = add(
        "J1",
        "timeline",
        "Ma ligne de vie numérique",
        {"events_per_person": 5},
        prompt="Vos premières fois numériques, une par une, avec leur année.",
        results_shown=True,
    )
    for who, phone, year, label in [
        (farid, "f" * 32, "1988", "Le Minitel chez mes parents"),
        (farid, "f" * 32, "2004", "Premier téléphone portable"),
        (eden, "e" * 32, "2004", "premier téléphone portable"),
        (eden, "e" * 32, "2012", "Premier smartphone"),
        (eden, "e" * 32, "2020", "Des visios <pendant> le confinement"),
    ]:
        _send(timeline, who, phone, year=year, label=label)
    wall = add(
        "J3",
        "post_it_wall",
        "D’où je parle en ligne ?",
        {"columns": ["En mon nom", "Au nom de ma structure", "Sous un pseudonyme"]},
        results_shown=True,
    )
    _send(wall, farid, "f" * 32, column="0", text="Le groupe Facebook des parents de l’école")
    _send(wall, farid, "f" * 32, column="1", text="La page du centre social")
    _send(wall, eden, "e" * 32, column="0", text="WhatsApp avec la famille\n(surtout le soir)")
    _send(wall, eden, "e" * 32, column="2", text="<b>Discord</b> avec les jeunes <3")
    dots = add(
        "J4",
        "dot_voting",
        "Les usages à travailler en session 2",
        {
            "options": [
                "Découvrir un réseau social numérique",
                "Utiliser son smartphone au travail",
                "Faire des vidéos avec les publics",
                "Gérer ses mots de passe",
            ],
            "dots_per_person": 3,
        },
        results_shown=True,
    )
    for option in ("1", "1", "3"):
        _send(dots, farid, "f" * 32, option=option)
    _send(dots, eden, "e" * 32, option="2")
    # Locked and opened again by the browser test of a phone following the trainer.
    follow = add(
        "J2",
        "moving_debate",
        "Débat : le numérique nous rapproche",
        {"statement": "Le numérique nous rapproche.", "rounds": 2},
    )
    world.workshops = {
        "follow": follow,
        "cloud": cloud,
        "poll": poll,
        "debate": debate,
        "locked": locked,
        "journey": journey,
        "timeline": timeline,
        "wall": wall,
        "dots": dots,
    }
