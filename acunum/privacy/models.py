"""The record of what was erased: a trainee's personal data, and the drawings of their signatures.

Both outlive what they describe on purpose. An erasure says when, by whom and why a person's data
went (RGPD article 5.2: the OF must be able to show it), never who the person was. An erased
drawing lets `verify-ledger` tell a signature erased at the end of its retention period from one
removed behind the application's back (acunum/privacy/drawings.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acunum.attendance.models import AttendanceEvent
from acunum.cycles.models import Trainee


class Erasure(models.Model):
    """That a trainee's personal data was erased, at their request or by the retention policy.

    PARTIAL while the evidence of one of their trainings must still be kept: what the evidence
    needs (name, enrolment, attendance ledger, learning results, complaints) stays, the rest went.
    FULL once every evidence period is over: the name is replaced by a neutral label and the
    drawings of the signatures are deleted.
    """

    class Scope(models.TextChoices):
        PARTIAL = "partial", _("Personal data erased, evidence kept")
        FULL = "full", _("Fully anonymised")

    # Kept if the trainee's row is ever deleted, so that the record still says whom it was about
    # (an identifier, never a name) and the audit log can tell "erased" from "never existed".
    trainee = models.OneToOneField(
        Trainee, on_delete=models.SET_NULL, null=True, blank=True, related_name="erasure"
    )
    trainee_number = models.PositiveBigIntegerField(_("trainee number"), unique=True)
    at = models.DateTimeField(_("erased at"), default=timezone.now)
    # Empty for the retention policy, which acts on no one's request.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_name = models.CharField(_("by"), max_length=150, blank=True)
    reason = models.TextField(_("reason"), max_length=1000)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope)
    anonymised_at = models.DateTimeField(_("fully anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="erasure_has_a_reason"),
            models.CheckConstraint(
                condition=Q(scope="partial", anonymised_at__isnull=True)
                | Q(scope="full", anonymised_at__isnull=False),
                name="erasure_full_is_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee_number} · {self.scope} · {self.at:%Y-%m-%d}"

    @property
    def is_full(self) -> bool:
        return self.scope == self.Scope.FULL


class ErasedDrawing(models.Model):
    """The drawing of a signature deleted at the end of its retention period.

    The ledger event keeps its image's SHA-256, which its hash covers; the image itself is gone.
    `seal` is a keyed digest of the event's hash and that SHA-256 (drawings.seal): without the
    server's secret key, nobody able to write to the database can make a drawing removed behind
    the application's back pass for one erased here.
    """

    event = models.OneToOneField(AttendanceEvent, on_delete=models.PROTECT, related_name="+")
    image_sha256 = models.CharField(max_length=64)
    erased_at = models.DateTimeField(_("erased at"))
    seal = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("erased drawing")
        verbose_name_plural = _("erased drawings")

    def __str__(self) -> str:
        return f"{self.event_id} {self.erased_at:%Y-%m-%d}"
