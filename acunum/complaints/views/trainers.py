"""The trainers' files (indicators 21, 22, 27): the OF's administrator keeps them; each trainer
reads their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acunum.complaints import trainers
from acunum.complaints.access import get_trainer_for_admin, get_trainer_for_user
from acunum.complaints.forms import AgreementForm, CVForm, EvaluationForm, TrainingForm
from acunum.complaints.models import Refused, TrainerAgreement, TrainerCV, TrainerTraining
from acunum.cycles.access import require_of_admin
from acunum.documents.views import pdf_response


@login_required
@require_GET
def trainer_list(request):
    require_of_admin(request)
    return render(
        request,
        "complaints/trainer_list.html",
        {"files": trainers.overview(timezone.localdate()), "nav": "trainers"},
    )


@login_required
@require_GET
def trainer_detail(request, pk: int):
    trainer = get_trainer_for_user(request, pk)
    return render(
        request,
        "complaints/trainer_detail.html",
        {
            "file": trainers.trainer_file(trainer, timezone.localdate()),
            "trainer": trainer,
            "can_admin": request.user.is_of_admin,
            "nav": "trainers",
        },
    )


def _form_page(request, trainer, form, title: str, intro: str, button: str):
    return render(
        request,
        "complaints/trainer_record_form.html",
        {
            "trainer": trainer,
            "form": form,
            "title": title,
            "intro": intro,
            "button": button,
            "multipart": any(f.widget.needs_multipart_form for f in form.fields.values()),
            "nav": "trainers",
        },
    )


def _uploaded(request, form) -> dict:
    """The fields of every stored PDF of a trainer's file: its bytes, name, size, who sent it."""
    data = form.cleaned_data["file"]
    return {
        "pdf": data,
        "filename": (form.files["file"].name or "document.pdf")[-200:],
        "size": len(data),
        "uploaded_by": request.user,
    }


@login_required
@require_http_methods(["GET", "POST"])
def agreement_new(request, pk: int):
    trainer = get_trainer_for_admin(request, pk)
    form = AgreementForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        TrainerAgreement.objects.create(
            trainer=trainer,
            signed_on=data["signed_on"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            **_uploaded(request, form),
        )
        messages.success(request, _("The intervention agreement is in the trainer’s file."))
        return redirect("complaints:trainer", trainer.pk)
    return _form_page(
        request,
        trainer,
        form,
        _("Add an intervention agreement"),
        _(
            "The agreement under which this trainer delivers cycles for the training "
            "organisation (indicator 27): the signed PDF and its period of validity."
        ),
        _("Add the agreement"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cv_new(request, pk: int):
    trainer = get_trainer_for_admin(request, pk)
    form = CVForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        TrainerCV.objects.create(
            trainer=trainer,
            dated=data["dated"],
            **_uploaded(request, form),
        )
        messages.success(request, _("The CV is in the trainer’s file."))
        return redirect("complaints:trainer", trainer.pk)
    return _form_page(
        request,
        trainer,
        form,
        _("Add a CV"),
        _("The trainer’s CV as of a date (indicator 21). The latest one is the current one."),
        _("Add the CV"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def training_new(request, pk: int):
    trainer = get_trainer_for_admin(request, pk)
    form = TrainingForm(request.POST or None)
    if form.is_valid():
        TrainerTraining.objects.create(
            trainer=trainer, recorded_by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The continuing education is in the trainer’s file."))
        return redirect("complaints:trainer", trainer.pk)
    return _form_page(
        request,
        trainer,
        form,
        _("Add a continuing education"),
        _(
            "A training the trainer followed to keep their competences up to date "
            "(indicator 22): its title, who gave it, when, and how many hours."
        ),
        _("Add the training"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_new(request, pk: int):
    trainer = get_trainer_for_admin(request, pk)
    today = timezone.localdate()
    to_evaluate = trainers.trainer_file(trainer, today).to_evaluate
    form = EvaluationForm(
        request.POST or None,
        cycles=to_evaluate,
        initial={"date": today, "cycle": request.GET.get("cycle", "")},
    )
    if form.is_valid():
        cycle = next(c for c in to_evaluate if str(c.code) == form.cleaned_data["cycle"])
        try:
            trainers.evaluate(
                trainer, cycle, form.cleaned_data, request.user, today, timezone.now()
            )
        except Refused as refused:
            form.refuse(refused)
        else:
            messages.success(request, _("The evaluation is in the trainer’s file."))
            return redirect("complaints:trainer", trainer.pk)
    return _form_page(
        request,
        trainer,
        form,
        _("Evaluate a cycle"),
        _(
            "The training organisation’s evaluation of this trainer on one of their cycles "
            "(indicator 21): 1 insufficient, 2 to improve, 3 satisfactory, 4 very satisfactory."
        ),
        _("Save the evaluation"),
    )


@login_required
@require_GET
def agreement_pdf(request, pk: int, agreement: int):
    trainer = get_trainer_for_user(request, pk)
    document = get_object_or_404(TrainerAgreement, pk=agreement, trainer=trainer)
    name = f"convention-{slugify(str(trainer))}-{document.valid_from:%Y-%m-%d}.pdf"
    return pdf_response(bytes(document.pdf), name)


@login_required
@require_GET
def cv_pdf(request, pk: int, cv: int):
    trainer = get_trainer_for_user(request, pk)
    document = get_object_or_404(TrainerCV, pk=cv, trainer=trainer)
    return pdf_response(
        bytes(document.pdf), f"cv-{slugify(str(trainer))}-{document.dated:%Y-%m-%d}.pdf"
    )


urlpatterns = [
    path("formateurs/", trainer_list, name="trainer-list"),
    path("formateurs/<int:pk>/", trainer_detail, name="trainer"),
    path("formateurs/<int:pk>/convention/", agreement_new, name="agreement-new"),
    path("formateurs/<int:pk>/convention/<int:agreement>.pdf", agreement_pdf, name="agreement-pdf"),
    path("formateurs/<int:pk>/cv/", cv_new, name="cv-new"),
    path("formateurs/<int:pk>/cv/<int:cv>.pdf", cv_pdf, name="cv-pdf"),
    path("formateurs/<int:pk>/formation-continue/", training_new, name="training-new"),
    path("formateurs/<int:pk>/evaluation/", evaluation_new, name="evaluation-new"),
]
