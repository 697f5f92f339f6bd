"""One access check per object type. Every view calls one of these before anything else."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from acunum.cycles.models import Cycle, Enrolment, RevokedLink, hash_token


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


def revoked_link_page(request):
    """What a trainee's page answers to a replaced or revoked link: whom to ask for a new one."""
    return render(request, "attendance/link_revoked.html", {"hide_login": True}, status=410)


def get_enrolment_for_token(token: str) -> Enrolment:
    """A trainee's personal link opens their own enrolment and nothing else."""
    # Only the token's SHA-256 is stored; comparing digests by index leaks nothing useful about
    # the token, since finding a token with a given digest is infeasible.
    digest = hash_token(token)
    try:
        return Enrolment.objects.select_related(
            "trainee", "cycle__structure", "cycle__programme_version__programme"
        ).get(token_hash=digest)
    except Enrolment.DoesNotExist:
        pass
    revoked = (
        RevokedLink.objects.filter(token_hash=digest)
        .select_related("enrolment__trainee", "enrolment__cycle")
        .first()
    )
    if revoked:
        raise LinkRevoked(revoked.enrolment)
    raise Http404
