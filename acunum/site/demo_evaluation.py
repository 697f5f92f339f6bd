"""Demo answers to the questionnaires, so that the results show at once.

The finished cycle: the positioning before it, the assessment after it with the progress one
hopes for, the trainer's assessment of every trainee, the hot satisfaction, the cold one for a
few, the trainer's appraisal; most trainees answer, not all. The current cycle: the positioning,
by most. Then the programme's indicators are published, as `acunum indicators` does.
Deterministic (a seeded random.Random); every answer goes through the same checks as a submitted
form.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from acunum.cycles.models import Cycle, Enrolment
from acunum.evaluation import indicators
from acunum.evaluation.answering import Who, submit
from acunum.evaluation.forms import AnswerForm
from acunum.evaluation.models import QuestionnaireVersion

EXPECTATIONS = [
    "Mieux comprendre ce que vivent les familles face aux démarches en ligne, et savoir quoi "
    "leur répondre.",
    "Je me sens souvent démunie quand un jeune me demande de l’aide sur son téléphone. "
    "J’aimerais gagner en assurance.",
    "Réfléchir en équipe à notre usage de WhatsApp avec les familles : on ne sait pas trop où "
    "sont les limites.",
    "Apprendre à ranger ma messagerie, je perds beaucoup de temps avec les mails.",
    "Prendre du recul sur la place des écrans dans l’accompagnement des enfants.",
    "Comprendre comment circulent nos données et celles des personnes que nous accueillons.",
    "Avoir des solutions simples à proposer aux personnes qui n’ont pas d’ordinateur.",
    "Échanger avec les collègues sur nos pratiques : on n’a jamais le temps d’en parler.",
    "Savoir régler un smartphone pour protéger la vie privée des jeunes, et la mienne.",
    "Découvrir des logiciels libres pour remplacer ce qu’on utilise sans y penser.",
    "Être plus à l’aise avec le traitement de texte pour les écrits professionnels.",
    "Comprendre pourquoi certaines personnes décrochent complètement du numérique.",
]
PLANS = [
    "Mettre en place des filtres dans ma messagerie et un dossier par famille.",
    "Proposer un temps d’échange en réunion d’équipe sur nos usages de WhatsApp.",
    "Accompagner les jeunes pour régler la confidentialité de leur téléphone.",
    "Écrire avec l’accueil un petit guide des démarches en ligne les plus demandées.",
    "Utiliser le navigateur réglé en formation sur le poste partagé de l’accueil.",
    "",
    "",
]
TRAINER_COMMENTS = [
    "Très impliquée dans les échanges, fait le lien avec sa pratique auprès des jeunes.",
    "A beaucoup progressé sur les réglages du téléphone ; à consolider sur la messagerie.",
    "Participation discrète mais régulière ; plan d’action clair et réaliste.",
    "Apporte un regard précieux sur le travail de nuit et la place des écrans.",
    "",
    "",
    "",
]
HOT_COMMENTS = [
    "Merci pour l’écoute et le rythme : on a enfin pris le temps de parler de nos pratiques.",
    "Les journées de la première session étaient denses mais passionnantes.",
    "J’aurais aimé plus de temps sur la messagerie.",
    "Très concret, je repars avec des réglages faits sur mon propre téléphone.",
    "Un peu long sur la deuxième journée, mais les ateliers en petits groupes étaient top.",
    "",
    "",
]
COLD_NEEDS = [
    "Un temps de reprise en équipe dans six mois pour faire le point sur le plan d’action.",
    "Une formation complémentaire sur les outils collaboratifs.",
    "Du temps ! Les réglages sont faits, il faut maintenant que toute l’équipe suive.",
    "",
]


def _give(slug: str, cycle: Cycle, raw: dict, who: Who, day: date) -> None:
    version = QuestionnaireVersion.objects.current_of(slug)
    form = AnswerForm(version.questionnaire, raw)
    if not form.is_valid():  # a mistake in this file, not in the data: say which
        raise ValueError(f"{slug}: {[b.error for b in form.errors]}")
    submit(version, cycle, form.answers, who, day)


def _positioning(cycle: Cycle, enrolment: Enrolment, rng: random.Random, day: date) -> list[int]:
    """One trainee's positioning; returns where they put themselves on the three objectives."""
    usual = ["souvent"] * 5 + ["parfois"] * 3 + ["aide"]
    scores = [rng.choice([1, 2, 2, 2, 3, 3]) for _ in range(3)]
    raw = {
        "email": rng.choice(usual),
        "navigation": rng.choice(usual),
        "traitement_texte": rng.choice(usual + ["aide", "jamais"]),
        **{f"objectif_{n}": str(score) for n, score in enumerate(scores, start=1)},
        "attentes": rng.choice(EXPECTATIONS),
    }
    if needs := enrolment.trainee.accessibility_needs:
        raw["accessibilite"] = f"{needs} Merci d’en tenir compte."
    _give("positionnement", cycle, raw, Who(enrolment=enrolment), day)
    return scores


def record(current: Cycle, finished: Cycle, trainer, today: date) -> None:
    rng = random.Random("acunum-demo-evaluation")
    _finished(finished, trainer, rng, today)
    first = current.slots.order_by("index").first()
    for enrolment in current.enrolments.select_related("trainee").order_by("seat"):
        if enrolment.seat in (5, 12, 14):  # three have not answered yet
            continue
        _positioning(current, enrolment, rng, first.date - timedelta(days=rng.randint(1, 8)))
    # What `acunum indicators` publishes: the public programme page opens on the finished
    # cycle's year, as the worker would have computed it.
    now = timezone.now()
    if timezone.localdate(now) != today:  # a demo built for another day: noon of that day
        now = timezone.make_aware(datetime.combine(today, time(12, 0)))
    indicators.publish(now)


def _finished(cycle: Cycle, trainer, rng: random.Random, today: date) -> None:
    slots = list(cycle.slots.order_by("index"))
    first, last = slots[0].date, slots[-1].date
    group = list(cycle.enrolments.select_related("trainee").order_by("seat"))
    before = {}
    for enrolment in group:
        if enrolment.seat not in (6, 11):
            day = first - timedelta(days=rng.randint(2, 12))
            before[enrolment.pk] = _positioning(cycle, enrolment, rng, day)

    for enrolment in group:
        if enrolment.seat == 9:  # did not answer the assessment
            continue
        # Most move up one or two steps on each objective; some stay where they were.
        start = before.get(enrolment.pk) or [rng.randint(1, 3) for _ in range(3)]
        after = [min(5, s + rng.choice([0, 1, 1, 2, 2])) for s in start]
        raw = {f"objectif_{n}": str(score) for n, score in enumerate(after, start=1)}
        if plan := rng.choice(PLANS):
            raw["mise_en_pratique"] = plan
        day = last + timedelta(days=rng.choice([0, 0, 0, 1, 3]))
        _give("evaluation-acquis", cycle, raw, Who(enrolment=enrolment), day)

    levels = ["acquis"] * 6 + ["en_cours"] * 3 + ["non_acquis"]
    for enrolment in group:
        raw = {f"objectif_{n}": rng.choice(levels) for n in (1, 2, 3)}
        if comment := rng.choice(TRAINER_COMMENTS):
            raw["commentaire"] = comment
        who = Who(user=trainer, subject=enrolment)
        _give("evaluation-acquis-formateur", cycle, raw, who, last + timedelta(days=2))

    for enrolment in group:
        if enrolment.seat in (3, 9):
            continue
        raw = {
            "satisfaction_globale": str(rng.choice([5, 5, 4, 4, 4, 3])),
            "objectifs_atteints": rng.choice(["oui", "oui", "oui", "en_partie"]),
            "contenus": str(rng.choice([5, 4, 4, 3])),
            "animation": str(rng.choice([5, 5, 4])),
            "ce_qui_a_marche": rng.sample(
                ["apports", "ateliers", "echanges", "pratique", "activites"], rng.randint(1, 3)
            ),
            "recommandation": rng.choice(["oui", "oui", "oui", "peut_etre"]),
        }
        if comment := rng.choice(HOT_COMMENTS):
            raw["commentaire"] = comment
        _give("satisfaction-chaud", cycle, raw, Who(enrolment=enrolment), last)

    _give(
        "bilan-formateur",
        cycle,
        {
            "deroulement": "4",
            "objectifs": "majorite",
            "conditions": "3",
            "dynamique": (
                "Un groupe très investi, qui mêle veilleurs de nuit, éducateurs et cadres : les "
                "échanges entre métiers ont été riches. Un peu de réserve au début sur les "
                "usages personnels, levée dès la deuxième journée."
            ),
            "adaptations": (
                "Supports en police large pour un stagiaire dyslexique ; rythme ralenti sur la "
                "première demi-journée pour que chacun règle son propre téléphone."
            ),
            "ameliorations": (
                "Prévoir deux ordinateurs de prêt pour la deuxième session ; envoyer la liste "
                "des usages à voter une semaine plus tôt."
            ),
            "suites": (
                "Accompagnement du plan d’action : organisation de la messagerie partagée et "
                "charte d’usage de WhatsApp avec les familles."
            ),
        },
        Who(user=trainer),
        last + timedelta(days=3),
    )

    # The cold satisfaction, once its time has come: a few answer within its month.
    opens = last + timedelta(days=settings.COLD_SATISFACTION_DAYS + 1)
    if opens > today:
        return
    for enrolment in rng.sample(group, 4):
        raw = {
            "satisfaction_globale": str(rng.choice([5, 4, 4, 3])),
            "mise_en_pratique": rng.choice(["souvent", "parfois", "parfois", "pas_encore"]),
            "plan_action": rng.choice(["realises", "en_cours", "en_cours", "pas_commences"]),
            "changements": rng.sample(["reglages", "accompagnement", "equipe", "outils"], 2),
        }
        if need := rng.choice(COLD_NEEDS):
            raw["besoins"] = need
        day = min(today, opens + timedelta(days=rng.randint(0, 20)))
        _give("satisfaction-froid", cycle, raw, Who(enrolment=enrolment), day)
