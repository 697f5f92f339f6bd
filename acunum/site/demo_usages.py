"""Demo requested usages, so that the trainees' pages and the trainer's board show at once what
they are for.

The current cycle: the trainer opened the proposals before J4; eight usages proposed during this
week's days, with comments and the dots of most of the group; no theme yet. The finished cycle:
its proposals and dots, a duplicate merged, the five half-days DJ3 to DJ7 given their themes, and
the record of those changes with their reasons (one theme changed the day before its half-day).
Deterministic (a seeded random.Random); everything goes through the same checks as a phone's or
the trainer's form.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from acunum.cycles.models import Cycle
from acunum.usages import plan, proposals

CURRENT = [
    (
        "Animer la page Facebook du centre social",
        "social_network",
        "Savoir quoi publier, à quel rythme, et comment répondre aux commentaires des habitants "
        "sans y passer mes soirées.",
    ),
    (
        "Découvrir Instagram pour toucher les adolescents",
        "social_network",
        "Les jeunes du secteur ados ne lisent plus nos affiches : comprendre comment ils "
        "utilisent Instagram avant d’y ouvrir un compte.",
    ),
    (
        "Tourner et monter une vidéo au smartphone avec un groupe",
        "public_actions",
        "Un petit film sur le quartier avec l’atelier du mercredi : cadrer, enregistrer un son "
        "propre, monter sur le téléphone.",
    ),
    (
        "Organiser une cartopartie du quartier avec OpenStreetMap",
        "public_actions",
        "Repérer avec les habitants les bancs, toilettes et rampes d’accès, et les mettre sur la "
        "carte.",
    ),
    (
        "Utiliser WhatsApp avec les familles sans y perdre sa vie privée",
        "smartphone_at_work",
        "Les familles nous écrivent sur mon numéro perso. Quelles règles, quel outil, quels "
        "horaires ?",
    ),
    (
        "Séparer téléphone professionnel et téléphone personnel",
        "smartphone_at_work",
        "Deux profils sur un même téléphone, ou deux téléphones ? Et l’agenda partagé de "
        "l’équipe ?",
    ),
    (
        "Accompagner une démarche sur le site de la CAF",
        "other",
        "Faire avec la personne sans faire à sa place : le compte, les justificatifs, le suivi.",
    ),
    (
        "Créer un mur collaboratif pour l’atelier d’écriture de la médiathèque",
        "other",
        "Un espace où les participants déposent leurs textes et leurs photos entre deux séances.",
    ),
]
CURRENT_COMMENTS = [
    (0, 3, "Pareil pour nous : la page existe mais personne n’ose publier."),
    (0, 5, "Il faudrait aussi une charte de modération."),
    (1, 0, "Les ados sont plutôt sur Snapchat et TikTok chez nous."),
    (2, 4, "Oui ! Et pouvoir le diffuser à la fête de quartier."),
    (2, 7, "Attention au droit à l’image des mineurs."),
    (3, 2, "Je ne connaissais pas, ça a l’air génial pour le conseil citoyen."),
    (4, 8, "Sujet brûlant dans mon équipe."),
    (4, 1, "On a un téléphone de service mais personne ne s’en sert."),
    (6, 9, "Le site change souvent, c’est dur de suivre."),
]
# The dots of the room: most trainees place their three, often two on the same proposal.
DOT_WEIGHTS = [5, 3, 6, 3, 5, 2, 4, 1]

FINISHED = [
    (
        "Comprendre les réseaux sociaux des jeunes accueillis",
        "social_network",
        "Ce qu’ils font sur TikTok, Snapchat et Discord, pour en parler avec eux sans juger.",
    ),
    (
        "TikTok et Snapchat : ce que font les ados",
        "social_network",
        "Les jeunes de la MECS passent leurs soirées dessus, on n’y comprend rien.",
    ),
    (
        "Réaliser un court-métrage avec les jeunes",
        "public_actions",
        "Un projet vidéo pour les vacances de printemps, de l’écriture au montage.",
    ),
    (
        "Cartographier les ressources du quartier avec les jeunes",
        "public_actions",
        "Pour les jeunes majeurs qui partent : où se soigner, se nourrir, se former.",
    ),
    (
        "Le téléphone de service : appels, agenda partagé, photos",
        "smartphone_at_work",
        "Les photos des sorties finissent sur nos téléphones personnels.",
    ),
    (
        "Protéger les données des jeunes dans nos écrits",
        "other",
        "Ce qu’on peut écrire dans le logiciel de suivi, qui le lit, combien de temps.",
    ),
    (
        "Faire ses démarches en ligne avec les jeunes majeurs",
        "other",
        "France Travail, CAF, Ameli : les accompagner vers l’autonomie.",
    ),
]
# Each half-day's theme, and the proposals (by index in FINISHED) it answers.
THEMES = [
    (
        "DJ3",
        "Les réseaux sociaux des jeunes accueillis",
        "Connaître les usages de TikTok, Snapchat et Discord ; en parler avec les jeunes à "
        "partir de leurs propres comptes ; repérer les situations de harcèlement.",
        "Les smartphones des stagiaires ; le guide « Parents, ados et réseaux » de la CNIL.",
        (0,),
    ),
    (
        "DJ4",
        "Tourner un court-métrage au smartphone",
        "Écrire un scénario court, filmer et enregistrer le son, monter sur téléphone, "
        "respecter le droit à l’image des mineurs.",
        "Trois trépieds et deux micros-cravates prêtés par l’OF ; l’application de montage "
        "libre installée avant la séance.",
        (2,),
    ),
    (
        "DJ5",
        "Cartopartie : les ressources du quartier sur OpenStreetMap",
        "Relever sur le terrain les lieux utiles aux jeunes majeurs et les ajouter à la carte.",
        "Smartphones avec l’application StreetComplete ; un plan papier du quartier.",
        (3,),
    ),
    (
        "DJ6",
        "Le téléphone de service au quotidien",
        "Régler le téléphone de service ; partager un agenda d’équipe ; ranger et effacer les "
        "photos des sorties.",
        "Les deux téléphones de service de la MECS ; le compte d’agenda de l’équipe.",
        (4,),
    ),
    (
        "DJ7",
        "Données des jeunes et démarches en ligne",
        "Écrire dans le dossier d’un jeune ce qui est utile et seulement cela ; accompagner "
        "une démarche en ligne sans faire à la place.",
        "Des cas anonymisés du logiciel de suivi ; les comptes de démonstration des sites publics.",
        (5, 6),
    ),
]
THEME_REASON = (
    "Choix fait à partir des gommettes du groupe : les cinq propositions les plus soutenues, "
    "la vidéo et la cartographie réunies autour des jeunes majeurs."
)
CHANGED_DJ5 = (
    "Cartopartie en salle : relever les lieux sur les photos prises par les jeunes",
    "Repérer sur les photos et les souvenirs des jeunes les lieux utiles aux jeunes majeurs, "
    "et les ajouter à la carte depuis la salle.",
    "Les photos prises par les jeunes la semaine précédente ; un ordinateur par binôme.",
)
CHANGED_REASON = (
    "Orages annoncés : la sortie sur le terrain est remplacée par un travail en salle à partir "
    "des photos que les jeunes ont prises pendant la semaine."
)


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _vote(rng: random.Random, enrolments, items, at: datetime, skip: int) -> None:
    """Most of the group places its dots; the last `skip` trainees have not voted yet."""
    weights = DOT_WEIGHTS[: len(items)]
    for n, enrolment in enumerate(enrolments[: len(enrolments) - skip]):
        count = 1 if n % 6 == 5 else 3
        for k, proposal in enumerate(rng.choices(items, weights=weights, k=count)):
            proposals.place_dot(enrolment, proposal, at=at + timedelta(minutes=n * 2 + k))


def _current(current: Cycle, now: datetime, rng: random.Random) -> None:
    trainer = current.trainers.first()
    enrolments = list(current.enrolments.select_related("cycle__programme_version"))
    days = sorted(
        slot.starts_at()
        for slot in current.slots.filter(sequence__code__startswith="J")
        if slot.starts_at() <= now
    )
    # Opened on the first day of the week, after the morning: the group talked of its usages.
    start = max(days[0] if days else now - timedelta(hours=2), now - timedelta(days=2))
    start = min(start, now - timedelta(hours=2))
    proposals.open_early(current, trainer, at=start)
    step = (now - start) / (len(CURRENT) + len(CURRENT_COMMENTS) + 2)
    items = []
    for n, (title, category, description) in enumerate(CURRENT):
        author = enrolments[(n * 3) % len(enrolments)]
        items.append(proposals.propose(author, title, description, category, at=start + step * n))
    at = start + step * len(CURRENT)
    for n, (index, seat, text) in enumerate(CURRENT_COMMENTS):
        proposals.comment(
            items[index], text, enrolment=enrolments[seat % len(enrolments)], at=at + step * n / 2
        )
    proposals.comment(
        items[3],
        "Bonne idée : la carte peut servir au diagnostic de territoire du centre social.",
        user=trainer,
        at=at + step,
    )
    _vote(rng, enrolments, items, now - step, skip=3)


def _finished(finished: Cycle, rng: random.Random) -> None:
    trainer = finished.trainers.first()
    enrolments = list(finished.enrolments.select_related("cycle__programme_version"))
    slots = {s.sequence.code: s for s in finished.slots.select_related("sequence")}
    j4 = min(s.date for s in finished.slots.filter(sequence__code="J4"))
    items = []
    for n, (title, category, description) in enumerate(FINISHED):
        author = enrolments[(n * 2) % len(enrolments)]
        items.append(
            proposals.propose(
                author, title, description, category, at=_at(j4, 14, 30) + timedelta(minutes=4 * n)
            )
        )
    proposals.comment(
        items[1],
        "C’est la même chose que la première proposition, non ?",
        enrolment=enrolments[5],
        at=_at(j4, 15, 10),
    )
    proposals.comment(
        items[5],
        "Indispensable avant le passage au nouveau logiciel.",
        enrolment=enrolments[3],
        at=_at(j4, 15, 20),
    )
    proposals.comment(
        items[2], "Je peux prêter du matériel pour le son.", user=trainer, at=_at(j4, 15, 30)
    )
    _vote(rng, enrolments, items, _at(j4, 16, 0), skip=1)
    proposals.merge(items[1], items[0], trainer, at=_at(j4 + timedelta(days=1), 9, 0))

    decided = min(_at(j4 + timedelta(days=3), 18, 0), slots["DJ3"].starts_at() - timedelta(days=1))
    for n, (code, title, objectives, resources, answers) in enumerate(THEMES):
        plan.set_theme(
            finished,
            slots[code].sequence,
            plan.Content(title, objectives, resources, tuple(items[i] for i in answers)),
            reason=THEME_REASON,
            user=trainer,
            at=decided + timedelta(minutes=n),
        )
    dj5 = slots["DJ5"]
    title, objectives, resources = CHANGED_DJ5
    plan.set_theme(
        finished,
        dj5.sequence,
        plan.Content(title, objectives, resources, (items[3],)),
        reason=CHANGED_REASON,
        user=trainer,
        at=_at(dj5.date - timedelta(days=1), 17, 30),
    )


def record(current: Cycle, finished: Cycle, now: datetime) -> None:
    rng = random.Random(11)
    _current(current, now, rng)
    _finished(finished, rng)
