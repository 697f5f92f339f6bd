"""Demo in-room activities, so that the day pages, the projector and the phones show at once
what they are for.

The current cycle: each day J1–J4 has its proposed activities; J1's word cloud and ligne de vie
are open, with the words and first events of a few trainees, as in the first morning. The
finished cycle: every activity was run and closed, with the group's words, answers, moves,
digital firsts, post-its (arranged by the trainer, one hidden) and dots. Deterministic (a seeded
random.Random); every contribution goes through the same checks as one sent from a phone.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from acunum.cycles.models import Cycle
from acunum.programmes.models import Sequence
from acunum.workshops import presets, wall
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
# Each trainee's digital firsts, for the ligne de vie: several generations in one room.
FIRSTS = [
    [
        (1988, "Le Minitel chez mes parents"),
        (1997, "Premier ordinateur à la maison"),
        (2001, "Première adresse mail"),
        (2004, "Premier téléphone portable"),
        (2009, "Inscription sur Facebook"),
    ],
    [
        (2005, "Premier téléphone portable"),
        (2007, "Mon Skyblog"),
        (2010, "Premier smartphone"),
        (2013, "Snapchat"),
    ],
    [
        (1992, "Une Game Boy à Noël"),
        (1999, "Premier ordinateur à la maison"),
        (2003, "MSN Messenger"),
        (2012, "Premier smartphone"),
    ],
    [
        (1984, "Un ordinateur Thomson à l’école"),
        (1995, "Premier ordinateur au travail"),
        (2004, "Premier téléphone portable"),
        (2015, "Premier smartphone"),
        (2020, "Premières visios pendant le confinement"),
    ],
    [
        (2008, "Premier téléphone portable"),
        (2011, "Inscription sur Facebook"),
        (2014, "Instagram"),
        (2019, "Démarches CAF en ligne avec une famille"),
    ],
    [
        (1997, "Premier ordinateur à la maison"),
        (2000, "Première adresse mail"),
        (2006, "Premier téléphone portable"),
        (2016, "WhatsApp pour le travail"),
    ],
    [
        (1990, "Le Minitel chez mes parents"),
        (2002, "Premier téléphone portable"),
        (2007, "Premier achat en ligne"),
        (2020, "Premières visios pendant le confinement"),
    ],
    [
        (2003, "MSN Messenger"),
        (2006, "Premier téléphone portable"),
        (2012, "premier smartphone"),
        (2018, "Mon compte France Travail en ligne"),
    ],
    [
        (1999, "Tamagotchi"),
        (2004, "Premier ordinateur à la maison"),
        (2010, "Premier smartphone"),
        (2021, "Une tablette pour ma mère"),
    ],
    [
        (1986, "Les jeux sur Amstrad de mon frère"),
        (1998, "Premier ordinateur au travail"),
        (2005, "Premier téléphone portable"),
        (2013, "Premier smartphone"),
    ],
]
# Post-its of the wall "D'où je parle en ligne ?": (column, text), shared out among the trainees.
POST_ITS = [
    (0, "Le groupe Facebook des parents de l’école"),
    (1, "La page Facebook du centre social"),
    (0, "WhatsApp avec la famille"),
    (3, "LinkedIn : je regarde, je ne publie jamais"),
    (2, "Un forum de jeux vidéo, depuis quinze ans"),
    (1, "Le groupe WhatsApp des animateurs\n(trop de messages le soir)"),
    (0, "Instagram, surtout des photos de voyage"),
    (2, "Les avis sur Google Maps"),
    (1, "Les mails aux partenaires et aux familles"),
    (3, "Les groupes Facebook du quartier"),
    (0, "Leboncoin, pour vendre les affaires des enfants"),
    (2, "TikTok, sous un surnom"),
    (1, "L’agenda des ateliers sur le site de la mairie"),
    (2, "Discord, avec les jeunes de l’accueil <3"),
    (3, "X (Twitter), pour suivre l’actualité"),
    (0, "test"),
    (3, "Les commentaires sous les articles du journal local"),
]
# How each trainee spends their dots, by option (several on one, sometimes): options 0–7 of the
# J4 preset; a None takes back the last dot placed, and the next places it elsewhere.
DOTS = [
    [1, 1, 5],
    [6, 5, 4],
    [1, 4, 4],
    [5, 5, 6],
    [0, 1, 7],
    [4, 6, 6],
    [1, 2, 2, None, 5],
    [5, 1, 4],
    [7, 7, 1],
    [6, 4, 5],
    [3, 1, 5],
    [2, 1, 6],
]


def _day_activities(cycle: Cycle) -> dict[str, list[Activity]]:
    days = {}
    for code in DAYS:
        sequence = Sequence.objects.get(version=cycle.programme_version, code=code)
        presets.propose(cycle, sequence)
        days[code] = list(Activity.objects.of_day(cycle, sequence))
    return days


def _phone(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _firsts(activity: Activity, takers, rng: random.Random) -> None:
    for n, enrolment in enumerate(takers):
        who = Who(enrolment=enrolment, phone_secret=_phone(rng))
        events = FIRSTS[n % len(FIRSTS)][: activity.settings["events_per_person"]]
        for year, label in events:
            contribute(activity, who, _ident(rng), {"year": [str(year)], "label": [label]})


def _post_its(activity: Activity, takers, rng: random.Random) -> None:
    for n, (column, text) in enumerate(POST_ITS):
        who = Who(enrolment=takers[n % len(takers)], phone_secret=_phone(rng))
        contribute(activity, who, _ident(rng), {"column": [str(column)], "text": [text]})
    # The trainer's arranging: "test" hidden, the family first in its column, a post-it moved.
    cards = {c.payload["text"]: c for c in activity.contributions.all()}
    cards["test"].set_hidden(True)
    wall.move_card(activity, cards["WhatsApp avec la famille"], -1)
    wall.move_card_to(activity, cards["Les groupes Facebook du quartier"], 0)


def _dots(activity: Activity, takers, rng: random.Random) -> None:
    for n, enrolment in enumerate(takers):
        who = Who(enrolment=enrolment, phone_secret=_phone(rng))  # one phone per person
        last = None
        for option in DOTS[n % len(DOTS)]:
            if option is None:
                answer = {"take_back": [str(last)]}
            else:
                answer = {"option": [str(option)]}
                last = option
            contribute(activity, who, _ident(rng), answer)


PLAYED_APART = {
    Activity.Kind.TIMELINE: _firsts,
    Activity.Kind.POST_IT_WALL: _post_its,
    Activity.Kind.DOT_VOTING: _dots,
}


def _play(activity: Activity, enrolments, rng: random.Random, how_many: int) -> None:
    """The group answers: some trainees, each from their own phone."""
    takers = rng.sample(enrolments, min(how_many, len(enrolments)))
    kind = activity.kind
    if kind in PLAYED_APART:
        PLAYED_APART[kind](activity, takers, rng)
        return
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
    # The current cycle: its days ready; the first morning's word cloud and ligne de vie open,
    # a few words and firsts in.
    days = _day_activities(current)
    enrolments = list(current.enrolments.select_related("trainee"))
    for kind, how_many in ((Activity.Kind.WORD_CLOUD, 5), (Activity.Kind.TIMELINE, 4)):
        activity = next(a for a in days["J1"] if a.kind == kind)
        activity.change_state(Activity.State.OPEN)
        _play(activity, enrolments, rng, how_many=how_many)
