"""A trainee's "bien régler son internet" checklist: what they use, and where they are in each
step of the catalogue.

The steps themselves are the catalogue's files (catalogue.py): a status points to a step by its
stable id, so that a corrected menu path reaches every checklist at once.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acunum.checklist.platforms import Platform
from acunum.cycles.models import Cycle, Enrolment


class UsedPlatform(models.Model):
    """A system, browser or mail service a trainee says they use: their checklist has its
    steps."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform)

    class Meta:
        verbose_name = _("platform used")
        verbose_name_plural = _("platforms used")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "platform"], name="platform_used_once"),
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="platform_used_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.platform}"


class StepStatusQuerySet(models.QuerySet):
    def of_cycle(self, cycle: Cycle) -> StepStatusQuerySet:
        return self.filter(enrolment__cycle=cycle)

    def waiting_for_help(self) -> StepStatusQuerySet:
        """Help asked and not yet given: the trainer's list, oldest first."""
        return self.filter(state=StepStatus.State.HELP, helped_at__isnull=True).order_by(
            "updated_at"
        )


class StepStatus(models.Model):
    """Where a trainee is in one step of their checklist."""

    class State(models.TextChoices):
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Does not apply to me")
        HELP = "help", _("I need help")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(_("step"), max_length=120)
    state = models.CharField(_("state"), max_length=20, choices=State)
    note = models.TextField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # When the trainer came to help: the request leaves the top of the room's view. Asking again
    # clears it.
    helped_at = models.DateTimeField(_("helped at"), null=True, blank=True)

    objects = StepStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("step status")
        verbose_name_plural = _("step statuses")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "step"], name="step_status_once"),
            models.CheckConstraint(
                condition=Q(state__in=["done", "not_applicable", "help"]),
                name="step_status_known_state",
            ),
        ]
        indexes = [models.Index(fields=["state", "helped_at"], name="step_status_help")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.step} · {self.state}"
