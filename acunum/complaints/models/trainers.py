"""The training organisation's file on each trainer who works for it (Qualiopi indicators 21, 22
and 27): the intervention agreement under which a freelance trainer delivers its cycles, their
CV, the continuing education they follow, and the OF's evaluation of each cycle they trained.

The PDFs are kept in the database, as the organisation's logo is: a backup of the database is a
backup of the evidence, and there is no media folder to forget on a trainer's laptop.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acunum.cycles.models import Cycle

TRAINERS = {"role": "trainer"}


class TrainerAgreementQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> TrainerAgreementQuerySet:
        """The agreements in force on `day`: begun on or before it, and not ended before it (an
        agreement with no end date runs until it is replaced)."""
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class StoredPdf(models.Model):
    """A PDF kept in the database with the name it was uploaded under."""

    # Checked on upload (acunum/complaints/uploads.py): it starts with %PDF, 5 MB at most.
    pdf = models.BinaryField(_("PDF file"))
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class TrainerAgreement(StoredPdf):
    """The intervention (sub-contracting) agreement between the OF and a freelance trainer."""

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.PROTECT,
        related_name="trainer_agreements",
        limit_choices_to=TRAINERS,
    )
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty if it has no end date.")
    )

    objects = TrainerAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervention agreement")
        verbose_name_plural = _("intervention agreements")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="trainer_agreement_ends_after_it_starts",
                violation_error_message=_("The agreement cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainer} · {self.valid_from:%Y-%m-%d}"

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class TrainerCV(StoredPdf):
    """A trainer's CV as of a date: the latest one is the current one."""

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.PROTECT,
        related_name="trainer_cvs",
        limit_choices_to=TRAINERS,
    )
    dated = models.DateField(_("date of the CV"))

    class Meta:
        verbose_name = _("trainer’s CV")
        verbose_name_plural = _("trainers’ CVs")
        ordering = ["-dated", "-pk"]

    def __str__(self) -> str:
        return f"{self.trainer} · {self.dated:%Y-%m-%d}"


class TrainerTraining(models.Model):
    """A continuing education a trainer followed: how an independent trainer shows that they
    keep their competences up to date (indicator 22)."""

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.PROTECT,
        related_name="trainer_trainings",
        limit_choices_to=TRAINERS,
    )
    title = models.CharField(_("title"), max_length=300)
    organisation = models.CharField(_("training organisation"), max_length=200)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("continuing education")
        verbose_name_plural = _("continuing education")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="trainer_training_has_hours",
                violation_error_message=_("A training lasts more than 0 hours."),
            ),
            models.CheckConstraint(condition=~Q(title=""), name="trainer_training_has_title"),
        ]

    def __str__(self) -> str:
        return f"{self.trainer} · {self.title}"


class TrainerEvaluation(models.Model):
    """The OF's evaluation of a trainer on one of their cycles: one per trainer and cycle."""

    class Rating(models.IntegerChoices):
        INSUFFICIENT = 1, _("1 · Insufficient")
        TO_IMPROVE = 2, _("2 · To improve")
        SATISFACTORY = 3, _("3 · Satisfactory")
        VERY_SATISFACTORY = 4, _("4 · Very satisfactory")

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.PROTECT,
        related_name="trainer_evaluations",
        limit_choices_to=TRAINERS,
    )
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="trainer_evaluations"
    )
    date = models.DateField(_("date"))
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating)
    comments = models.TextField(_("comments"), max_length=5000, blank=True)
    # The OF's administrator who evaluated, and their name as it was (the account may go).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_name = models.CharField(_("by"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("trainer evaluation")
        verbose_name_plural = _("trainer evaluations")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainer", "cycle"],
                name="trainer_evaluated_once_per_cycle",
                violation_error_message=_("This cycle is already evaluated for this trainer."),
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=4), name="trainer_evaluation_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainer} · {self.cycle_id} · {self.rating}"
