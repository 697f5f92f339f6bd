"""One access check per object type. Every view calls one of these before anything else."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from acunum.cycles.models import Cycle, Enrolment, RevokedLink, Slot, hash_token


def get_cycle_for_user(request, code) -> Cycle:
    """A cycle the user may read: the OF's admins, its trainers, its structure's contacts."""
    queryset = Cycle.objects.for_user(request.user).select_related(
        "structure", "programme_version__programme"
    )
    return get_object_or_404(queryset, code=code)


def get_rw_cycle_for_user(request, code) -> Cycle:
    """A cycle the user may change: the OF's admins and the cycle's own trainers."""
    cycle = get_cycle_for_user(request, code)
    if not cycle.can_be_changed_by(request.user):
        raise PermissionDenied
    return cycle


def require_of_admin(request) -> None:
    if not request.user.is_of_admin:
        raise PermissionDenied


class LinkRevoked(Http404):
    """A link that worked once and was replaced or revoked. A view that lets it through answers
    404, like any unknown link; the trainee's pages catch it to say what happened and whom to ask.
    """

    def __init__(self, enrolment: Enrolment):
        super().__init__("revoked link")
        self.enrolment = enrolment


class LinkExpired(LinkRevoked):
    """A link whose training ended more than LINK_DAYS_AFTER_END days ago: the trainee's
    personal data is no longer reachable from a link that may have been passed around or lost
    since. A LinkRevoked, so that every page that explains a revoked link explains this one."""

    def __init__(self, enrolment: Enrolment, expired_on: date):
        super().__init__(enrolment)
        self.expired_on = expired_on


def link_expiry(last_day: date | None) -> date | None:
    """The first day a personal link no longer works: LINK_DAYS_AFTER_END days after the
    cycle's last half-day it still does. None (never) while the cycle has no half-day."""
    try:
        return last_day + timedelta(days=settings.LINK_DAYS_AFTER_END + 1) if last_day else None
    except OverflowError:  # a number of days beyond the calendar: never
        return None


def revoked_link_page(request, error: LinkRevoked | None = None):
    """What a trainee's page answers to a replaced, revoked or expired link (give the
    LinkRevoked caught): whom to ask for a new one, or since when it no longer works."""
    context = {"hide_login": True}
    if isinstance(error, LinkExpired):
        context.update(expired_on=error.expired_on, days=settings.LINK_DAYS_AFTER_END)
    return render(request, "attendance/link_revoked.html", context, status=410)


def get_enrolment_for_token(token: str, today: date | None = None) -> Enrolment:
    """A trainee's personal link opens their own enrolment and nothing else, until it expires."""
    # Only the token's SHA-256 is stored; comparing digests by index leaks nothing useful about
    # the token, since finding a token with a given digest is infeasible.
    digest = hash_token(token)
    # The cycle's last day comes with the enrolment, in the same query.
    last_day = Slot.objects.filter(cycle=OuterRef("cycle_id")).order_by("-date").values("date")
    try:
        enrolment = (
            Enrolment.objects.select_related(
                "trainee", "cycle__structure", "cycle__programme_version__programme"
            )
            .annotate(cycle_last_day=Subquery(last_day[:1]))
            .get(token_hash=digest)
        )
    except Enrolment.DoesNotExist:
        pass
    else:
        expired_on = link_expiry(enrolment.cycle_last_day)
        if expired_on and (today or timezone.localdate()) >= expired_on:
            raise LinkExpired(enrolment, expired_on)
        return enrolment
    revoked = (
        RevokedLink.objects.filter(token_hash=digest)
        .select_related("enrolment__trainee", "enrolment__cycle")
        .first()
    )
    if revoked:
        raise LinkRevoked(revoked.enrolment)
    raise Http404
