"""Demo needs analyses (Qualiopi indicator 4), so that a request and its analysis show at once
what they are for.

The request (Médiathèque Jean-Macé) arrived two days ago from the public programme page: its
analysis holds what the library wrote, not completed yet, so that the admin's dashboard lists
it. The current cycle (the social centre La Passerelle) and the finished one (the children's
home MECS Les Tilleuls) came the same way months ago: their analyses are completed by their
trainer after talking with the structure, with the adaptations planned, disabled trainees'
ones included (the groups have a hard-of-hearing trainee, one in a wheelchair, one dyslexic).
Call it once the cycles exist and are scheduled; it leaves a cycle that has an analysis alone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from acunum.cycles.models import Cycle, NeedsAnalysis


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _first_day(cycle: Cycle, now) -> date:
    first = cycle.slots.order_by("date").first()
    return first.date if first else timezone.localdate(now)


REQUEST = {
    "structure_name": "Médiathèque Jean-Macé",
    "structure_kind": "library",
    "city": "Lyon",
    "funder_kind": "cnfpt",
    "contact_name": "Isabelle Fournier",
    "contact_email": "isabelle.fournier@mediatheque-jeanmace.exemple.org",
    "contact_phone": "04 78 00 12 34",
    "trainee_count": 10,
    "trainee_profiles": (
        "Six bibliothécaires et assistants de conservation, deux médiateurs numériques, deux "
        "agents d’accueil, tous agents de la Ville. Des usages très inégaux : les médiateurs "
        "animent déjà des ateliers, deux collègues utilisent peu l’ordinateur en dehors du "
        "logiciel de prêt."
    ),
    "context": (
        "Depuis la fermeture de l’accueil de la CAF du quartier, de plus en plus d’usagers nous "
        "demandent de l’aide pour leurs démarches en ligne (CAF, ANTS, impots.gouv, France "
        "Travail). L’équipe se sent démunie : jusqu’où aller, que faire des mots de passe qu’on "
        "nous confie, comment ne pas faire à la place des personnes. Nous voudrions une culture "
        "commune et des repères pour accompagner sans se mettre en difficulté."
    ),
    "disability": NeedsAnalysis.Disability.YES,
    "disability_needs": (
        "Une collègue malvoyante travaille avec un lecteur d’écran (NVDA) : les supports "
        "numériques doivent pouvoir être lus par son logiciel."
    ),
    "preferred_periods": (
        "Les mardis et jeudis matin, quand la médiathèque est fermée au public. Pas en juillet-"
        "août ni pendant la Fête du livre en octobre."
    ),
}

# (request as received, completion), by structure.
COMPLETED = {
    "passerelle": (
        {
            "structure_name": "Centre social La Passerelle",
            "structure_kind": "sociocultural",
            "siret": "45678912300027",
            "city": "Villeurbanne",
            "funder_kind": "opco",
            "funder_name": "Uniformation",
            "contact_name": "Nadia Belkacem",
            "contact_email": "direction@lapasserelle.exemple.org",
            "contact_phone": "04 72 00 45 67",
            "trainee_count": 14,
            "trainee_profiles": (
                "L’équipe salariée (accueil, animation jeunesse, famille, insertion, CESF) et "
                "quatre bénévoles de l’accompagnement scolaire et de l’écrivain public. Âges et "
                "aisance avec le numérique très variés."
            ),
            "context": (
                "Les habitants viennent au centre social pour leurs démarches en ligne et les "
                "familles nous interrogent sur les écrans et les réseaux sociaux des enfants. "
                "Chacun répond à sa façon ; le projet social 2025-2028 fait de l’inclusion "
                "numérique une priorité et nous voulons une approche partagée par toute l’équipe, "
                "bénévoles compris."
            ),
            "disability": NeedsAnalysis.Disability.YES,
            "disability_needs": (
                "Une collègue malentendante (appareillée) et une collègue en fauteuil roulant."
            ),
            "preferred_periods": (
                "En semaine, hors vacances scolaires (l’accueil de loisirs mobilise l’équipe "
                "jeunesse). Plutôt en début d’année."
            ),
        },
        {
            "conversation_with": (
                "Nadia Belkacem, directrice, et Rachid Ouali, référent famille, par visioconférence"
            ),
            "needs_confirmed": (
                "Construire une culture commune de l’accompagnement numérique entre salariés et "
                "bénévoles : situer son rôle face aux démarches des habitants (faire avec, pas à "
                "la place), protéger les données des personnes accompagnées, répondre aux "
                "questions des parents sur les écrans. Côté usages : agenda et documents "
                "partagés de l’équipe, messagerie avec les familles hors numéros personnels."
            ),
            "adaptations": (
                "Exemples et mises en situation tirés de l’accueil du centre social (démarches "
                "CAF, Pronote, messages des familles). DJ3 à DJ7 choisis par le groupe, avec une "
                "demi-journée pressentie sur la parentalité numérique. Les bénévoles suivent le "
                "cycle complet ; le plan d’action de DJ8 alimente le projet social."
            ),
            "disability_adaptations": (
                "Salle du 1er étage desservie par ascenseur, entrée de plain-pied par la cour. "
                "Claire placée près de l’intervenante, supports écrits remis avant chaque "
                "séance, vidéos sous-titrées. Points faits avec Sarah Benoît, référente "
                "handicap, et avec les deux personnes concernées avant le démarrage."
            ),
        },
    ),
    "tilleuls": (
        {
            "structure_name": "MECS Les Tilleuls",
            "structure_kind": "social_work",
            "siret": "32165498700041",
            "city": "Saint-Genis-Laval",
            "funder_kind": "opco",
            "funder_name": "OPCO Santé",
            "contact_name": "Olivier Garnier",
            "contact_email": "direction@lestilleuls.exemple.org",
            "contact_phone": "04 78 56 00 89",
            "trainee_count": 14,
            "trainee_profiles": (
                "Éducateurs et moniteurs-éducateurs des groupes de vie, cheffe de service, "
                "psychologue, infirmière, maîtresse de maison, secrétaire et veilleurs de nuit. "
                "Tous salariés, sauf une stagiaire éducatrice."
            ),
            "context": (
                "Les jeunes accueillis (12-18 ans) vivent avec leur smartphone : photos "
                "partagées, harcèlement entre groupes, contacts non autorisés avec la famille "
                "pendant les mesures de placement. L’équipe réagit au cas par cas et les "
                "veilleurs de nuit sont en première ligne. Nous voulons une position commune et "
                "des outils d’équipe qui ne passent plus par les téléphones personnels."
            ),
            "disability": NeedsAnalysis.Disability.UNKNOWN,
            "disability_needs": "",
            "preferred_periods": (
                "Au printemps, en évitant les week-ends de retour en famille du vendredi. Les "
                "veilleurs de nuit ne peuvent venir que l’après-midi."
            ),
        },
        {
            "conversation_with": (
                "Olivier Garnier, directeur, et Amandine Chevalier, cheffe de service, dans "
                "les locaux de la MECS"
            ),
            "needs_confirmed": (
                "Une position d’équipe sur les écrans des jeunes (droit à l’image, harcèlement, "
                "contacts pendant les mesures) plutôt que des réponses au cas par cas ; des "
                "outils de travail d’équipe (agenda partagé, transmissions) qui ne passent plus "
                "par les téléphones personnels ; associer l’équipe de nuit."
            ),
            "adaptations": (
                "Situations travaillées à partir des écrits professionnels anonymisés et du "
                "règlement de fonctionnement. Session 2 en après-midi pour permettre aux "
                "veilleurs de nuit de venir ; DJ3 à DJ7 orientés vers l’agenda partagé, le "
                "contrôle parental et une charte de l’usage du smartphone."
            ),
            "disability_adaptations": (
                "Lors de l’entretien, un éducateur dyslexique s’est signalé : supports en "
                "police large (Luciole), consignes orales reprises à l’écrit, temps "
                "supplémentaire pour les questionnaires. Salle de réunion au rez-de-chaussée, "
                "accessible en fauteuil."
            ),
        },
    ),
}


def record(request_cycle: Cycle, current: Cycle, finished: Cycle, now) -> None:
    if not NeedsAnalysis.objects.filter(cycle=request_cycle).exists():
        received = now - timedelta(days=2, hours=3)
        analysis = NeedsAnalysis(
            cycle=request_cycle, received_at=received, consent_at=received, **REQUEST
        )
        analysis.full_clean()
        analysis.save()
    for cycle, key in ((current, "passerelle"), (finished, "tilleuls")):
        if NeedsAnalysis.objects.filter(cycle=cycle).exists():
            continue
        request, completion = COMPLETED[key]
        # The request came about ten weeks before the first half-day, the conversation a week
        # later; the trainer wrote it up the next evening.
        start = _first_day(cycle, now)
        received = _at(start - timedelta(weeks=10), 10, 40)
        talked = start - timedelta(weeks=9)
        analysis = NeedsAnalysis(cycle=cycle, received_at=received, consent_at=received, **request)
        analysis.full_clean()
        analysis.save()
        analysis.complete(
            cycle.trainers.order_by("pk").first(),
            when=_at(talked + timedelta(days=1), 18, 15),
            conversation_date=talked,
            **completion,
        )
