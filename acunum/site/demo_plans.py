"""Demo action plans and accompaniment, so that the trainer's pages and the structure's portal
show at once what they are for.

The finished cycle (MECS Les Tilleuls, in its accompaniment): twelve of its fourteen trainees
wrote one to three commitments at DJ8, usages of educators in a children's home; the trainer's
synthesis under the four themes; two follow-up meetings with their notes and decisions; statuses
said since by the trainees, the structure's contact and the trainer (some under way, one done,
one abandoned with its reason); no closing review yet. The current cycle has not reached DJ8:
no plan yet.

The demo's structure contact (Rachid Ouali, "structure") also becomes a contact of the MECS, so
that whoever logs in as "structure" finds an accompaniment under way. Everything goes through
the same checks as a trainee's phone or the trainer's forms (acunum/plans). Call it once the
finished cycle is in its accompaniment phase.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from acunum.cycles.models import Cycle
from acunum.plans import accompaniment, commitments
from acunum.plans.commitments import Author

# By trainee's last name: (usage, why, with whom, months to aim for, first step, support).
PLANS = {
    "Lambert": [
        (
            "Un agenda partagé pour l’équipe éducative",
            "Les rendez-vous médicaux, scolaires et les visites médiatisées sont notés dans "
            "trois cahiers différents : des rendez-vous se chevauchent.",
            "L’équipe du groupe des moyens, Amandine (cheffe de service)",
            3,
            "Recenser avec Amandine les agendas papier du groupe.",
            "Un compte sur le Nextcloud de l’association, ouvert par le service informatique.",
        ),
        (
            "Un groupe Signal avec les familles pour les informations pratiques",
            "Prévenir les parents d’un retard de retour de week-end sans passer par mon numéro "
            "personnel.",
            "Les familles qui le souhaitent, avec l’accord du juge quand il y a une mesure.",
            4,
            "Écrire le message d’invitation et le faire relire par la direction.",
            "Un téléphone de service pour le groupe.",
        ),
    ],
    "Roux": [
        (
            "Une charte de l’usage du smartphone au travail",
            "Chacun fait à sa manière : photos des jeunes sur les téléphones personnels, "
            "messages tard le soir.",
            "L’équipe, la direction, les représentants du personnel",
            5,
            "Mettre le sujet à l’ordre du jour de la réunion institutionnelle.",
            "Un modèle de charte d’une autre MECS.",
        ),
    ],
    "Chevalier": [
        (
            "Un temps d’équipe mensuel sur les usages numériques des jeunes",
            "Les situations de harcèlement en ligne arrivent sans que l’équipe sache comment "
            "réagir.",
            "Les deux équipes éducatives, la psychologue",
            2,
            "Réserver le premier jeudi du mois dans le planning.",
            "L’intervention de la formatrice au premier temps d’équipe.",
        ),
        (
            "Des règles communes pour les téléphones des jeunes le soir",
            "Les règles changent selon l’éducateur de service : les jeunes le vivent comme "
            "injuste.",
            "Les jeunes du groupe, au conseil de vie sociale",
            4,
            "Consulter les jeunes au prochain conseil de vie sociale.",
            "",
        ),
    ],
    "Diallo": [
        (
            "Un cahier de liaison numérique entre l’équipe de nuit et l’équipe de jour",
            "Le cahier papier reste au bureau : les transmissions du matin se perdent.",
            "Sacha (veilleur de nuit), les éducateurs du matin",
            3,
            "Essayer un document partagé pendant deux semaines.",
            "Une tablette au bureau des veilleurs.",
        ),
    ],
    "Girard": [
        (
            "Des ateliers sur l’image de soi et les réseaux sociaux avec les adolescentes",
            "Plusieurs jeunes filles souffrent des commentaires reçus sur leurs photos.",
            "Inès (éducatrice), l’infirmière",
            6,
            "Construire la trame du premier atelier avec Inès.",
            "Des ressources de la CNIL et d’e-Enfance.",
        ),
    ],
    "Mercier": [
        (
            "Une vidéo de présentation des activités sportives tournée avec les jeunes",
            "Donner envie aux nouveaux arrivants et valoriser ce que font les jeunes.",
            "Les jeunes volontaires, avec l’autorisation de leurs représentants légaux",
            5,
            "Faire signer les autorisations de droit à l’image.",
            "Un logiciel de montage libre installé sur l’ordinateur de la salle d’activités.",
        ),
    ],
    "Blanc": [
        (
            "Des fiches en images pour les appareils de la maison",
            "Les jeunes qui préparent leur autonomie ne savent pas lancer une machine ou régler "
            "la box.",
            "Les jeunes du studio d’autonomie",
            3,
            "Prendre les photos des appareils avec un jeune volontaire.",
            "",
        ),
    ],
    "Faure": [
        (
            "Une cartopartie du quartier avec les jeunes",
            "Faire découvrir aux nouveaux les lieux utiles du quartier et OpenStreetMap.",
            "Les jeunes, le centre social voisin",
            6,
            "Repérer le parcours avec le centre social.",
            "Les conseils d’un contributeur OpenStreetMap de Lyon.",
        ),
    ],
    "Andre": [
        (
            "Accompagner les jeunes dans leurs démarches en ligne",
            "Parcoursup, la CAF, Pôle emploi : les jeunes de 17 ans se retrouvent seuls face "
            "aux sites.",
            "Les jeunes majeurs et ceux qui le deviennent",
            4,
            "Faire la liste des démarches de chaque jeune de 17 ans.",
            "Un ordinateur en accès libre dans la salle d’étude.",
        ),
    ],
    "Perrin": [
        (
            "Un atelier « réglages de confidentialité » sur les téléphones des jeunes",
            "Les jeunes partagent leur position sans le savoir.",
            "Les jeunes du groupe des grands",
            2,
            "Reprendre la liste de réglages vue en DJ1 et DJ2.",
            "",
        ),
    ],
    "Morel": [
        (
            "Un classement partagé des documents administratifs des jeunes",
            "Les papiers d’identité et les notifications de la MDPH sont photocopiés plusieurs "
            "fois et rangés à plusieurs endroits.",
            "La direction, les éducateurs référents",
            4,
            "Proposer une arborescence de dossiers à la direction.",
            "Les droits d’accès réglés par le service informatique du siège.",
        ),
    ],
    "N’Diaye-Lemaître": [
        (
            "Des rappels de rendez-vous par SMS aux jeunes majeurs",
            "Les jeunes accompagnés en contrat jeune majeur oublient leurs rendez-vous.",
            "Les jeunes en contrat jeune majeur, avec leur accord",
            3,
            "Demander leur accord aux jeunes concernés.",
            "Un outil d’envoi de SMS depuis l’ordinateur du service.",
        ),
    ],
}

SYNTHESIS = {
    "work_organisation": (
        "Un temps d’équipe mensuel sur les usages numériques des jeunes, à partir de la rentrée.\n"
        "Une charte de l’usage du smartphone au travail, discutée en réunion institutionnelle, "
        "et des règles communes pour les téléphones des jeunes le soir, travaillées avec eux.",
        ["Un temps d’équipe", "Une charte", "Des règles communes"],
    ),
    "information_system": (
        "Un agenda partagé et un cahier de liaison numérique sur le Nextcloud de l’association ; "
        "un téléphone de service par groupe pour les échanges avec les familles. Le classement "
        "des documents des jeunes dépend du changement de logiciel métier prévu par le siège.",
        ["Un agenda partagé", "Un cahier de liaison", "Un groupe Signal", "Un classement"],
    ),
    "further_training": (
        "Une demi-journée sur le droit à l’image et la protection des données des mineurs pour "
        "toute l’équipe ; une initiation au montage vidéo pour deux éducateurs.",
        ["Une vidéo", "Des ateliers sur l’image"],
    ),
    "internal_mediation": (
        "Inès et Hugo deviennent les personnes ressources de l’équipe pour les réglages des "
        "téléphones et les démarches en ligne des jeunes, avec une heure par semaine prévue au "
        "planning.",
        ["Un atelier « réglages", "Accompagner les jeunes", "Des fiches en images"],
    ),
}


def _at(day: date, hour: int, now: datetime) -> datetime:
    """A moment on that day, never after the demo's now."""
    return min(timezone.make_aware(datetime.combine(day, time(hour, 0))), now)


def record(current: Cycle, finished: Cycle, now: datetime) -> None:
    trainer = finished.trainers.order_by("pk").first()
    contact = current.structure.contacts.order_by("pk").first()
    finished.structure.contacts.add(contact)

    plan_day = commitments.plan_day(finished)
    written = timezone.make_aware(datetime.combine(plan_day, time(11, 0)))
    by_name = {e.trainee.last_name: e for e in finished.enrolments.select_related("trainee")}
    made = {}
    for n, (last_name, items) in enumerate(PLANS.items()):
        enrolment = by_name[last_name]
        for usage, why, with_whom, months, first_step, support in items:
            fields = {
                "usage": usage,
                "why": why,
                "with_whom": with_whom,
                "by_when": plan_day + timedelta(days=30 * months),
                "first_step": first_step,
                "support": support,
            }
            made[usage] = commitments.add(enrolment, fields, written + timedelta(minutes=2 * n))

    accompaniment.save_synthesis(
        finished,
        {theme: text for theme, (text, _starts) in SYNTHESIS.items()},
        {
            theme: [c.pk for usage, c in made.items() if usage.startswith(tuple(starts))]
            for theme, (_text, starts) in SYNTHESIS.items()
        },
        trainer,
        _at(plan_day, 17, now),
    )

    first_meeting = plan_day + timedelta(weeks=6)
    second_meeting = plan_day + timedelta(weeks=15)

    def say(start: str, status: str, note: str, author: Author, day: date) -> None:
        commitment = next(c for usage, c in made.items() if usage.startswith(start))
        commitments.record_status(commitment, status, note, author, _at(day, 18, now))

    def trainee(last_name: str) -> Author:
        return Author.trainee(by_name[last_name])

    say(
        "Un agenda partagé",
        "under_way",
        "L’agenda est créé ; les plannings du groupe des moyens y sont.",
        trainee("Lambert"),
        plan_day + timedelta(weeks=3),
    )
    say(
        "Un cahier de liaison",
        "under_way",
        "Essai avec un document partagé depuis deux semaines.",
        trainee("Diallo"),
        plan_day + timedelta(weeks=4),
    )
    say(
        "Une charte",
        "under_way",
        "Première version discutée en réunion institutionnelle.",
        Author.staff(trainer),
        first_meeting,
    )
    say(
        "Un classement",
        "abandoned",
        "Le siège change de logiciel métier l’an prochain : le classement sera repensé avec "
        "lui, pas avant.",
        Author.staff(contact),
        first_meeting + timedelta(days=2),
    )
    say(
        "Une cartopartie",
        "not_started",
        "Reportée au printemps : les jeunes sont en séjour cet été.",
        trainee("Faure"),
        plan_day + timedelta(weeks=8),
    )
    say(
        "Des rappels de rendez-vous",
        "under_way",
        "Trois jeunes ont donné leur accord.",
        trainee("N’Diaye-Lemaître"),
        plan_day + timedelta(weeks=10),
    )
    say(
        "Un agenda partagé",
        "done",
        "Tout le groupe des moyens l’utilise, les veilleurs aussi.",
        Author.staff(contact),
        second_meeting,
    )

    accompaniment.record_meeting(
        finished,
        {
            "date": first_meeting,
            "participants": "Olivier Garnier (directeur), Amandine Chevalier (cheffe de "
            "service), Inès Lambert, Mathieu Roux, Zoé Morel, Camille Roche (formatrice)",
            "notes": "Tour des engagements six semaines après la formation. L’agenda partagé "
            "est en place au groupe des moyens ; la charte du smartphone est en discussion ; "
            "le classement des documents bute sur le logiciel métier du siège.",
            "decisions": "Le temps d’équipe mensuel commence en septembre.\n"
            "La direction demande au siège un téléphone de service par groupe.\n"
            "Le classement des documents attend le nouveau logiciel métier.",
        },
        trainer,
        _at(first_meeting, 17, now),
    )
    accompaniment.record_meeting(
        finished,
        {
            "date": second_meeting,
            "participants": "Amandine Chevalier (cheffe de service), Inès Lambert, Ibrahima "
            "Diallo, Antoine Faure, Camille Roche (formatrice)",
            "notes": "L’agenda partagé est adopté par tout le groupe, veilleurs compris. Le "
            "cahier de liaison numérique remplace le cahier papier depuis un mois.",
            "decisions": "Étendre l’agenda au groupe des petits.\n"
            "Prévoir la demi-journée sur le droit à l’image au premier trimestre.",
        },
        trainer,
        _at(second_meeting, 17, now),
    )
