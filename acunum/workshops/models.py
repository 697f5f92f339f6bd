"""In-room activities of a cycle's day, who takes part in each, and what they contribute."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from acunum.cycles.models import Cycle, Enrolment
from acunum.programmes.models import Sequence
from acunum.workshops import codes, kinds


class ActivityQuerySet(models.QuerySet):
    def of_day(self, cycle: Cycle, sequence: Sequence) -> ActivityQuerySet:
        return self.filter(cycle=cycle, sequence=sequence).order_by("position")

    def for_participants(self) -> ActivityQuerySet:
        """What a participant may open: a draft is the trainer's until it is launched."""
        return self.exclude(state=Activity.State.DRAFT)

    def running(self) -> ActivityQuerySet:
        return self.filter(state__in=[Activity.State.OPEN, Activity.State.LOCKED])

    def add(self, cycle: Cycle, sequence: Sequence, **fields) -> Activity:
        """A new activity at the end of the day's list, with a join code no other activity has."""
        with transaction.atomic():
            # Two tabs adding at once queue on the cycle's row instead of taking one position.
            list(Cycle.objects.select_for_update().filter(pk=cycle.pk).values_list("pk"))
            last = self.of_day(cycle, sequence).aggregate(m=models.Max("position"))["m"] or 0
            code = codes.new_code()
            while self.filter(join_code=code).exists():
                code = codes.new_code()
            return self.create(
                cycle=cycle, sequence=sequence, position=last + 1, join_code=code, **fields
            )


class Refused(Exception):
    """Why a change or an answer is not made, in words for the person who asked."""


class Activity(models.Model):
    """One activity of a cycle's day (J1–J4): a word cloud, a poll, a débat mouvant, a post-it
    wall, a ligne de vie or a dot vote."""

    class Kind(models.TextChoices):
        WORD_CLOUD = "word_cloud", _("Word cloud")
        POLL = "poll", _("Poll")
        MOVING_DEBATE = "moving_debate", _("Moving debate")
        POST_IT_WALL = "post_it_wall", _("Post-it wall")
        TIMELINE = "timeline", _("Timeline of digital firsts")
        DOT_VOTING = "dot_voting", _("Dot voting")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        LOCKED = "locked", _("Locked")
        CLOSED = "closed", _("Closed")

    # Launched, an activity takes answers; locked, it keeps them on screen and takes no more
    # (while the group talks), and may open again; closed is the end, unless the trainer reopens.
    TRANSITIONS = {
        State.DRAFT: [State.OPEN],
        State.OPEN: [State.LOCKED, State.CLOSED],
        State.LOCKED: [State.OPEN, State.CLOSED],
        State.CLOSED: [State.OPEN],
    }

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="activities")
    sequence = models.ForeignKey(Sequence, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(_("instructions"), max_length=1000, blank=True)
    settings = models.JSONField(_("settings"), default=dict)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    results_shown = models.BooleanField(_("results shown"), default=False)
    join_code = models.CharField(_("join code"), max_length=codes.LENGTH, unique=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    # Bumped by every change a screen shows (contribution, moderation, state, edit): the live
    # endpoint's ETag, so that an unchanged activity answers 304 without building anything.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["cycle", "sequence__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "sequence", "position"], name="activity_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "word_cloud",
                        "poll",
                        "moving_debate",
                        "post_it_wall",
                        "timeline",
                        "dot_voting",
                    ]
                ),
                name="activity_known_kind",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "open", "locked", "closed"]),
                name="activity_known_state",
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="activity_round_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence.code} · {self.title}"

    def save(self, *args, **kwargs):
        # Checked under the row's lock, in the same transaction as the write: an answer arriving
        # at the same moment locks the same row (contributing.contribute), so either it is
        # stored with the old anonymity and the change is refused, or it waits for the new one.
        updating = self.pk is not None
        with transaction.atomic():
            if updating:
                list(Activity.objects.select_for_update().filter(pk=self.pk).values_list("pk"))
                self.clean()
                self.version = F("version") + 1
            super().save(*args, **kwargs)
        if updating:
            self.refresh_from_db(fields=["version"])

    @property
    def kind_module(self):
        return kinds.get(self.kind)

    @property
    def spaced_code(self) -> str:
        return codes.spaced(self.join_code)

    @property
    def accepts_answers(self) -> bool:
        return self.state == self.State.OPEN

    def has_contributions(self) -> bool:
        return self.pk is not None and self.contributions.exists()

    def frozen_fields(self) -> dict:
        """The fields that cannot change once someone has answered, from the database."""
        return (
            Activity.objects.filter(pk=self.pk).values("anonymous", "kind", "settings").first()
            or {}
        )

    def clean(self) -> None:
        if self.pk is None or not self.has_contributions():
            return
        stored = self.frozen_fields()
        errors = {}
        if stored.get("anonymous") != self.anonymous:
            errors["anonymous"] = gettext(
                "Anonymity cannot change once someone has answered: it was promised to them."
            )
        if stored.get("kind") != self.kind:
            errors["kind"] = gettext("The kind cannot change once someone has answered.")
        if stored.get("settings") != self.settings:
            errors["settings"] = gettext(
                "The settings cannot change once someone has answered: their answers would "
                "no longer mean the same."
            )
        if errors:
            raise ValidationError(errors)

    def bump(self) -> None:
        """Something a screen shows has changed: the live endpoint answers 200 again."""
        Activity.objects.filter(pk=self.pk).update(version=F("version") + 1)
        self.refresh_from_db(fields=["version"])

    def allowed_states(self) -> list[str]:
        return self.TRANSITIONS[self.State(self.state)]

    def change_state(self, new: str) -> None:
        if new not in self.allowed_states():
            raise Refused(
                gettext("An activity cannot go from “%(old)s” to “%(new)s”.")
                % {"old": self.get_state_display(), "new": self.State(new).label}
                if new in self.State.values
                else gettext("Unknown state “%(new)s”.") % {"new": new}
            )
        with transaction.atomic():
            Activity.objects.filter(pk=self.pk).update(state=new, version=F("version") + 1)
        self.refresh_from_db(fields=["state", "version"])

    def show_results(self, shown: bool) -> None:
        Activity.objects.filter(pk=self.pk).update(results_shown=shown, version=F("version") + 1)
        self.refresh_from_db(fields=["results_shown", "version"])

    def next_round(self) -> None:
        """A débat's next round: everybody starts again unplaced; earlier rounds are kept."""
        if self.kind != self.Kind.MOVING_DEBATE:
            raise Refused(gettext("Only a moving debate has rounds."))
        if self.round >= self.settings["rounds"]:
            raise Refused(
                gettext("This debate has %(n)s rounds: the last one is under way.")
                % {"n": self.settings["rounds"]}
            )
        if self.state == self.State.CLOSED:
            raise Refused(gettext("This activity is closed: open it again first."))
        Activity.objects.filter(pk=self.pk, round=self.round).update(
            round=F("round") + 1, version=F("version") + 1
        )
        self.refresh_from_db(fields=["round", "version"])

    def remove(self) -> None:
        """Out of the day's list, with every answer. Refused while it runs: phones may be
        answering it, and the room would lose what it sees on the projector."""
        with transaction.atomic():
            # Under the row's lock, as an answer takes it (contributing.contribute): a launch in
            # another tab cannot slip between the check and the deletion.
            state = (
                Activity.objects.select_for_update()
                .filter(pk=self.pk)
                .values_list("state", flat=True)
                .first()
            )
            if state in (self.State.OPEN, self.State.LOCKED):
                raise Refused(
                    gettext("“%(title)s” is under way: close it before deleting it.")
                    % {"title": self.title}
                )
            self.delete()

    def move(self, step: int) -> None:
        """Up (-1) or down (+1) one place in the day's list, by swapping with the neighbour."""
        with transaction.atomic():
            list(Cycle.objects.select_for_update().filter(pk=self.cycle_id).values_list("pk"))
            day = Activity.objects.filter(cycle_id=self.cycle_id, sequence_id=self.sequence_id)
            me = day.get(pk=self.pk)
            neighbours = (
                day.filter(position__lt=me.position).order_by("-position")
                if step < 0
                else day.filter(position__gt=me.position).order_by("position")
            )
            other = neighbours.first()
            if other is None:
                return  # already first (or last): nothing to do
            # Through 0, free in every day (positions start at 1), so the unique constraint on
            # positions holds after each statement.
            day.filter(pk=other.pk).update(position=0)
            day.filter(pk=me.pk).update(position=other.position, version=F("version") + 1)
            day.filter(pk=other.pk).update(position=me.position, version=F("version") + 1)
        self.refresh_from_db(fields=["position", "version"])


class ProposedDay(models.Model):
    """That a day's presets were copied into a cycle: its page proposes them once, the first time
    it is opened, and not again after the trainer has removed or changed them."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    sequence = models.ForeignKey(Sequence, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposed day")
        verbose_name_plural = _("proposed days")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "sequence"], name="day_proposed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} · {self.sequence_id}"


class ParticipantQuerySet(models.QuerySet):
    def contributors(self) -> ParticipantQuerySet:
        return self.filter(sent__gt=0)


class Participant(models.Model):
    """A person taking part in an activity: an enrolment (from the personal link) or a pseudonym
    (from the join code, kept in the phone's session).

    Like evaluation's Participation, it says that someone took part and how many contributions
    they sent (the limit per person), never which ones: an anonymous activity's contributions
    point to no participant. Its key is random and it keeps no time, so that neither the order
    of rows nor a timestamp matches it to the contributions.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=40, blank=True)
    sent = models.PositiveIntegerField(_("contributions sent"), default=0)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "enrolment"],
                condition=Q(enrolment__isnull=False),
                name="participant_once_per_enrolment",
            ),
            # Either the personal link or a pseudonym: never both, never neither.
            models.CheckConstraint(
                condition=(Q(enrolment__isnull=False) & Q(pseudonym=""))
                | (Q(enrolment__isnull=True) & ~Q(pseudonym="")),
                name="participant_link_or_pseudonym",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.enrolment_id:
            return str(self.enrolment.trainee)
        return self.pseudonym


class Contribution(models.Model):
    """One thing a participant sent: a word, a poll answer, a move in a débat, a post-it, an
    event of a ligne de vie, a dot placed or taken back.

    Its key is the identifier the phone made up for the answer: sent again after a lost Wi-Fi,
    the same answer finds its row and is stored once. For an anonymous activity it points to no
    participant (a database constraint): only the payload, the round and, for a débat, a ballot
    that the database cannot match to a person.
    """

    id = models.UUIDField(primary_key=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
    )
    # The activity's anonymity when this was sent, so that the database itself refuses an
    # anonymous contribution that names its author.
    anonymous = models.BooleanField(_("anonymous"))
    ballot = models.CharField(max_length=36, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    payload = models.JSONField(_("content"))
    hidden = models.BooleanField(_("hidden"), default=False)
    # A post-it's place in its column, once the facilitator has arranged the column (wall.py);
    # until then, and for the other kinds, none: the order of arrival.
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["activity", "created_at"], name="contribution_by_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=True, participant__isnull=True)
                | Q(anonymous=False, participant__isnull=False),
                name="contribution_anonymous_has_no_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.pk}"

    def set_hidden(self, hidden: bool) -> None:
        """Moderation: hidden from the projector and its results, kept for the facilitator."""
        if not getattr(self.activity.kind_module, "moderated", True):
            raise Refused(gettext("There is nothing to hide in a dot vote: its options are yours."))
        with transaction.atomic():
            Contribution.objects.filter(pk=self.pk).update(hidden=hidden)
            Activity.objects.filter(pk=self.activity_id).update(version=F("version") + 1)
        self.hidden = hidden
