"""Moving a cycle's schedule so that a questionnaire is open now, and answers that pass."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from acunum.cycles.models import Cycle

POSITIONING = "positionnement"
SELF_ASSESSMENT = "evaluation-acquis"
TRAINER_ASSESSMENT = "evaluation-acquis-formateur"
HOT = "satisfaction-chaud"
COLD = "satisfaction-froid"
SPONSOR = "satisfaction-commanditaire"
APPRAISAL = "bilan-formateur"


def move_schedule(cycle: Cycle, *, first: date | None = None, last: date | None = None) -> None:
    """Shift every half-day by the same number of days, so that the first (or the last) falls on
    the given day: the test world is scheduled from January 2026, and windows follow today."""
    slots = list(cycle.slots.order_by("index"))
    anchor = slots[0].date if first is not None else slots[-1].date
    delta = (first or last) - anchor
    for slot in slots:
        slot.date += delta
        slot.save(update_fields=["date"])


def before_training(cycle: Cycle) -> None:
    """The first half-day is tomorrow: the positioning is open."""
    move_schedule(cycle, first=timezone.localdate() + timedelta(days=1))


def training_ended(cycle: Cycle, days_ago: int = 1) -> None:
    """The last half-day was days_ago days ago: the assessment, the hot satisfaction, the
    structure's satisfaction and the trainer's appraisal are open."""
    move_schedule(cycle, last=timezone.localdate() - timedelta(days=days_ago))


POSITIONING_ANSWERS = {
    "email": "souvent",
    "navigation": "parfois",
    "traitement_texte": "souvent",
    "objectif_1": "2",
    "objectif_2": "3",
    "objectif_3": "2",
    "attentes": "Mieux accompagner les familles dans leurs démarches en ligne.",
}
SELF_ASSESSMENT_ANSWERS = {"objectif_1": "4", "objectif_2": "4", "objectif_3": "5"}
TRAINER_ANSWERS = {"objectif_1": "acquis", "objectif_2": "en_cours", "objectif_3": "acquis"}
HOT_ANSWERS = {
    "satisfaction_globale": "5",
    "objectifs_atteints": "oui",
    "contenus": "4",
    "animation": "5",
    "ce_qui_a_marche": ["ateliers", "pratique"],
    "recommandation": "oui",
    "commentaire": "Un grand merci, les ateliers sur téléphone étaient très concrets.",
}
SPONSOR_ANSWERS = {
    "satisfaction_globale": "4",
    "reponse_besoin": "4",
    "organisation": "5",
    "accompagnement": "oui",
}
APPRAISAL_ANSWERS = {
    "deroulement": "4",
    "objectifs": "majorite",
    "conditions": "3",
    "dynamique": "Un groupe curieux, des échanges riches entre salariés et bénévoles.",
    "ameliorations": "Prévoir des ordinateurs de prêt pour la deuxième session.",
}


def build_e2e(world) -> None:
    """The questionnaires' part of the browser tests' world (tests/e2e/world.py).

    Two cycles of the Passerelle's structure (Diane is their contact), trained by Charlie so that
    Bob's boards keep their half-days: one finished yesterday (hot satisfaction, assessments,
    the structure's satisfaction and the appraisal open; Inès has answered the satisfaction), one
    starting in a week (the positioning open; Jules answers it in a browser journey).
    """
    from acunum.cycles.models import Cycle
    from acunum.evaluation.answering import Who, submit
    from acunum.evaluation.loader import load_questionnaires
    from acunum.evaluation.models import QuestionnaireVersion
    from acunum.test import make_trainee, schedule_cycle
    from tests.evaluation.test_answering import checked

    load_questionnaires()
    charlie = world.users["charlie"]
    tokens = {}
    cycles = {}
    for name, people in (
        ("evaluated", [("Gaëlle", "Martin"), ("Hugo", "Petit"), ("Inès", "Roux")]),
        ("upcoming", [("Jules", "Blanc"), ("Karima", "Haddad")]),
    ):
        cycle = Cycle.objects.create(
            programme_version=world.passerelle.programme_version,
            structure=world.passerelle.structure,
            place="Salle des associations, 5 rue de la République, 69001 Lyon",
            status=Cycle.Status.SCHEDULED,
        )
        cycle.trainers.add(charlie)
        schedule_cycle(cycle, date(2026, 1, 6))
        for first_name, last_name in people:
            enrolment = make_trainee(cycle, first_name, last_name=last_name)
            tokens[first_name] = enrolment.issue_link()
        cycles[name] = cycle
    training_ended(cycles["evaluated"])
    move_schedule(cycles["upcoming"], first=timezone.localdate() + timedelta(days=7))

    version = QuestionnaireVersion.objects.current_of(HOT)
    ines = cycles["evaluated"].enrolments.get(trainee__first_name="Inès")
    submit(
        version,
        cycles["evaluated"],
        checked(version, HOT_ANSWERS),
        Who(enrolment=ines),
        timezone.localdate(),
    )
    results_e2e(cycles["evaluated"], charlie)
    world.evaluated, world.upcoming = cycles["evaluated"], cycles["upcoming"]
    world.evaluation_tokens = tokens


def results_e2e(cycle, trainer) -> None:
    """Answers for the results page, leaving Gaëlle's questionnaires to the visits that answer
    them: Hugo's and Inès's positioning (Inès with accessibility needs) and learning assessment,
    the trainer's assessment of Hugo. Then the programme's indicators, as `acunum indicators`
    publishes them, and an earlier year's, with enough answers for its rates."""
    from acunum.evaluation import indicators
    from acunum.evaluation.answering import Who, submit
    from acunum.evaluation.models import PublishedIndicator, QuestionnaireVersion
    from tests.evaluation.test_answering import checked

    def give(slug, answers, who):
        version = QuestionnaireVersion.objects.current_of(slug)
        submit(version, cycle, checked(version, answers), who, timezone.localdate())

    hugo = cycle.enrolments.get(trainee__first_name="Hugo")
    ines = cycle.enrolments.get(trainee__first_name="Inès")
    give(POSITIONING, POSITIONING_ANSWERS, Who(enrolment=hugo))
    give(
        POSITIONING,
        {**POSITIONING_ANSWERS, "email": "aide", "accessibilite": "Documents en gros caractères."},
        Who(enrolment=ines),
    )
    give(SELF_ASSESSMENT, SELF_ASSESSMENT_ANSWERS, Who(enrolment=hugo))
    give(SELF_ASSESSMENT, {**SELF_ASSESSMENT_ANSWERS, "objectif_3": "3"}, Who(enrolment=ines))
    give(
        TRAINER_ASSESSMENT,
        {**TRAINER_ANSWERS, "commentaire": "Très investi dans les échanges."},
        Who(user=trainer, subject=hugo),
    )
    indicators.publish()
    PublishedIndicator.objects.update_or_create(
        programme=cycle.programme_version.programme,
        year=timezone.localdate().year - 1,
        defaults={
            "cycles": 2,
            "trained": 26,
            "completed": 24,
            "satisfaction_answers": 23,
            "satisfied": 21,
            "computed_at": timezone.now(),
        },
    )
