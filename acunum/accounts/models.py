from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

siret_validator = RegexValidator(r"^\d{14}$", _("A SIRET number has exactly 14 digits."))


class User(AbstractUser):
    """A person with a staff login. Trainees have no account: they use a personal link."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Training organisation administrator")
        TRAINER = "trainer", _("Trainer")
        CONTACT = "contact", _("Structure contact")

    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.TRAINER)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_of_admin(self) -> bool:
        return self.is_active and (self.role == self.Role.ADMIN or self.is_superuser)

    # The OF's administrators run the whole install: the back office is theirs without having
    # to hand out Django permissions one by one.
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_of_admin or super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return self.is_of_admin or super().has_module_perms(app_label)

    @property
    def can_train(self) -> bool:
        return self.is_active and self.role in (self.Role.ADMIN, self.Role.TRAINER)


class Organisation(models.Model):
    """The certified training organisation (OF) that carries the contracts. One per install."""

    name = models.CharField(_("name"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[siret_validator])
    nda = models.CharField(
        _("activity declaration number (NDA)"),
        max_length=11,
        validators=[RegexValidator(r"^\d{11}$", _("An NDA has exactly 11 digits."))],
    )
    qualiopi_certificate = models.CharField(_("Qualiopi certificate number"), max_length=100)
    qualiopi_certifier = models.CharField(_("Qualiopi certifying body"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=200, blank=True)
    # Kept in the database with the rest, so a backup of the database is a backup of the
    # documents' letterhead. PNG or JPEG, checked on upload (OrganisationAdmin).
    logo = models.BinaryField(_("logo"), blank=True, default=b"")
    vat_exempt = models.BooleanField(
        _("exempt from VAT"),
        default=True,
        help_text=_("Training actions of a declared organisation (article 261-4-4° a of the CGI)."),
    )
    payment_terms = models.TextField(
        _("payment terms"),
        blank=True,
        help_text=_("Printed on quotes and agreements. For example: 30 days from the invoice."),
    )

    class Meta:
        verbose_name = _("training organisation")
        verbose_name_plural = _("training organisations")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Organisation | None:
        return cls.objects.prefetch_related("referents").order_by("pk").first()

    def referent(self, role: str) -> Referent | None:
        return next((r for r in self.referents.all() if r.role == role), None)


class Referent(models.Model):
    """A named person the public and trainees can reach (Qualiopi indicators 1, 9, 18 and 26)."""

    class Role(models.TextChoices):
        PEDAGOGICAL = "pedagogical", _("Pedagogical referent")
        ADMINISTRATIVE = "administrative", _("Administrative referent")
        DISABILITY = "disability", _("Disability referent")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="referents"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("referent")
        verbose_name_plural = _("referents")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "role"], name="one_referent_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} : {self.name}"


class AuditEntryQuerySet(models.QuerySet):
    def about(self, instance) -> AuditEntryQuerySet:
        """What staff did to this person or object (a trainee, a request, a cycle…)."""
        return self.filter(target_type=instance._meta.model_name, target_id=instance.pk)

    def older_than(self, moment) -> AuditEntryQuerySet:
        return self.filter(at__lt=moment)


class AuditAction(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    IMPORT = "import", _("imported")
    DOWNLOAD = "download", _("downloaded")
    EXPORT = "export", _("exported")
    ERASE = "erase", _("erased")
    LINK = "link", _("issued or revoked a link")


class AuditEntry(models.Model):
    """One action of a staff member on personal data: who, when, from where, what, on whom.

    Written by `acunum.accounts.audit.record()`. The target is a type and an id, never a name:
    a person erased later must not survive in the log that records the erasure.
    """

    Action = AuditAction

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    # Kept as written: an account deleted later still names who acted.
    user_name = models.CharField(_("by"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=Action)
    target_type = models.CharField(_("on"), max_length=40)
    target_id = models.BigIntegerField(null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values),
                name="auditentry_action_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.action} {self.target_type}"


class LoginFailureQuerySet(models.QuerySet):
    def recent(self, now) -> LoginFailureQuerySet:
        """The failures that still count: those of the last LoginFailure.WINDOW."""
        return self.filter(at__gt=now - LoginFailure.WINDOW)

    def expired(self, now) -> LoginFailureQuerySet:
        """The failures that no longer count, to delete (each attempt and `acunum retention` do)."""
        return self.filter(at__lte=now - LoginFailure.WINDOW)


class LoginFailure(models.Model):
    """A failed staff login, counted to slow down password guessing (acunum/accounts/login.py).

    In the database, not in a process's memory, so that the limit holds across the server's
    processes. The username and the address are kept as keyed digests: a password typed in the
    username field by mistake must not be readable here, and the rows only need to be counted.
    """

    WINDOW = timedelta(minutes=15)

    username_digest = models.CharField(max_length=64)
    address_digest = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = LoginFailureQuerySet.as_manager()

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [
            models.Index(fields=["username_digest", "at"]),
            models.Index(fields=["address_digest", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username_digest[:8]}"
