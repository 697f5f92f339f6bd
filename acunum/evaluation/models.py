"""Questionnaire versions, the answers to them, and the record that a trainee answered."""

from __future__ import annotations

import uuid
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acunum.cycles.models import Cycle, Enrolment
from acunum.evaluation.questionnaire import Questionnaire


class QuestionnaireVersionQuerySet(models.QuerySet):
    def current(self) -> dict[str, QuestionnaireVersion]:
        """Slug → the latest version of each questionnaire: what is answered from now on."""
        latest: dict[str, QuestionnaireVersion] = {}
        for version in self.order_by("slug", "number"):
            latest[version.slug] = version
        return latest

    def current_of(self, slug: str) -> QuestionnaireVersion | None:
        return self.filter(slug=slug).order_by("-number").first()


class QuestionnaireVersion(models.Model):
    """An immutable snapshot of a questionnaire file, as loaded. Each answer points to the version
    it answered, so a later change of the file never changes what an answer meant."""

    slug = models.SlugField(_("slug"))
    number = models.PositiveIntegerField(_("version"))
    # SHA-256 of the file's bytes: loading the current file again finds this version.
    checksum = models.CharField(_("checksum"), max_length=64)
    source = models.TextField(_("source file"))
    data = models.JSONField(_("content"))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    objects = QuestionnaireVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "number"], name="unique_questionnaire_version_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.data.get('title', self.slug)} v{self.number}"

    def save(self, *args, **kwargs):
        # Answers point to this version: changing it would change what they answered.
        if self.pk is not None:
            raise ValueError("A questionnaire version is immutable; load a new file instead.")
        super().save(*args, **kwargs)

    @cached_property
    def questionnaire(self) -> Questionnaire:
        return Questionnaire.from_data(self.data)


class ResponseQuerySet(models.QuerySet):
    def of(self, cycle: Cycle, slug: str) -> ResponseQuerySet:
        """A cycle's answers to one questionnaire, whatever version each answered."""
        return self.filter(cycle=cycle, questionnaire=slug).select_related("version")

    def named(self) -> ResponseQuerySet:
        return self.exclude(respondent_enrolment=None, respondent_user=None)


class Response(models.Model):
    """One submission of a questionnaire: the answers, keyed by question id.

    An anonymous answer has neither respondent, only its cycle and day: the primary key is random
    and no time is kept, so neither the order of rows nor a timestamp ties it to the trainee
    (their Participation says that they answered, not what).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses"
    )
    # The version's slug, kept here so that "once per person" holds across versions.
    questionnaire = models.SlugField(_("questionnaire"))
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="responses")
    # The trainee who answered, when the questionnaire is not anonymous.
    respondent_enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    # The structure contact or the trainer who answered. Kept (PROTECT): their answers are
    # evidence for the quality audit.
    respondent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
    )
    # The trainee a trainer's assessment is about.
    subject = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    answers = models.JSONField(_("answers"))
    submitted_on = models.DateField(_("submitted on"))

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "questionnaire", "respondent_enrolment"],
                condition=Q(respondent_enrolment__isnull=False),
                name="response_once_per_trainee",
            ),
            models.UniqueConstraint(
                fields=["cycle", "questionnaire", "respondent_user"],
                condition=Q(respondent_user__isnull=False, subject__isnull=True),
                name="response_once_per_user",
            ),
            # One assessment of each trainee per cycle, whichever trainer gives it: it is what
            # their training attestation prints.
            models.UniqueConstraint(
                fields=["cycle", "questionnaire", "subject"],
                condition=Q(subject__isnull=False),
                name="response_once_per_subject",
            ),
            models.CheckConstraint(
                condition=Q(respondent_enrolment__isnull=True) | Q(respondent_user__isnull=True),
                name="response_one_respondent",
            ),
            models.CheckConstraint(
                condition=Q(subject__isnull=True) | Q(respondent_user__isnull=False),
                name="response_subject_needs_assessor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} · {self.cycle_id} · {self.submitted_on}"

    def save(self, *args, **kwargs):
        self.questionnaire = self.version.slug
        super().save(*args, **kwargs)


class ParticipationQuerySet(models.QuerySet):
    def of(self, cycle: Cycle, slug: str) -> ParticipationQuerySet:
        return self.filter(cycle=cycle, questionnaire=slug)


class Participation(models.Model):
    """That a trainee answered a questionnaire, without any link to what they answered.

    It stops the invitations and reminders and refuses a second submission, anonymous ones too.
    For an anonymous questionnaire the day is left empty: it would otherwise match the day kept
    on the anonymous answer, and name its author whenever one person answered that day.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="participations")
    questionnaire = models.SlugField(_("questionnaire"))
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="participations"
    )
    day = models.DateField(_("day"), null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "questionnaire", "enrolment"], name="participation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} · {self.enrolment_id}"


# A published rate rests on at least this many answers (or trainees); below, the page says that
# there are not enough answers yet rather than print "100 %" for one answer out of one.
MIN_ANSWERS = 5


class PublishedIndicator(models.Model):
    """A programme's results for one calendar year, as published on its public page (Qualiopi
    indicator 2). A snapshot, computed by `acunum indicators` and once a day by the outbox's
    worker (acunum/evaluation/indicators.py): the public page reads it, never the answers.

    The year is the one in which the cycles ended (their last half-day). The counts are kept
    rather than the rates, so that a page can say how many answers each rate rests on.
    """

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="published_indicators"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    cycles = models.PositiveIntegerField(_("cycles ended"))
    # Trainees enrolled in the cycles that ended that year, and those of them present at their
    # cycle's last half-day.
    trained = models.PositiveIntegerField(_("trainees trained"))
    completed = models.PositiveIntegerField(_("trainees present at the last half-day"))
    # Answers to the hot satisfaction questionnaire of those cycles, and those satisfied.
    satisfaction_answers = models.PositiveIntegerField(_("satisfaction answers"))
    satisfied = models.PositiveIntegerField(_("satisfied answers"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("published indicator")
        verbose_name_plural = _("published indicators")
        ordering = ["programme", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="indicator_once_a_year"),
            models.CheckConstraint(
                condition=Q(completed__lte=models.F("trained")), name="indicator_completed_le"
            ),
            models.CheckConstraint(
                condition=Q(satisfied__lte=models.F("satisfaction_answers")),
                name="indicator_satisfied_le",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} · {self.year}"

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        # Below the threshold a rate would mislead (one answer out of one is not "100 %").
        if whole < MIN_ANSWERS:
            return None
        return 100 * part / whole

    @property
    def satisfaction_rate(self) -> float | None:
        """Percent of the answers satisfied, or None below the threshold."""
        return self._rate(self.satisfied, self.satisfaction_answers)

    @property
    def completion_rate(self) -> float | None:
        """Percent of the trainees present at the last half-day, or None below the threshold."""
        return self._rate(self.completed, self.trained)
