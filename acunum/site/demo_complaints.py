"""Demo trainer's file, complaints, incidents and improvements (acunum/complaints), so that the
Qualiopi pages of indicators 21, 22, 27, 31 and 32 show at once what they are for.

For the trainer: an intervention agreement in force, a CV, two continuing educations, and the
OF's evaluation of the finished cycle. On the finished cycle: a trainee's complaint (the
large-print documents she had asked for were missing on the second day), acknowledged, answered
and closed, which caused an improvement now done; an incident reported by the trainer (the
projector failed on the third day), acknowledged and answered; and an improvement planned from a
satisfaction result. Everything goes through the same rules as the pages (acunum/complaints).

Call it once the finished cycle is trained; calling it again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from acunum.accounts.models import User
from acunum.complaints import improvements, intake, trainers
from acunum.complaints.models import (
    Complaint,
    Improvement,
    TrainerAgreement,
    TrainerCV,
    TrainerEvaluation,
    TrainerTraining,
)
from acunum.cycles.models import Cycle


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF saying what it stands for: the demo's documents are not real ones, and
    a PDF viewer must still open them. Helvetica needs no embedded font."""

    def text(value: str) -> str:
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return escaped.encode("cp1252", "replace").decode("latin-1")

    rows = [f"BT /F1 16 Tf 60 780 Td ({text(title)}) Tj ET"]
    rows += [
        f"BT /F1 11 Tf 60 {750 - 16 * n} Td ({text(line)}) Tj ET" for n, line in enumerate(lines)
    ]
    stream = "\n".join(rows).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def record(trainer: User, finished: Cycle, now: datetime) -> dict:
    if TrainerAgreement.objects.filter(trainer=trainer).exists():
        return {"created": False}
    today = timezone.localdate(now)
    admin = User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("pk").first()
    slots = list(finished.slots.order_by("index"))
    first_day, last_day = slots[0].date, slots[-1].date
    # Day 2 (J2) and day 3 (J3) of the first part: half-days 3–4 and 5–6.
    second_day, third_day = slots[2].date, slots[4].date

    def day(value: date) -> date:
        return min(value, today)

    # The trainer's file: signed a month and a half before the cycle, for three years.
    valid_from = first_day - timedelta(days=30)
    agreement_pdf = demo_pdf(
        "Convention d’intervention (démo)",
        [f"Formateur : {trainer}", f"Valable à partir du {valid_from:%d/%m/%Y}, pour trois ans."],
    )
    TrainerAgreement.objects.create(
        trainer=trainer,
        signed_on=first_day - timedelta(days=45),
        valid_from=valid_from,
        valid_until=valid_from + timedelta(days=3 * 365),
        pdf=agreement_pdf,
        filename="convention-intervention.pdf",
        size=len(agreement_pdf),
        uploaded_by=admin,
        uploaded_at=_at(first_day - timedelta(days=44), 10),
    )
    cv_pdf = demo_pdf(
        f"CV – {trainer} (démo)",
        [
            "Formatrice en cultures et usages numériques depuis 2016.",
            "Médiatrice numérique, ancienne animatrice de centre social.",
        ],
    )
    TrainerCV.objects.create(
        trainer=trainer,
        dated=first_day - timedelta(days=60),
        pdf=cv_pdf,
        filename="cv.pdf",
        size=len(cv_pdf),
        uploaded_by=admin,
        uploaded_at=_at(first_day - timedelta(days=44), 10, 5),
    )
    for title, organisation, when, hours in [
        (
            "Accessibilité des supports de formation (RGAA)",
            "Atelier Accessibilité Lyon",
            first_day - timedelta(days=120),
            Decimal("7"),
        ),
        (
            "Accompagner les publics éloignés du numérique : postures et outils",
            "Coopérative des médiateurs numériques",
            first_day - timedelta(days=200),
            Decimal("21"),
        ),
    ]:
        TrainerTraining.objects.create(
            trainer=trainer,
            title=title,
            organisation=organisation,
            date=when,
            hours=hours,
            recorded_by=admin,
            recorded_at=_at(first_day - timedelta(days=44), 10, 10),
        )
    evaluated_on = day(last_day + timedelta(days=14))
    trainers.evaluate(
        trainer,
        finished,
        {
            "date": evaluated_on,
            "rating": TrainerEvaluation.Rating.VERY_SATISFACTORY,
            "comments": (
                "Préparation soignée avec la direction ; supports remis à temps ; séances "
                "adaptées aux usages demandés. Un oubli sur les documents en police large au "
                "J2 (réclamation traitée), corrigé dès le J3."
            ),
        },
        admin,
        today,
        _at(evaluated_on, 17),
    )

    # A trainee's complaint on the evening of J2: the one who had asked for large print.
    enrolment = (
        finished.enrolments.exclude(trainee__accessibility_needs="").first()
        or finished.enrolments.first()
    )
    complaint = intake.from_trainee(
        enrolment,
        str(finished.code),
        {
            "kind": Complaint.Kind.COMPLAINT,
            "text": (
                "J’avais signalé à l’inscription que j’ai besoin des documents en police large. "
                "Aujourd’hui, les fiches de l’atelier étaient en petits caractères et je n’ai "
                "pas pu suivre l’exercice comme les autres."
            ),
            "wants_answer": True,
        },
        _at(second_day, 18, 20),
    )
    complaint.acknowledge(day(second_day + timedelta(days=1)), admin, today)
    complaint.record_answer(
        day(second_day + timedelta(days=3)),
        "Vous avez raison : votre demande n’avait pas été transmise à la formatrice avec la "
        "liste des stagiaires. Dès le J3, chaque support vous est remis en police large, et "
        "envoyé la veille en PDF. Merci de nous l’avoir signalé.",
        admin,
        today,
    )
    complaint.close(day(second_day + timedelta(days=10)), admin, today)
    improvements.record(
        {
            "what": (
                "Les besoins d’adaptation déclarés à l’inscription sont repris dans la fiche de "
                "préparation de chaque journée ; les supports existent en police large et sont "
                "envoyés la veille à qui les a demandés."
            ),
            "cause": Improvement.Cause.COMPLAINT,
            "complaint": complaint,
            "decided_on": day(second_day + timedelta(days=3)),
            "decided_by": f"{admin} et {trainer}",
            "status": Improvement.Status.DONE,
            "done_on": day(second_day + timedelta(days=7)),
        },
        admin,
        today,
        _at(day(second_day + timedelta(days=3)), 11),
    )

    # An incident on J3, reported by the trainer: acknowledged and answered, not closed yet.
    incident = intake.from_staff(
        trainer,
        finished,
        {
            "kind": Complaint.Kind.INCIDENT,
            "text": (
                "Le vidéoprojecteur de la salle est tombé en panne à 10 h. L’atelier « Gérons nos "
                "traces » s’est fait sur les téléphones, en binômes ; la démonstration prévue a "
                "été remplacée par une fiche papier."
            ),
            "wants_answer": True,
        },
        _at(third_day, 12, 40),
    )
    incident.acknowledge(day(third_day + timedelta(days=1)), admin, today)
    incident.record_answer(
        day(third_day + timedelta(days=2)),
        "Un vidéoprojecteur de prêt de l’organisme est désormais dans la valise de chaque "
        "formation ; la structure fait réparer celui de la salle.",
        admin,
        today,
    )

    # A satisfaction result: the pace of the second part, planned for the next cycles.
    improvements.record(
        {
            "what": (
                "Alléger les demi-journées DJ3 à DJ7 : un usage par demi-journée au lieu de "
                "deux, et un temps de pratique libre en fin de journée."
            ),
            "cause": Improvement.Cause.SATISFACTION,
            "cycle": finished,
            "source_note": (
                "Satisfaction à chaud : plusieurs stagiaires trouvent le rythme de la session 2 "
                "trop soutenu."
            ),
            "decided_on": day(last_day + timedelta(days=21)),
            "decided_by": f"{admin} et {trainer}",
            "status": Improvement.Status.PLANNED,
        },
        admin,
        today,
        _at(day(last_day + timedelta(days=21)), 15),
    )
    return {"created": True, "complaint": complaint, "incident": incident}
