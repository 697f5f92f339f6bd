"""The action plan of DJ8 and the accompaniment that follows it (temps 2).

Each trainee commits to one to three usages at work; the trainer gathers them into a synthesis
for the structure under the programme's four themes; then follow-up meetings with the structure
record what happens, each commitment's status is kept as a history that is never rewritten, and
a closing review ends the accompaniment, after which nothing of the plan changes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acunum.cycles.models import Cycle, Enrolment

# DJ8: "Engagement des stagiaires sur les usages qu'ils veulent mettre en place" (the seed).
MAX_COMMITMENTS = 3


class Commitment(models.Model):
    """One usage a trainee commits to put in place at work, and how."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="commitments")
    # 1 to 3 within the trainee's plan: the database itself refuses a fourth.
    number = models.PositiveSmallIntegerField(_("number"))
    usage = models.CharField(_("usage"), max_length=200)
    why = models.TextField(_("why"), max_length=1000, blank=True)
    with_whom = models.CharField(_("with whom"), max_length=300, blank=True)
    by_when = models.DateField(_("by when"))
    first_step = models.TextField(_("first step"), max_length=1000, blank=True)
    support = models.TextField(_("support needed"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "number"], name="commitment_number_once"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=MAX_COMMITMENTS),
                name="commitment_at_most_three",
            ),
            models.CheckConstraint(
                condition=~Q(usage=""),
                name="commitment_has_a_usage",
                violation_error_message=_("A commitment needs a usage."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.trainee} · {self.usage}"


class StatusChange(models.Model):
    """Where a commitment stands, as said by someone at some moment. Appended, never changed:
    the current status is the latest, and the history shows how the plan lived."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")
        ABANDONED = "abandoned", _("Abandoned")

    class By(models.TextChoices):
        TRAINEE = "trainee", _("Trainee")
        CONTACT = "contact", _("Structure contact")
        TRAINER = "trainer", _("Trainer")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("status"), max_length=20, choices=Status)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    by = models.CharField(_("by"), max_length=10, choices=By)
    # The staff member who said it; a trainee speaks through their link, with no account. The
    # name is kept as it was, so the history reads the same if the account goes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "under_way", "done", "abandoned"]),
                name="status_change_known_status",
            ),
            models.CheckConstraint(
                condition=Q(by__in=["trainee", "contact", "trainer"]),
                name="status_change_known_author",
            ),
            models.CheckConstraint(
                condition=~Q(status="abandoned") | ~Q(note=""),
                name="status_change_abandoned_says_why",
                violation_error_message=_("Say why the commitment is abandoned."),
            ),
            models.CheckConstraint(
                condition=~Q(by="trainee") | Q(user__isnull=True),
                name="status_change_author_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} · {self.status} · {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        # The history is a record: a status said is never rewritten, only followed by another.
        if not self._state.adding:
            raise ValidationError("A status change is never modified.")
        super().save(*args, **kwargs)


class Theme(models.TextChoices):
    """The four directions of the accompaniment, in the programme's words (DJ8)."""

    WORK_ORGANISATION = "work_organisation", _("Work organisation")
    INFORMATION_SYSTEM = "information_system", _("Changes to the information system")
    FURTHER_TRAINING = "further_training", _("Further training")
    INTERNAL_MEDIATION = "internal_mediation", _("Developing digital mediation in-house")


class SynthesisPart(models.Model):
    """What the group's commitments mean for the structure under one theme, written by the
    trainer, and the commitments it draws on."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="synthesis_parts")
    theme = models.CharField(_("theme"), max_length=30, choices=Theme)
    text = models.TextField(_("text"), max_length=5000, blank=True)
    commitments = models.ManyToManyField(
        Commitment, verbose_name=_("commitments"), blank=True, related_name="synthesis_parts"
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("part of the synthesis")
        verbose_name_plural = _("parts of the synthesis")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "theme"], name="synthesis_theme_once"),
            models.CheckConstraint(
                condition=Q(theme__in=[t.value for t in Theme]), name="synthesis_known_theme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} · {self.theme}"


class Meeting(models.Model):
    """A follow-up meeting with the structure, recorded by the trainer once it has taken place."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    participants = models.TextField(_("participants"), max_length=1000)
    notes = models.TextField(_("notes"), max_length=10000, blank=True)
    decisions = models.TextField(_("decisions"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(participants=""), name="meeting_has_participants"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} · {self.date:%Y-%m-%d}"


class ClosingReview(models.Model):
    """The last word of the accompaniment: once written, the plan no longer changes."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="closing_review")
    date = models.DateField(_("date"))
    text = models.TextField(_("review"), max_length=10000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("by"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("closing review")
        verbose_name_plural = _("closing reviews")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="closing_review_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} · {self.date:%Y-%m-%d}"
