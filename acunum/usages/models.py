"""The usages the trainees ask for (session 2, half-days DJ3 to DJ7): their proposals, comments
and dots, the themes the trainer gives the half-days, and the trace of each change of a theme.

The half-days' themes change what the cycle delivers: every change is kept as an Adaptation, an
immutable record of what changed, who changed it, when and why (Qualiopi indicator 10).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acunum.cycles.models import Cycle, Enrolment
from acunum.programmes.models import Sequence

# The dots (gommettes) each trainee places on the proposals, for the whole cycle: three, as in
# the room's usual dot vote. Several may go on one proposal, and each can be taken back. The
# database holds the same bound (dot_number_within_limit): changing it needs a migration.
DOTS_PER_TRAINEE = 3

MAX_TITLE = 120
MAX_TEXT = 1000


class Refused(Exception):
    """A request the rules refuse; its message, in the person's language, says why."""


class Category(models.TextChoices):
    """The programme's own examples of requested usages, and the rest."""

    SOCIAL_NETWORK = "social_network", _("Discovering a digital social network")
    PUBLIC_ACTIONS = "public_actions", _("Actions towards a public (videos, cartoparties…)")
    SMARTPHONE_AT_WORK = "smartphone_at_work", _("The smartphone at work")
    OTHER = "other", _("Other")


class ProposalQuerySet(models.QuerySet):
    def of_cycle(self, cycle: Cycle) -> ProposalQuerySet:
        return self.filter(cycle=cycle)

    def visible(self) -> ProposalQuerySet:
        """What the trainees see: a proposal merged into another is shown through that one."""
        return self.filter(merged_into__isnull=True)

    def ranked(self) -> ProposalQuerySet:
        """Most dots first; the earliest proposal first among equals."""
        return self.annotate(dot_count=models.Count("dots", distinct=True)).order_by(
            "-dot_count", "created_at", "pk"
        )


class Proposal(models.Model):
    """A usage a trainee would like to work on in one of the half-days DJ3 to DJ7."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="usage_proposals")
    # Kept when the trainee leaves the cycle: the others may have voted for it.
    author = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    description = models.TextField(_("description"), max_length=MAX_TEXT, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    # A duplicate merged by the trainer: hidden from the trainees, its dots and comments moved to
    # the proposal it points to, and kept so that the merge can be read later.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="merged",
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("usage proposal")
        verbose_name_plural = _("usage proposals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="usage_proposal_titled"),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="usage_proposal_known_category"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="usage_proposal_not_into_itself"
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True, merged_at__isnull=True)
                | Q(merged_into__isnull=False, merged_at__isnull=False),
                name="usage_proposal_merge_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    """A comment on a proposal, by a trainee of the cycle or by a member of staff (the trainer).
    Either author may be gone later (a trainee removed, an account deleted): the comment stays."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=MAX_TEXT)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment on a usage")
        verbose_name_plural = _("comments on usages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="usage_comment_not_empty"),
            models.CheckConstraint(
                condition=Q(enrolment__isnull=True) | Q(user__isnull=True),
                name="usage_comment_one_author",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class Dot(models.Model):
    """One of a trainee's dots, on a proposal. A trainee's dots are numbered 1 to
    DOTS_PER_TRAINEE, each number once: the database itself refuses a fourth dot."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="dots")
    number = models.PositiveSmallIntegerField(_("number"))
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)

    class Meta:
        verbose_name = _("dot on a usage")
        verbose_name_plural = _("dots on usages")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "number"], name="usage_dot_once"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=DOTS_PER_TRAINEE),
                name="dot_number_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.proposal_id} · {self.number}"


class Opening(models.Model):
    """A cycle's settings for the proposals: they open on J4, or earlier when the trainer says."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="usage_opening")
    opened_early = models.BooleanField(_("opened before J4"), default=False)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("opening of the proposals")
        verbose_name_plural = _("openings of the proposals")

    def __str__(self) -> str:
        return f"{self.cycle_id} · {self.opened_early}"


class Theme(models.Model):
    """What one of the half-days DJ3 to DJ7 of a cycle works on, chosen from the proposals."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="usage_themes")
    sequence = models.ForeignKey(
        Sequence, verbose_name=_("half-day"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    objectives = models.TextField(_("objectives"), max_length=MAX_TEXT)
    resources = models.TextField(_("resources"), max_length=MAX_TEXT, blank=True)
    proposals = models.ManyToManyField(
        Proposal, verbose_name=_("proposals it answers"), blank=True, related_name="themes"
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("theme of a half-day")
        verbose_name_plural = _("themes of half-days")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "sequence"], name="usage_theme_per_half_day"),
            models.CheckConstraint(condition=~Q(title=""), name="usage_theme_titled"),
            models.CheckConstraint(condition=~Q(objectives=""), name="usage_theme_has_objectives"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence_id} · {self.title}"


class Immutable(Exception):
    pass


class AdaptationQuerySet(models.QuerySet):
    def of_cycle(self, cycle: Cycle) -> AdaptationQuerySet:
        """Every change of the cycle's half-day themes, oldest first: the evidence of how the
        delivery was adapted to the group (Qualiopi indicator 10)."""
        return self.filter(cycle=cycle).select_related("sequence", "user").order_by("at", "pk")

    # The record is evidence: it is never changed or deleted one row at a time. (Deleting the
    # whole cycle still removes it, through the database's cascade.)
    def update(self, **kwargs):
        raise Immutable("An adaptation record cannot be changed.")

    def delete(self):
        raise Immutable("An adaptation record cannot be deleted.")


class Adaptation(models.Model):
    """One change of a half-day's theme: created, changed or removed; before and after, who,
    when and why. Written with the change, in the same transaction, and never changed."""

    class Change(models.TextChoices):
        CREATED = "created", _("Theme assigned")
        CHANGED = "changed", _("Theme changed")
        REMOVED = "removed", _("Theme removed")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    sequence = models.ForeignKey(
        Sequence, verbose_name=_("half-day"), on_delete=models.PROTECT, related_name="+"
    )
    change = models.CharField(_("change"), max_length=10, choices=Change)
    before_title = models.CharField(_("title before"), max_length=MAX_TITLE, blank=True)
    after_title = models.CharField(_("title after"), max_length=MAX_TITLE, blank=True)
    before_objectives = models.TextField(_("objectives before"), blank=True)
    after_objectives = models.TextField(_("objectives after"), blank=True)
    before_resources = models.TextField(_("resources before"), blank=True)
    after_resources = models.TextField(_("resources after"), blank=True)
    # The titles of the proposals the theme answers, one per line.
    before_answers = models.TextField(_("proposals answered before"), blank=True)
    after_answers = models.TextField(_("proposals answered after"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The name as it was: the record must still say who once the account is gone.
    user_name = models.CharField(_("by"), max_length=300)
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("why"), max_length=MAX_TEXT)

    objects = AdaptationQuerySet.as_manager()

    class Meta:
        verbose_name = _("adaptation of the programme")
        verbose_name_plural = _("adaptations of the programme")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="adaptation_has_a_reason"),
            models.CheckConstraint(condition=~Q(user_name=""), name="adaptation_says_who"),
            models.CheckConstraint(
                condition=(
                    Q(change="created", before_title="") & ~Q(after_title="")
                    | Q(change="changed") & ~Q(before_title="") & ~Q(after_title="")
                    | Q(change="removed", after_title="") & ~Q(before_title="")
                ),
                name="adaptation_before_and_after_match_the_change",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sequence_id} · {self.change} · {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise Immutable("An adaptation record cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable("An adaptation record cannot be deleted.")
