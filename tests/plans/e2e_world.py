"""The action plans' part of the browser tests' world (tests/e2e/world.py).

A cycle of the Passerelle's structure (Diane is its contact), Bob's, trained last autumn and now
in its accompaniment: Nina has written nothing yet, Omar two commitments (one under way, with
its history), Paule three (one done, one abandoned with its reason); a synthesis under two of
the four themes, one follow-up meeting, no closing review yet, so every form still shows.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from acunum.cycles.models import Cycle
from acunum.plans import accompaniment, commitments
from acunum.plans.commitments import Author
from acunum.test import make_trainee, schedule_cycle

# Before every other cycle of the world: Bob's half-days there do not move the journeys' ones.
START = date(2025, 9, 1)


def build_e2e(world) -> None:
    bob, diane = world.users["bob"], world.users["diane"]
    cycle = Cycle.objects.create(
        programme_version=world.passerelle.programme_version,
        structure=world.passerelle.structure,
        place="Salle polyvalente, 3 place de la Croix-Rousse, 69004 Lyon",
        status=Cycle.Status.ACCOMPANIMENT,
    )
    cycle.trainers.add(bob)
    schedule_cycle(cycle, START)
    tokens = {}
    enrolments = {}
    for first, last in [("Nina", "Perrot"), ("Omar", "Saïdi"), ("Paule", "Roy")]:
        enrolment = make_trainee(cycle, first, last_name=last, job="Animatrice")
        tokens[first] = enrolment.issue_link()
        enrolments[first] = enrolment

    day = commitments.plan_day(cycle)
    at = timezone.make_aware(datetime.combine(day, time(11, 30)))
    later = day + timedelta(days=120)

    def commit(who, usage, **extra):
        values = {
            "usage": usage,
            "why": extra.pop("why", ""),
            "with_whom": extra.pop("with_whom", "L’équipe d’animation"),
            "by_when": later,
            "first_step": extra.pop("first_step", ""),
            "support": extra.pop("support", ""),
        }
        return commitments.add(enrolments[who], values, at)

    agenda = commit(
        "Omar",
        "Un agenda partagé pour l’équipe",
        why="Les rendez-vous des familles se croisent encore.",
        first_step="En parler à la réunion de lundi",
        support="Une heure avec le prestataire informatique",
    )
    commit("Omar", "Une charte du smartphone au travail")
    signal = commit("Paule", "Un groupe Signal avec les parents")
    video = commit("Paule", "Des tutoriels vidéo pour l’accueil")
    map_party = commit("Paule", "Une cartopartie du quartier avec les jeunes")

    def say(commitment, status, note, author, days):
        commitments.record_status(commitment, status, note, author, at + timedelta(days=days))

    say(
        agenda,
        "under_way",
        "Agenda créé, deux collègues l’utilisent.",
        Author.trainee(enrolments["Omar"]),
        20,
    )
    say(signal, "under_way", "", Author.trainee(enrolments["Paule"]), 10)
    say(signal, "done", "Le groupe sert pour chaque sortie.", Author.staff(diane), 40)
    say(video, "abandoned", "Pas de matériel de tournage pour l’instant.", Author.staff(bob), 45)
    say(map_party, "not_started", "Reportée au printemps.", Author.trainee(enrolments["Paule"]), 30)

    accompaniment.save_synthesis(
        cycle,
        {
            "work_organisation": "Un temps d’équipe mensuel pour l’agenda et la charte.",
            "internal_mediation": "Paule devient la référente numérique de l’accueil.",
        },
        {"work_organisation": [agenda.pk], "internal_mediation": [signal.pk, map_party.pk]},
        bob,
        at,
    )
    accompaniment.record_meeting(
        cycle,
        {
            "date": day + timedelta(days=45),
            "participants": "Diane (direction), Omar, Paule, Bob (formateur)",
            "notes": "L’agenda partagé tient ; le groupe Signal est adopté par les parents.",
            "decisions": "Étendre l’agenda au pôle jeunesse.",
        },
        bob,
        at + timedelta(days=45),
    )
    world.plans = {"cycle": cycle, "tokens": tokens}
