"""The requested usages' part of the browser tests' world (tests/e2e/world.py).

The Passerelle cycle (Bob's), proposals open since its J4: Farid's three proposals, with a
comment from Eden's group and one from Bob, and Farid's three dots. Dominique and Eden have not
proposed nor voted: the browser journey (tests/e2e/test_usages.py) does it on their phones.

The upcoming cycle (Charlie's, starting in a week): proposals opened early by the trainer, none
yet, so that a page check can send an empty proposal whatever the journey has done.

The evaluated cycle (Charlie's, finished yesterday): its proposals, dots, a merged duplicate,
the five half-days DJ3 to DJ7 with their themes, and one theme changed, with the record.
"""

from __future__ import annotations

from acunum.usages import plan, proposals

PASSERELLE = [
    (
        "Animer la page Facebook du centre social",
        "social_network",
        "Savoir quoi publier et comment répondre aux habitants.",
    ),
    (
        "Organiser une cartopartie du quartier avec OpenStreetMap",
        "public_actions",
        "Repérer avec les habitants les bancs, toilettes et rampes d’accès.",
    ),
    ("Séparer téléphone pro et téléphone perso", "smartphone_at_work", ""),
]

EVALUATED = [
    ("Comprendre les réseaux sociaux des jeunes", "social_network"),
    ("TikTok et Snapchat : ce que font les ados", "social_network"),
    ("Réaliser un court-métrage avec les jeunes", "public_actions"),
    ("Le téléphone de service au quotidien", "smartphone_at_work"),
    ("Protéger les données des jeunes dans nos écrits", "other"),
    ("Faire ses démarches en ligne", "other"),
]
THEMES = {
    "DJ3": ("Les réseaux sociaux des jeunes", (0,)),
    "DJ4": ("Tourner un court-métrage au smartphone", (2,)),
    "DJ5": ("Le téléphone de service", (3,)),
    "DJ6": ("Données des jeunes dans nos écrits", (4,)),
    "DJ7": ("Démarches en ligne avec les jeunes majeurs", (5,)),
}


def build_e2e(world) -> None:
    cycle = world.passerelle
    farid = cycle.enrolments.get(trainee__first_name="Farid")
    items = [
        proposals.propose(farid, title, description, category)
        for title, category, description in PASSERELLE
    ]
    proposals.comment(items[0], "Il nous faudrait aussi une charte de modération.", enrolment=farid)
    proposals.comment(
        items[1], "La carte peut servir au diagnostic de territoire.", user=world.users["bob"]
    )
    for item in (items[1], items[1], items[0]):
        proposals.place_dot(farid, item)

    charlie = world.users["charlie"]
    proposals.open_early(world.upcoming, charlie)

    evaluated = world.evaluated
    people = list(evaluated.enrolments.order_by("seat"))
    found = [
        proposals.propose(people[n % len(people)], title, "", category)
        for n, (title, category) in enumerate(EVALUATED)
    ]
    proposals.comment(found[1], "C’est la même chose que la première ?", enrolment=people[1])
    for person in people:
        proposals.place_dot(person, found[0])
        proposals.place_dot(person, found[2])
    proposals.merge(found[1], found[0], charlie)
    sequences = {s.code: s for s in evaluated.programme_version.sequences.all()}
    for code, (title, answers) in THEMES.items():
        plan.set_theme(
            evaluated,
            sequences[code],
            plan.Content(
                title,
                f"Objectifs de la demi-journée : {title.lower()}.",
                "Les smartphones des stagiaires.",
                tuple(found[i] for i in answers),
            ),
            reason="Les gommettes du groupe.",
            user=charlie,
        )
    plan.set_theme(
        evaluated,
        sequences["DJ5"],
        plan.Content(
            "Le téléphone de service et l’agenda partagé",
            "Régler le téléphone de service ; partager un agenda d’équipe.",
            "Les deux téléphones de service.",
            (found[3],),
        ),
        reason="La structure a acheté un agenda partagé entre-temps.",
        user=charlie,
    )
