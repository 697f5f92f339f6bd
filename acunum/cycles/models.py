from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from acunum.accounts.models import siret_validator
from acunum.programmes.models import MAX_GROUP_SIZE, ProgrammeVersion, Sequence


class Structure(models.Model):
    """A client structure that orders a cycle for its team."""

    class Kind(models.TextChoices):
        SOCIAL_WORK = "social_work", _("Social work (CHRS, MECS…)")
        SOCIOCULTURAL = "sociocultural", _("Sociocultural (MJC, social centre…)")
        SCHOOL = "school", _("School, from primary to university")
        LIBRARY = "library", _("Media library")
        PUBLIC_SERVICE = "public_service", _("Public service (CAF, Maison de l’Emploi…)")
        OTHER = "other", _("Other")

    class FunderKind(models.TextChoices):
        OPCO = "opco", _("OPCO (training plan)")
        CNFPT = "cnfpt", _("CNFPT")
        OWN_BUDGET = "own_budget", _("The structure’s own budget")
        OTHER = "other", _("Other funder")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    kind_other = models.CharField(_("type, if other"), max_length=200, blank=True)
    # Optional while the cycle is a request; documents that need it refuse without it.
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[siret_validator])
    address = models.CharField(_("address"), max_length=300, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    representative = models.CharField(
        _("representative"),
        max_length=200,
        blank=True,
        help_text=_("Who signs the agreement for the structure, and in what capacity."),
    )
    funder_kind = models.CharField(_("funder"), max_length=20, choices=FunderKind)
    funder_name = models.CharField(
        _("funder name"), max_length=200, blank=True, help_text=_("For example: Uniformation.")
    )
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contacts"),
        blank=True,
        related_name="contact_structures",
    )

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(kind_other=""),
                name="structure_other_kind_named",
                violation_error_message=_("Say what type of structure it is."),
            ),
            models.CheckConstraint(
                condition=~Q(funder_kind="opco") | ~Q(funder_name=""),
                name="structure_opco_named",
                violation_error_message=_("Name the OPCO."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return self.kind_other if self.kind == self.Kind.OTHER else self.get_kind_display()

    @property
    def funder_label(self) -> str:
        return self.funder_name or self.get_funder_kind_display()


class CycleQuerySet(models.QuerySet):
    def for_user(self, user) -> CycleQuerySet:
        """The cycles a staff user may see: all for the OF, theirs for a trainer or contact."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_of_admin:
            return self.all()
        return self.filter(Q(trainers=user) | Q(structure__contacts=user)).distinct()

    def active(self) -> CycleQuerySet:
        return self.exclude(status__in=[Cycle.Status.CLOSED, Cycle.Status.CANCELLED])


class TransitionError(ValidationError):
    pass


class Cycle(models.Model):
    """One delivery of a programme to one structure: the French "action de formation"."""

    class Status(models.TextChoices):
        REQUEST = "request", _("Request")
        QUOTED = "quoted", _("Quoted")
        AGREED = "agreed", _("Agreed")
        SCHEDULED = "scheduled", _("Scheduled")
        IN_TRAINING = "in_training", _("In training")
        ACCOMPANIMENT = "accompaniment", _("Accompaniment")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    # Each status and the ones it may move to. Going one step back is allowed before training
    # starts (a quote revised, an agreement renegotiated); cancelling is possible until then.
    TRANSITIONS = {
        Status.REQUEST: [Status.QUOTED, Status.CANCELLED],
        Status.QUOTED: [Status.AGREED, Status.REQUEST, Status.CANCELLED],
        Status.AGREED: [Status.SCHEDULED, Status.QUOTED, Status.CANCELLED],
        Status.SCHEDULED: [Status.IN_TRAINING, Status.AGREED, Status.CANCELLED],
        Status.IN_TRAINING: [Status.ACCOMPANIMENT, Status.CLOSED],
        Status.ACCOMPANIMENT: [Status.CLOSED],
        Status.CLOSED: [],
        Status.CANCELLED: [],
    }

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme_version = models.ForeignKey(
        ProgrammeVersion,
        verbose_name=_("programme version"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.PROTECT, related_name="cycles"
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="trained_cycles",
        limit_choices_to={"role__in": ["admin", "trainer"]},
    )
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("Room and address of the training.")
    )
    access = models.TextField(
        _("access"),
        blank=True,
        help_text=_("How to get there: public transport, parking, step-free entrance, floor."),
    )
    to_bring = models.TextField(
        _("what to bring"),
        blank=True,
        help_text=_("Printed on the convocations."),
    )
    price = models.DecimalField(
        _("price excluding tax (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.REQUEST)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0), name="cycle_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_version.programme.title} · {self.structure.name}"

    def get_absolute_url(self) -> str:
        return reverse("cycles:detail", args=[self.code])

    @property
    def max_trainees(self) -> int:
        return self.programme_version.max_trainees

    def can_be_changed_by(self, user) -> bool:
        """The OF's admins and the cycle's own trainers; reads the (prefetchable) trainers."""
        return user.is_of_admin or (
            user.can_train and any(t.pk == user.pk for t in self.trainers.all())
        )

    def allowed_transitions(self) -> list[str]:
        return self.TRANSITIONS[self.Status(self.status)]

    def change_status(self, new: str) -> None:
        if new not in self.allowed_transitions():
            raise TransitionError(
                gettext("A cycle cannot go from “%(old)s” to “%(new)s”.")
                % {"old": self.get_status_display(), "new": self.Status(new).label}
                if new in self.Status.values
                else gettext("Unknown status “%(new)s”.") % {"new": new}
            )
        if new == self.Status.SCHEDULED:
            if problems := self.schedule_problems():
                raise TransitionError(
                    gettext("The schedule is not complete: %(problems)s")
                    % {"problems": " ; ".join(problems)}
                )
        self.status = new
        self.save(update_fields=["status"])

    def schedule_problems(self) -> list[str]:
        from acunum.cycles.schedule import check_cycle

        return [str(c) for c in check_cycle(self)]


class Slot(models.Model):
    """A half-day of a cycle: the unit of attendance. A cycle of ACUNUM has 16."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="slots")
    sequence = models.ForeignKey(Sequence, on_delete=models.PROTECT, related_name="slots")
    index = models.PositiveSmallIntegerField(_("number"))
    date = models.DateField(_("date"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["index"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "index"], name="unique_slot_index"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="slot_ends_after_start",
                violation_error_message=_("A slot must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sequence.code} {self.date:%Y-%m-%d} {self.start:%H:%M}"

    @property
    def minutes(self) -> int:
        start = datetime.combine(self.date, self.start)
        return int((datetime.combine(self.date, self.end) - start) / timedelta(minutes=1))

    @property
    def is_morning(self) -> bool:
        return self.start.hour < 12

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start))

    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.end))


class Trainee(models.Model):
    """A person trained. Only what the training and its paperwork need is kept."""

    class Status(models.TextChoices):
        EMPLOYEE = "employee", _("Employee")
        VOLUNTEER = "volunteer", _("Volunteer")

    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="trainees")
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    job = models.CharField(_("job"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    accessibility_needs = models.TextField(
        _("accessibility needs"),
        blank=True,
        help_text=_("Adjustments to plan for (disability, reading, hearing…). Optional."),
    )

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


def link_token(enrolment_pk: int, salt: str) -> str:
    """A personal link's secret, derived from the server's secret key and a random salt.

    The salt alone (in the database) gives nothing away; with the secret key, the link can be
    printed again on a convocation or a card without being replaced. 192 bits, short enough to
    type from a printed card.
    """
    digest = salted_hmac("acunum.personal-link", f"{enrolment_pk}:{salt}", algorithm="sha256")
    return base64.urlsafe_b64encode(digest.digest()[:24]).decode()


def hash_token(token: str) -> str:
    """Only this digest is stored: a copy of the database does not hand out working links."""
    return hashlib.sha256(token.encode()).hexdigest()


class EnrolmentRefused(Exception):
    pass


class CycleFull(EnrolmentRefused):
    pass


class AlreadyEnrolled(EnrolmentRefused):
    pass


class EnrolmentQuerySet(models.QuerySet):
    def enrol(self, cycle: Cycle, trainee: Trainee) -> Enrolment:
        """Give the trainee the lowest free seat, or raise CycleFull or AlreadyEnrolled.

        1. The cycle's row is locked first (PostgreSQL; on SQLite the IMMEDIATE transaction
           already holds the database's write lock), so enrolments into one cycle queue up and
           each reads the seats left by the one before. Retrying after a lost race instead would
           tell some requests "full" while seats are still free.
        2. Seats are unique per cycle and never above the group size (database constraints), so
           even a path that skips this method cannot seat a fifteenth trainee.
        """
        with transaction.atomic():
            list(Cycle.objects.select_for_update().filter(pk=cycle.pk).values_list("pk"))
            # Checked under the lock: two people submitting the same trainee at once would both
            # pass a check made before it. (An email cannot be unique per cycle in the schema,
            # as it lives on the trainee and the cycle on the enrolment.)
            if cycle.enrolments.filter(trainee__email__iexact=trainee.email).exists():
                raise AlreadyEnrolled(
                    gettext("%(email)s is already enrolled in this cycle.")
                    % {"email": trainee.email}
                )
            taken = set(cycle.enrolments.values_list("seat", flat=True))
            free = [s for s in range(1, cycle.max_trainees + 1) if s not in taken]
            if not free:
                raise CycleFull(
                    gettext("The cycle is full: %(max)s trainees at most.")
                    % {"max": cycle.max_trainees}
                )
            enrolment = self.create(cycle=cycle, trainee=trainee, seat=free[0])
            # Every trainee has a link from the start: their convocation prints it.
            enrolment.issue_link()
            return enrolment


class Enrolment(models.Model):
    """A trainee in a cycle, reached by their personal link: no password needed.

    The link's token is derived from the server's secret key and a salt (link_token), and only
    its SHA-256 is kept: a copy of the database does not hand out working links, and the server
    can print the link again (convocation, card). Issuing a new one or revoking it makes the old
    link stop working.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="enrolments")
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="enrolments")
    seat = models.PositiveSmallIntegerField(_("seat"))
    # Empty until the trainer issues a link, and again once it is revoked.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    link_salt = models.CharField(max_length=32, blank=True, editable=False)
    link_issued_at = models.DateTimeField(_("link issued at"), null=True, blank=True)
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["trainee__last_name", "trainee__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "trainee"], name="unique_enrolment"),
            models.UniqueConstraint(fields=["cycle", "seat"], name="unique_seat"),
            models.CheckConstraint(
                condition=Q(seat__gte=1) & Q(seat__lte=MAX_GROUP_SIZE),
                name="seat_within_group_size",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.cycle}"

    @transaction.atomic
    def issue_link(self) -> str:
        """A new personal link: returns its token, to print now; the previous link stops working."""
        self._retire_link()
        self.link_salt = secrets.token_urlsafe(16)
        token = link_token(self.pk, self.link_salt)
        self.token_hash, self.link_issued_at = hash_token(token), timezone.now()
        self.save(update_fields=["token_hash", "link_salt", "link_issued_at"])
        return token

    def current_link(self) -> str | None:
        """The token of the link that works now, or None: never issued, revoked, or issued
        before links could be printed again or under another secret key (issue a new one)."""
        if not self.token_hash or not self.link_salt:
            return None
        token = link_token(self.pk, self.link_salt)
        return token if hash_token(token) == self.token_hash else None

    @transaction.atomic
    def revoke_link(self) -> None:
        """The link stops working (a lost card, a shared link) until the trainer issues another."""
        self._retire_link()
        self.token_hash, self.link_salt, self.link_issued_at = None, "", None
        self.save(update_fields=["token_hash", "link_salt", "link_issued_at"])

    def _retire_link(self) -> None:
        # Remembered so that whoever uses the old link is told it was replaced, and the trainer
        # sees the attempt, rather than a bare "not found".
        if self.token_hash:
            RevokedLink.objects.get_or_create(
                token_hash=self.token_hash, defaults={"enrolment": self}
            )


def trainee_url(token: str) -> str:
    """The path of a trainee's personal link, from the token just issued."""
    return reverse("cycles:trainee-home", args=[token])


class RevokedLink(models.Model):
    """A personal link that no longer opens its enrolment: replaced by a new one, or revoked."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.enrolment} ({self.revoked_at:%Y-%m-%d})"


class NeedsAnalysisQuerySet(models.QuerySet):
    def completed(self) -> NeedsAnalysisQuerySet:
        """The analyses the trainer or the OF completed after talking with the structure: the
        evidence of Qualiopi indicator 4 (see NeedsAnalysis.is_complete)."""
        return self.filter(completed_at__isnull=False)

    def awaiting_completion(self) -> NeedsAnalysisQuerySet:
        return self.filter(completed_at__isnull=True)


class NeedsAnalysis(models.Model):
    """The analysis of a cycle's needs with the structure: Qualiopi indicator 4.

    Two parts. What the structure wrote in the public request form, kept as received: nothing
    changes it afterwards (`complete()` saves only the second part), so that it stays the proof
    of what was asked. Then the trainer's (or the OF's) completion after talking with the
    structure: when, with whom, the needs confirmed, the adaptations planned, those for disabled
    trainees, and who completed it and when. A cycle the OF created itself, after a phone call,
    has no request part (`received_at` is empty) and is completed the same way.
    """

    class Disability(models.TextChoices):
        NO = "no", _("No")
        YES = "yes", _("Yes")
        UNKNOWN = "unknown", _("We do not know yet")

    # The request part: the fields as the requester typed them, whatever the structure's own
    # record says since (it may have been found by its SIRET, with another name).
    RECEIVED_FIELDS = (
        "received_at",
        "structure_name",
        "structure_kind",
        "structure_kind_other",
        "siret",
        "city",
        "funder_kind",
        "funder_name",
        "contact_name",
        "contact_email",
        "contact_phone",
        "trainee_count",
        "trainee_profiles",
        "context",
        "disability",
        "disability_needs",
        "preferred_periods",
        "consent_at",
        "client_digest",
    )
    # The completion: the only fields `complete()` writes.
    COMPLETION_FIELDS = (
        "conversation_date",
        "conversation_with",
        "needs_confirmed",
        "adaptations",
        "disability_adaptations",
        "completed_by",
        "completed_at",
    )

    cycle = models.OneToOneField(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="needs_analysis"
    )

    received_at = models.DateTimeField(_("request received at"), null=True, blank=True)
    structure_name = models.CharField(_("structure"), max_length=200, blank=True)
    structure_kind = models.CharField(
        _("type of structure"), max_length=20, choices=Structure.Kind, blank=True
    )
    structure_kind_other = models.CharField(_("type, if other"), max_length=200, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[siret_validator])
    city = models.CharField(_("city"), max_length=100, blank=True)
    funder_kind = models.CharField(
        _("funding considered"), max_length=20, choices=Structure.FunderKind, blank=True
    )
    funder_name = models.CharField(_("funder name"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact’s name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact’s email"), blank=True)
    contact_phone = models.CharField(_("contact’s phone"), max_length=30, blank=True)
    trainee_count = models.PositiveSmallIntegerField(_("number of trainees"), null=True, blank=True)
    trainee_profiles = models.TextField(_("trainees’ profiles"), blank=True)
    context = models.TextField(_("context and needs"), blank=True)
    disability = models.CharField(
        _("disability compensation needed"), max_length=10, choices=Disability, blank=True
    )
    disability_needs = models.TextField(_("disability compensation needs"), blank=True)
    preferred_periods = models.TextField(_("preferred periods"), blank=True)
    consent_at = models.DateTimeField(_("agreed to be contacted at"), null=True, blank=True)
    # A keyed digest of the address the request came from, for the rate limit
    # (acunum/cycles/requests.py): the address itself is not kept.
    client_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    conversation_date = models.DateField(_("date of the conversation"), null=True, blank=True)
    conversation_with = models.CharField(
        _("talked with"),
        max_length=300,
        blank=True,
        help_text=_("Who took part for the structure, and in what role."),
    )
    needs_confirmed = models.TextField(_("needs confirmed"), blank=True)
    adaptations = models.TextField(_("adaptations planned"), blank=True)
    disability_adaptations = models.TextField(_("adaptations for disabled trainees"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = NeedsAnalysisQuerySet.as_manager()

    class Meta:
        verbose_name = _("needs analysis")
        verbose_name_plural = _("needs analyses")
        constraints = [
            # A completed analysis says when the conversation took place, with whom, the needs
            # confirmed and what is planned for disabled trainees (even "none needed").
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | (
                    Q(conversation_date__isnull=False)
                    & ~Q(conversation_with="")
                    & ~Q(needs_confirmed="")
                    & ~Q(disability_adaptations="")
                ),
                name="needs_analysis_completion_complete",
            ),
            # A request received from the form says who to call back and what is asked.
            models.CheckConstraint(
                condition=Q(received_at__isnull=True)
                | (~Q(contact_email="") & ~Q(context="") & Q(consent_at__isnull=False)),
                name="needs_analysis_request_complete",
            ),
            models.CheckConstraint(
                condition=Q(trainee_count__isnull=True)
                | (Q(trainee_count__gte=1) & Q(trainee_count__lte=MAX_GROUP_SIZE)),
                name="needs_analysis_trainees_within_group_size",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self._meta.verbose_name}"

    @property
    def is_request(self) -> bool:
        """The cycle came from the public request form (rather than from the OF)."""
        return self.received_at is not None

    @property
    def is_complete(self) -> bool:
        """Completed after the conversation with the structure: the evidence of indicator 4.

        `completed_at` is set only by `complete()`, with every field the database constraint
        requires; `NeedsAnalysis.objects.completed()` is the same test for a queryset.
        """
        return self.completed_at is not None

    @property
    def structure_kind_label(self) -> str:
        if self.structure_kind == Structure.Kind.OTHER:
            return self.structure_kind_other
        return self.get_structure_kind_display()

    def complete(self, by, *, when=None, **fields) -> None:
        """Record the completion (or its revision): the fields of COMPLETION_FIELDS only, so
        that the request as received stays as it was; `by` and `when` say who and when."""
        unknown = set(fields) - set(self.COMPLETION_FIELDS)
        if unknown:
            raise ValueError(f"Not part of the completion: {', '.join(sorted(unknown))}.")
        for name, value in fields.items():
            setattr(self, name, value)
        self.completed_by, self.completed_at = by, when or timezone.now()
        if self.pk is None:
            self.save()
        else:
            self.save(update_fields=list(self.COMPLETION_FIELDS))
