"""Realistic demo data: an OF, its referents, structures, accounts, and cycles at every stage.

Every name is fictional. Running it again leaves existing data alone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from acunum.accounts.models import Organisation, Referent, User
from acunum.cycles import schedule
from acunum.cycles.imports import fold
from acunum.cycles.models import Cycle, Enrolment, Structure, Trainee
from acunum.evaluation.loader import load_questionnaires
from acunum.programmes.loader import load_programme
from acunum.site import (
    demo_attendance,
    demo_checklist,
    demo_complaints,
    demo_evaluation,
    demo_outbox,
    demo_plans,
    demo_privacy,
    demo_requests,
    demo_traces,
    demo_usages,
    demo_workshops,
)

PASSWORD = "acunum-demo"

TRAINEES = [
    ("Benali", "Samira", "Éducatrice spécialisée", "employee", ""),
    ("Lefèvre", "Thomas", "Animateur jeunesse", "employee", ""),
    ("N'Diaye", "Awa", "Conseillère en économie sociale et familiale", "employee", ""),
    ("Moreau", "Julien", "Médiateur numérique", "employee", ""),
    (
        "Rousseau",
        "Claire",
        "Bibliothécaire",
        "employee",
        "Malentendante : placer près de l’intervenant·e, supports écrits.",
    ),
    ("Garcia", "Lucas", "Animateur", "volunteer", ""),
    ("Petit", "Nadia", "Accueillante", "employee", ""),
    ("Nguyen", "Minh", "Coordinateur famille", "employee", ""),
    ("Martin", "Élodie", "Assistante sociale", "employee", ""),
    ("Haddad", "Karim", "Bénévole accompagnement scolaire", "volunteer", ""),
    (
        "Fontaine",
        "Léa",
        "Référente insertion",
        "employee",
        "Fauteuil roulant : salle accessible de plain-pied.",
    ),
    ("Da Silva", "Marco", "Directeur adjoint", "employee", ""),
    ("Traoré", "Fatou", "Écrivain public bénévole", "volunteer", ""),
    ("Bernard", "Sophie", "Chargée d’accueil", "employee", ""),
]


def _user(username, first, last, role, **extra) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "role": role,
            "email": f"{username}@exemple.org",
            **extra,
        },
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


def _enrol_group(cycle: Cycle, people, domain: str) -> None:
    for last, first, job, status, needs in people:
        local = ".".join(fold(name).replace(" ", "") for name in (first, last))
        trainee = Trainee.objects.create(
            structure=cycle.structure,
            last_name=last,
            first_name=first,
            email=f"{local}@{domain}",
            job=job,
            status=status,
            accessibility_needs=needs,
        )
        Enrolment.objects.enrol(cycle, trainee)


def _schedule(cycle: Cycle, start: date) -> None:
    constraints = schedule.Constraints(
        start=start,
        weekdays=frozenset(range(5)),
        max_days_per_week=2,
        weeks_between_parts=2,
        busy=schedule.trainer_busy(cycle),
    )
    planned = schedule.propose(schedule.sequence_specs(cycle.programme_version), constraints)
    schedule.save_schedule(cycle, planned)


TO_BRING = (
    "Votre téléphone et, si vous en avez un, l’ordinateur portable que vous utilisez au travail : "
    "en deuxième session, nous réglons vos propres appareils. De quoi écrire."
)


@transaction.atomic
def build(today: date | None = None) -> dict:
    today = today or timezone.localdate()
    version, _created = load_programme()
    load_questionnaires()
    if Organisation.objects.exists():
        return {"created": False}

    organisation = Organisation.objects.create(
        name="Les Communs Formation (démo)",
        siret="91234567800012",
        nda="84691234569",
        qualiopi_certificate="QUA-2025-04417",
        qualiopi_certifier="Certificateur fictif",
        address="12 rue des Tanneurs",
        postal_code="69007",
        city="Lyon",
        email="contact@communs-formation.exemple.org",
        phone="04 78 00 00 00",
        legal_representative="Hélène Marchand, gérante",
        payment_terms="Facture émise à la fin de la formation, payable à 30 jours par virement.",
        logo=(Path(__file__).parent / "demo-logo.png").read_bytes(),
    )
    for role, name, email in [
        (Referent.Role.PEDAGOGICAL, "Camille Roche", "pedagogie@communs-formation.exemple.org"),
        (Referent.Role.ADMINISTRATIVE, "Hélène Marchand", "admin@communs-formation.exemple.org"),
        (Referent.Role.DISABILITY, "Sarah Benoît", "handicap@communs-formation.exemple.org"),
    ]:
        Referent.objects.create(
            organisation=organisation, role=role, name=name, email=email, phone="04 78 00 00 01"
        )

    admin = _user("admin", "Hélène", "Marchand", User.Role.ADMIN, is_staff=True, is_superuser=True)
    trainer = _user("formatrice", "Camille", "Roche", User.Role.TRAINER)
    contact = _user("structure", "Rachid", "Ouali", User.Role.CONTACT)

    passerelle = Structure.objects.create(
        name="Centre social La Passerelle",
        kind=Structure.Kind.SOCIOCULTURAL,
        siret="45678912300027",
        address="3 place du Marché",
        postal_code="69100",
        city="Villeurbanne",
        representative="Nadia Belkacem, directrice",
        funder_kind=Structure.FunderKind.OPCO,
        funder_name="Uniformation",
    )
    passerelle.contacts.add(contact)
    mecs = Structure.objects.create(
        name="MECS Les Tilleuls",
        kind=Structure.Kind.SOCIAL_WORK,
        siret="32165498700041",
        address="18 chemin des Tilleuls",
        postal_code="69230",
        city="Saint-Genis-Laval",
        representative="Olivier Garnier, directeur",
        funder_kind=Structure.FunderKind.OPCO,
        funder_name="OPCO Santé",
    )
    library = Structure.objects.create(
        name="Médiathèque Jean-Macé",
        kind=Structure.Kind.LIBRARY,
        address="9 avenue Jean-Macé",
        postal_code="69008",
        city="Lyon",
        funder_kind=Structure.FunderKind.CNFPT,
    )

    # Under way: scheduled from the Monday of this week, as a trainer would on the first day.
    current = Cycle.objects.create(
        programme_version=version,
        structure=passerelle,
        price=Decimal("8400.00"),
        place="Centre social La Passerelle, salle du 1er étage, 3 place du Marché, Villeurbanne",
        access=(
            "Tram T3 ou bus C3, arrêt Gratte-Ciel (5 minutes à pied). Entrée de plain-pied par la "
            "cour ; ascenseur jusqu’au 1er étage. Pas de parking sur place."
        ),
        to_bring=TO_BRING,
        status=Cycle.Status.AGREED,
    )
    current.trainers.add(trainer)
    _schedule(current, today - timedelta(days=today.weekday()))
    _enrol_group(current, TRAINEES, "lapasserelle.exemple.org")
    current.change_status(Cycle.Status.SCHEDULED)
    current.change_status(Cycle.Status.IN_TRAINING)

    # Finished last spring, now in its accompaniment phase.
    finished = Cycle.objects.create(
        programme_version=version,
        structure=mecs,
        price=Decimal("8400.00"),
        place="MECS Les Tilleuls, salle de réunion, 18 chemin des Tilleuls, Saint-Genis-Laval",
        access=(
            "Bus 10, arrêt Les Tilleuls. Parking visiteurs devant le bâtiment principal ; salle "
            "de réunion au rez-de-chaussée, accessible en fauteuil."
        ),
        to_bring=TO_BRING,
        status=Cycle.Status.AGREED,
    )
    finished.trainers.add(trainer)
    _schedule(finished, date(today.year - 1, 3, 2) if today.month < 9 else date(today.year, 3, 2))
    _enrol_group(
        finished,
        [
            ("Lambert", "Inès", "Éducatrice", "employee", ""),
            ("Roux", "Mathieu", "Moniteur-éducateur", "employee", ""),
            ("Chevalier", "Amandine", "Cheffe de service", "employee", ""),
            ("Diallo", "Ibrahima", "Surveillant de nuit", "employee", ""),
            ("Girard", "Pauline", "Psychologue", "employee", ""),
            ("Mercier", "Yanis", "Éducateur sportif", "employee", ""),
            ("Blanc", "Chloé", "Maîtresse de maison", "employee", ""),
            ("Faure", "Antoine", "Éducateur", "employee", "Dyslexie : documents en police large."),
            ("Andre", "Lina", "Stagiaire éducatrice", "volunteer", ""),
            ("Perrin", "Hugo", "Éducateur", "employee", ""),
            ("Morel", "Zoé", "Secrétaire", "employee", ""),
            ("N’Diaye-Lemaître", "Marie-Éléonore", "Éducatrice spécialisée", "employee", ""),
            ("Nguyen", "Thi-Mai", "Infirmière", "employee", ""),
            ("Lefebvre", "Sacha", "Veilleur de nuit", "employee", ""),
        ],
        "lestilleuls.exemple.org",
    )
    for status in (Cycle.Status.SCHEDULED, Cycle.Status.IN_TRAINING, Cycle.Status.ACCOMPANIMENT):
        finished.change_status(status)

    # Attendance up to this moment: the demo opens on half-days already signed.
    now = timezone.now()
    if timezone.localdate(now) != today:  # a demo built for another day: noon of that day
        now = timezone.make_aware(datetime.combine(today, time(12, 0)))
    demo_attendance.record(current, finished, trainer, now=now)
    # Questionnaires answered: the positioning of both cycles, the finished one's evaluations.
    demo_evaluation.record(current, finished, trainer, today)
    demo_outbox.record(current, finished, now)
    # In-room activities: each day's proposals; the finished cycle's run, J1's word cloud open.
    demo_workshops.record(current, finished)
    # "Bien régler son internet": the room's checklists, two trainees waiting for help.
    demo_checklist.record(current, finished, now)
    # The traces lab: nine of the current cycle compared their browsers.
    demo_traces.record(current, now)
    # The usages the trainees ask for: proposals and dots under way; the finished cycle's themes.
    demo_usages.record(current, finished, now)
    # Action plans and accompaniment: the finished cycle's commitments, synthesis and meetings.
    demo_plans.record(current, finished, now)
    # Trainer's records, a complaint handled and the improvements it and the results caused.
    demo_complaints.record(trainer, finished, now)

    # A new request, not yet quoted.
    request = Cycle.objects.create(programme_version=version, structure=library)
    request.trainers.add(trainer)
    # The needs analyses: as received for the request, completed for the two cycles under way.
    demo_requests.record(request, current, finished, now)
    demo_privacy.record(current, finished, now)

    return {
        "created": True,
        "admin": admin,
        "trainer": trainer,
        "contact": contact,
        "current": current,
        "finished": finished,
        "request": request,
    }
