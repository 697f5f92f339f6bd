from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The largest group any programme may take. ACUNUM's file says 14; the enrolment table holds
# the same bound as a check constraint, so no code path can seat a fifteenth trainee.
MAX_GROUP_SIZE = 14


class Programme(models.Model):
    """A training offer. Its content lives in versions, one per change of its programme file."""

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:public", args=[self.slug])

    def latest_version(self) -> ProgrammeVersion | None:
        return self.versions.order_by("-number").first()


class ProgrammeVersion(models.Model):
    """An immutable snapshot of a programme file, as loaded. Cycles point to the one they sold."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # SHA-256 of the file's bytes: loading the current file again finds this version. Not unique:
    # a file put back to an earlier content becomes a new version with an old checksum.
    checksum = models.CharField(_("checksum"), max_length=64)
    source = models.TextField(_("source file"))
    data = models.JSONField(_("content"))
    updated = models.DateField(_("date of last update"))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.title} v{self.number}"

    def save(self, *args, **kwargs):
        # A version is what a cycle was sold with: changing it would rewrite signed agreements.
        if self.pk is not None:
            raise ValueError("A programme version is immutable; load a new file instead.")
        super().save(*args, **kwargs)

    @property
    def max_trainees(self) -> int:
        return self.data["trainees"]["max"]

    @property
    def total_minutes(self) -> int:
        return self.data["duration"]["minutes"]


class Sequence(models.Model):
    """A day (J1–J4, two half-day slots) or a half-day (DJ1–DJ8, one slot) of a programme."""

    class Kind(models.TextChoices):
        DAY = "day", _("day")
        HALF_DAY = "half_day", _("half-day")

    version = models.ForeignKey(
        ProgrammeVersion, on_delete=models.CASCADE, related_name="sequences"
    )
    part = models.PositiveSmallIntegerField(_("session"))
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("code"), max_length=10)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=300)
    minutes = models.PositiveIntegerField(_("duration in minutes"))

    class Meta:
        verbose_name = _("sequence")
        verbose_name_plural = _("sequences")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_sequence_code"),
            models.UniqueConstraint(
                fields=["version", "position"], name="unique_sequence_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def slot_count(self) -> int:
        return 2 if self.kind == self.Kind.DAY else 1

    @property
    def slot_minutes(self) -> int:
        return self.minutes // self.slot_count
