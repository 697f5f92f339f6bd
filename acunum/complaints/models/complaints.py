"""Complaints and incidents (Qualiopi indicator 31) and the improvements they lead to (32).

Anyone involved in a cycle may report a difficulty: a trainee from their personal link, the
structure's contact, the trainer, or the OF's administrator (who may also record one that came
by phone or mail, about no cycle in particular). The administrator then acknowledges it,
answers it and closes it, each step dated: the auditor reads the delays from those dates.

An improvement records what the OF changes and why: a complaint, an incident, or a satisfaction
result (a cycle's questionnaires or published indicators, referred to in a note).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from acunum.cycles.models import Cycle, Enrolment


class Refused(Exception):
    """Why nothing was recorded, in words for the person who asked. `field` names the form
    field at fault, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """From the start of `start` to the start of the day after `end`, in the local time zone."""
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return first, after


class ComplaintQuerySet(models.QuerySet):
    """Named selections, for the pages and for the evidence of indicators 31 and 32."""

    def of_cycle(self, cycle: Cycle) -> ComplaintQuerySet:
        """The complaints and incidents reported about `cycle`."""
        return self.filter(cycle=cycle)

    def in_period(self, start: date, end: date) -> ComplaintQuerySet:
        """Those received from `start` to `end`, both days included (local dates)."""
        first, after = _day_bounds(start, end)
        return self.filter(filed_at__gte=first, filed_at__lt=after)

    def open(self) -> ComplaintQuerySet:
        """Those not closed yet, whatever step they are at."""
        return self.exclude(status=Complaint.Status.CLOSED)

    def complaints(self) -> ComplaintQuerySet:
        return self.filter(kind=Complaint.Kind.COMPLAINT)

    def incidents(self) -> ComplaintQuerySet:
        return self.filter(kind=Complaint.Kind.INCIDENT)

    def open_first(self) -> ComplaintQuerySet:
        """Open ones first, the oldest first (they have waited longest); then the closed ones,
        the latest first."""
        closed = Case(When(status=Complaint.Status.CLOSED, then=Value(1)), default=Value(0))
        return self.annotate(is_closed=closed).order_by(
            "is_closed",
            Case(When(is_closed=0, then=F("filed_at"))).asc(nulls_last=True),
            "-filed_at",
            "-pk",
        )


class Complaint(models.Model):
    """A complaint or an incident, from its report to its closure."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        INCIDENT = "incident", _("Incident")

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("complaint status", "Received")
        ACKNOWLEDGED = "acknowledged", pgettext_lazy("complaint status", "Acknowledged")
        ANSWERED = "answered", pgettext_lazy("complaint status", "Answered")
        CLOSED = "closed", pgettext_lazy("complaint status", "Closed")

    class By(models.TextChoices):
        TRAINEE = "trainee", _("Trainee")
        CONTACT = "contact", _("Structure contact")
        TRAINER = "trainer", _("Trainer")
        ADMIN = "admin", _("Training organisation")

    # Each status and the ones it may move to. Closing without an answer is for a report that
    # asked for none (an incident noted, a remark); see close().
    TRANSITIONS = {
        Status.RECEIVED: [Status.ACKNOWLEDGED],
        Status.ACKNOWLEDGED: [Status.ANSWERED, Status.CLOSED],
        Status.ANSWERED: [Status.CLOSED],
        Status.CLOSED: [],
    }

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    # Required of everyone but the OF's administrator, who may record one about no cycle.
    cycle = models.ForeignKey(
        Cycle,
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    text = models.TextField(_("what happened"), max_length=5000)
    wants_answer = models.BooleanField(_("an answer is expected"), default=True)

    # Who reported it: a trainee through their link (no account), or a staff user. The name is
    # kept as it was, so the record reads the same if the account or the enrolment goes.
    by = models.CharField(_("reported by"), max_length=10, choices=By)
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="filed_complaints",
    )
    name = models.CharField(_("name"), max_length=200)
    on_behalf_of = models.CharField(
        _("on behalf of"),
        max_length=200,
        blank=True,
        help_text=_("Who reported it, if not you: for example, the funder, by phone."),
    )
    filed_at = models.DateTimeField(_("received at"), default=timezone.now)

    status = models.CharField(_("status"), max_length=15, choices=Status, default=Status.RECEIVED)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint or incident")
        verbose_name_plural = _("complaints and incidents")
        ordering = ["-filed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["complaint", "incident"]), name="complaint_known_kind"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="complaint_has_text"),
            models.CheckConstraint(
                condition=Q(by="admin") | Q(cycle__isnull=False), name="complaint_names_its_cycle"
            ),
            models.CheckConstraint(
                condition=~Q(by="trainee") | Q(user__isnull=True),
                name="complaint_author_consistent",
            ),
            # Each status has exactly the dates of the steps it went through.
            models.CheckConstraint(
                condition=(
                    Q(
                        status="received",
                        acknowledged_on__isnull=True,
                        answered_on__isnull=True,
                        closed_on__isnull=True,
                    )
                    | Q(
                        status="acknowledged",
                        acknowledged_on__isnull=False,
                        answered_on__isnull=True,
                        closed_on__isnull=True,
                    )
                    | Q(
                        status="answered",
                        acknowledged_on__isnull=False,
                        answered_on__isnull=False,
                        closed_on__isnull=True,
                    )
                    | Q(status="closed", acknowledged_on__isnull=False, closed_on__isnull=False)
                ),
                name="complaint_status_matches_its_dates",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True)
                | (Q(answered_on__gte=F("acknowledged_on")) & ~Q(answer="")),
                name="complaint_answer_after_acknowledgement",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | (
                    Q(closed_on__gte=F("acknowledged_on"))
                    & (Q(answered_on__isnull=True) | Q(closed_on__gte=F("answered_on")))
                ),
                name="complaint_closed_last",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filed_on:%Y-%m-%d} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.code])

    @property
    def filed_on(self) -> date:
        return timezone.localdate(self.filed_at)

    @property
    def days_to_acknowledge(self) -> int | None:
        return (self.acknowledged_on - self.filed_on).days if self.acknowledged_on else None

    @property
    def days_to_answer(self) -> int | None:
        return (self.answered_on - self.filed_on).days if self.answered_on else None

    def days_waiting(self, today: date) -> int | None:
        """Since it was received, for one still waiting for its acknowledgement or answer."""
        if self.status == self.Status.RECEIVED or (
            self.status == self.Status.ACKNOWLEDGED and self.wants_answer
        ):
            return (today - self.filed_on).days
        return None

    def allowed_transitions(self) -> list[str]:
        return self.TRANSITIONS[self.Status(self.status)]

    def offered_steps(self) -> list[str]:
        """The steps the administrator may take now. A report that expects an answer is
        answered before it is closed; one that expects none may be closed at once."""
        if self.status == self.Status.ACKNOWLEDGED and self.wants_answer:
            return [self.Status.ANSWERED]
        return self.allowed_transitions()

    # The three steps. Each is dated by the administrator (a complaint acknowledged by phone is
    # recorded afterwards), never in the future, and never before the step it follows.

    def acknowledge(self, on: date, user, today: date) -> None:
        self._move(self.Status.ACKNOWLEDGED, on, today, user)

    def record_answer(self, on: date, text: str, user, today: date) -> None:
        if not text.strip():
            raise Refused(gettext("Write the answer given to the person."), "text")
        self._move(self.Status.ANSWERED, on, today, user, text=text)

    def close(self, on: date, user, today: date) -> None:
        self._move(self.Status.CLOSED, on, today, user)

    def _move(self, new, on: date, today: date, user, text: str = "") -> None:
        with transaction.atomic():
            # Read again under a lock: two administrators on the same report take turns, and the
            # second is told it has already moved on.
            current = Complaint.objects.select_for_update().get(pk=self.pk)
            if new not in current.allowed_transitions():
                raise Refused(
                    gettext("This report is “%(old)s”: it cannot become “%(new)s”.")
                    % {"old": current.get_status_display(), "new": self.Status(new).label}
                )
            if new == self.Status.CLOSED and current.answered_on is None and current.wants_answer:
                raise Refused(
                    gettext("An answer is expected: record the answer before closing."), "date"
                )
            if on > today:
                raise Refused(gettext("This date is in the future."), "date")
            after = {
                self.Status.ACKNOWLEDGED: current.filed_on,
                self.Status.ANSWERED: current.acknowledged_on,
                self.Status.CLOSED: current.answered_on or current.acknowledged_on,
            }[new]
            if on < after:
                raise Refused(self._too_early(new, after), "date")
            changes = {"status": new}
            if new == self.Status.ACKNOWLEDGED:
                changes |= {"acknowledged_on": on, "acknowledged_by": user}
            elif new == self.Status.ANSWERED:
                changes |= {"answered_on": on, "answer": text.strip(), "answered_by": user}
            else:
                changes |= {"closed_on": on, "closed_by": user}
            Complaint.objects.filter(pk=self.pk).update(**changes)
        self.refresh_from_db()

    def _too_early(self, new, after: date) -> str:
        day = date_format(after, "SHORT_DATE_FORMAT")
        if new == self.Status.ACKNOWLEDGED:
            return gettext(
                "The acknowledgement cannot be dated before the report was received (%(date)s)."
            ) % {"date": day}
        if new == self.Status.ANSWERED:
            return gettext("The answer cannot be dated before the acknowledgement (%(date)s).") % {
                "date": day
            }
        return gettext("The closure cannot be dated before the previous step (%(date)s).") % {
            "date": day
        }


class ImprovementQuerySet(models.QuerySet):
    """Named selections, for the pages and for the evidence of indicator 32."""

    def in_period(self, start: date, end: date) -> ImprovementQuerySet:
        """The improvements decided from `start` to `end`, both days included."""
        return self.filter(decided_on__gte=start, decided_on__lte=end)

    def of_cycle(self, cycle: Cycle) -> ImprovementQuerySet:
        """Those caused by a complaint or incident about `cycle`, or by its satisfaction."""
        return self.filter(Q(cycle=cycle) | Q(complaint__cycle=cycle))

    def planned(self) -> ImprovementQuerySet:
        return self.filter(status=Improvement.Status.PLANNED)

    def done(self) -> ImprovementQuerySet:
        return self.filter(status=Improvement.Status.DONE)


class Improvement(models.Model):
    """A change the OF decides, and what caused it (indicator 32)."""

    class Cause(models.TextChoices):
        COMPLAINT = "complaint", _("A complaint")
        INCIDENT = "incident", _("An incident")
        SATISFACTION = "satisfaction", _("A satisfaction result")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("improvement status", "Planned")
        DONE = "done", pgettext_lazy("improvement status", "Done")

    what = models.TextField(_("what changes"), max_length=5000)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(
        _("decided by"), max_length=200, help_text=_("A person or a team: who decided it.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    cause = models.CharField(_("cause"), max_length=15, choices=Cause)
    # A complaint or an incident (by its cause), or, for a satisfaction result, the cycle whose
    # questionnaires or published indicators showed it, with a note saying which result.
    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint or incident"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvements",
    )
    cycle = models.ForeignKey(
        Cycle,
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvements",
    )
    source_note = models.CharField(
        _("which result"),
        max_length=300,
        blank=True,
        help_text=_("For example: hot satisfaction, 4 of 12 found the pace too fast."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ImprovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement")
        verbose_name_plural = _("improvements")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="improvement_says_what"),
            models.CheckConstraint(
                condition=(
                    Q(
                        cause__in=["complaint", "incident"],
                        complaint__isnull=False,
                        cycle__isnull=True,
                    )
                    | Q(cause="satisfaction", complaint__isnull=True, cycle__isnull=False)
                ),
                name="improvement_names_its_cause",
            ),
            models.CheckConstraint(
                condition=Q(status="planned", done_on__isnull=True)
                | Q(status="done", done_on__isnull=False, done_on__gte=F("decided_on")),
                name="improvement_done_after_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decided_on:%Y-%m-%d} · {self.what[:60]}"

    @property
    def source_cycle(self) -> Cycle | None:
        return self.cycle if self.cycle_id else (self.complaint.cycle if self.complaint else None)
