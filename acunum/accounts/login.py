"""Staff login, slowed down for password guessers: the site's login and the Django admin's.

After FAILURES_PER_USERNAME failures for one username in LoginFailure.WINDOW, or
FAILURES_PER_ADDRESS from one address, further attempts for that username or from that address
are refused (HTTP 429) without the password being checked, so that even the right one does not
get in before the time the page gives. A successful login clears its username's failures.

Each attempt is written down BEFORE its password is checked, and deleted if the password was
right. Attempts sent at once from several server processes thus see each other: of a burst of
parallel guesses, only the first few find fewer than the limit ahead of them, whereas counting
first and writing after a wrong password would let the whole burst through.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from acunum.accounts.models import LoginFailure

FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 20


class TooManyFailures(Exception):
    def __init__(self, until: datetime, *, address: bool):
        super().__init__(until)
        self.until = until
        self.address = address  # blocked for the address, rather than for the username

    def message(self) -> str:
        # Rounded up to the minute: "until 14:32" must not name a time when it is still blocked.
        until = timezone.localtime(self.until)
        if until.second or until.microsecond:
            until = until.replace(second=0, microsecond=0) + timedelta(minutes=1)
        if self.address:
            text = _(
                "Too many failed login attempts from your connection: for security, logging in "
                "from it is blocked until %(time)s. Please try again then."
            )
        else:
            text = _(
                "Too many failed login attempts for this username: for security, logging in "
                "with it is blocked until %(time)s. Please try again then, or ask the training "
                "organisation to set a new password."
            )
        return text % {"time": time_format(until)}


def _digest(kind: str, value: str) -> str:
    return salted_hmac(f"acunum.login-{kind}", value, algorithm="sha256").hexdigest()


def _username_digest(username: str) -> str:
    # Case folded: "Alice" and "alice" are one target for a guesser.
    return _digest("username", username.strip().casefold())


def _blocked_until(failures, limit: int, now: datetime, attempt: LoginFailure) -> datetime | None:
    """When the limit frees a place, if `limit` failures (other than this attempt) still count."""
    ats = (
        failures.recent(now)
        .exclude(pk=attempt.pk)
        .order_by("-at")
        .values_list("at", flat=True)[limit - 1 : limit]
    )
    return ats[0] + LoginFailure.WINDOW if ats else None


def begin(username: str, address: str, now: datetime | None = None) -> LoginFailure:
    """Write the attempt down, counted as a failure until `succeeded()`; raises TooManyFailures
    (and keeps nothing) when the username or the address has reached its limit."""
    now = now or timezone.now()
    # The table holds the last minutes only: whoever logs in keeps it small.
    LoginFailure.objects.expired(now).delete()
    attempt = LoginFailure.objects.create(
        username_digest=_username_digest(username),
        address_digest=_digest("address", address),
        at=now,
    )
    limits = [
        (
            LoginFailure.objects.filter(username_digest=attempt.username_digest),
            FAILURES_PER_USERNAME,
        ),
        (LoginFailure.objects.filter(address_digest=attempt.address_digest), FAILURES_PER_ADDRESS),
    ]
    for (failures, limit), by_address in zip(limits, (False, True), strict=True):
        if until := _blocked_until(failures, limit, now, attempt):
            attempt.delete()
            raise TooManyFailures(until, address=by_address)
    return attempt


def succeeded(username: str) -> None:
    LoginFailure.objects.filter(username_digest=_username_digest(username)).delete()


class RateLimitedLoginMixin:
    """For an AuthenticationForm: refuses, without checking the password, past the limits."""

    blocked: TooManyFailures | None = None

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()  # the empty field says so; no password is checked
        address = (self.request.META.get("REMOTE_ADDR") if self.request else None) or ""
        try:
            begin(username, address)
        except TooManyFailures as blocked:
            self.blocked = blocked
            raise ValidationError(blocked.message(), code="too_many_attempts") from None
        try:
            return super().clean()
        finally:
            # The right password clears the failures, even for an account then refused (an
            # inactive one, or a trainer at the admin's door): it was not a guess.
            if self.user_cache is not None:
                succeeded(username)


class LoginForm(RateLimitedLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(RateLimitedLoginMixin, AdminAuthenticationForm):
    pass


def too_many_requests(response):
    """429 for a login page whose form was refused for too many failures."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    if getattr(form, "blocked", None) is not None:
        response.status_code = 429
    return response


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        return too_many_requests(super().form_invalid(form))


def rate_limited_admin_login(login):
    """The Django admin's login (AdminSite.login), with the same limits as the site's."""

    def admin_login(request, extra_context=None):
        return too_many_requests(login(request, extra_context))

    return admin_login
