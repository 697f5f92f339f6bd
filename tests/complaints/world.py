"""Helpers of the trainers' files, complaints and improvements tests, and the rows of
tests/test_access.py for their URLs (the BaseTestCase world: Alice the OF's admin, Bob the
Passerelle's trainer, Diane its contact, Dominique its trainee)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from acunum.complaints import intake
from acunum.complaints.models import Complaint, Improvement, TrainerAgreement, TrainerCV
from acunum.cycles.models import Cycle
from acunum.site.demo_complaints import demo_pdf

PDF = demo_pdf("Convention d’intervention", ["Pour les tests."])


def pdf_upload(name: str = "convention.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/pdf")


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def trainee_report(t, *, text: str = "La salle était glacée tout l’après-midi.", now=None):
    return intake.from_trainee(
        t.dominique,
        str(t.cycle.code),
        {"kind": Complaint.Kind.COMPLAINT, "text": text, "wants_answer": True},
        now or timezone.now(),
    )


def staff_report(user, cycle, *, kind=Complaint.Kind.INCIDENT, wants_answer=True, now=None):
    return intake.from_staff(
        user,
        cycle,
        {"kind": kind, "text": "Le vidéoprojecteur est en panne.", "wants_answer": wants_answer},
        now or timezone.now(),
    )


def in_training(cycle: Cycle, status=Cycle.Status.ACCOMPANIMENT) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(status=status)
    cycle.status = status
    return cycle


def agreement(trainer, valid_from: date, valid_until: date | None) -> TrainerAgreement:
    return TrainerAgreement.objects.create(
        trainer=trainer,
        signed_on=valid_from,
        valid_from=valid_from,
        valid_until=valid_until,
        pdf=PDF,
        filename="convention.pdf",
        size=len(PDF),
    )


# Rows of tests/test_access.py.


def bob_kwargs(t) -> dict:
    return {"pk": t.bob.pk}


def agreement_data(t) -> dict:
    today = timezone.localdate()
    return {
        "file": pdf_upload(),
        "signed_on": (today - timedelta(days=10)).isoformat(),
        "valid_from": today.isoformat(),
        "valid_until": "",
    }


def cv_data(t) -> dict:
    return {"file": pdf_upload("cv.pdf"), "dated": timezone.localdate().isoformat()}


def training_data(t) -> dict:
    return {
        "title": "Accessibilité des supports",
        "organisation": "Atelier Accessibilité",
        "date": timezone.localdate().isoformat(),
        "hours": "7",
    }


def evaluable_kwargs(t) -> dict:
    """Bob's file, with the Passerelle cycle in its accompaniment: it can be evaluated."""
    in_training(t.cycle)
    return bob_kwargs(t)


def evaluation_data(t) -> dict:
    return {
        "cycle": str(t.cycle.code),
        "date": timezone.localdate().isoformat(),
        "rating": "3",
        "comments": "Bien préparé.",
    }


def agreement_pdf_kwargs(t) -> dict:
    return {"pk": t.bob.pk, "agreement": agreement(t.bob, timezone.localdate(), None).pk}


def cv_pdf_kwargs(t) -> dict:
    cv = TrainerCV.objects.create(
        trainer=t.bob, dated=timezone.localdate(), pdf=PDF, filename="cv.pdf", size=len(PDF)
    )
    return {"pk": t.bob.pk, "cv": cv.pk}


def complaint_data(t) -> dict:
    return {
        "kind": "complaint",
        "text": "Les horaires ont changé sans prévenir.",
        "wants_answer": "on",
    }


def trainee_complaint_data(t) -> dict:
    return {**complaint_data(t), "cycle": str(t.cycle.code)}


def admin_complaint_data(t) -> dict:
    return {**complaint_data(t), "cycle": "", "on_behalf_of": "L’OPCO, par téléphone"}


def complaint_kwargs(t) -> dict:
    return {"code": trainee_report(t).code}


def acknowledge_data(t) -> dict:
    return {"step": "acknowledged", "acknowledged-date": timezone.localdate().isoformat()}


def improvement_data(t) -> dict:
    return {
        "what": "Un thermomètre dans la valise",
        "cause": "satisfaction",
        "cycle": str(t.cycle.code),
        "source_note": "Satisfaction à chaud : la salle",
        "decided_on": timezone.localdate().isoformat(),
        "decided_by": "Alice",
        "status": "planned",
    }


def improvement_kwargs(t) -> dict:
    improvement = Improvement.objects.create(
        what="Un thermomètre dans la valise",
        cause=Improvement.Cause.SATISFACTION,
        cycle=t.cycle,
        source_note="Satisfaction à chaud",
        decided_on=timezone.localdate(),
        decided_by="Alice",
    )
    return {"pk": improvement.pk}


def improvement_done_data(t) -> dict:
    return {**improvement_data(t), "status": "done", "done_on": timezone.localdate().isoformat()}
