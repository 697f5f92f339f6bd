"""One access check per object type. Every view calls one of these before anything else."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from acunum.cycles.models import Cycle, Enrolment


def get_cycle_for_user(request, code) -> Cycle:
    """A cycle the user may read: the OF's admins, its trainers, its structure's contacts."""
    queryset = Cycle.objects.for_user(request.user).select_related(
        "structure", "programme_version__programme"
    )
    return get_object_or_404(queryset, code=code)


def get_rw_cycle_for_user(request, code) -> Cycle:
    """A cycle the user may change: the OF's admins and the cycle's own trainers."""
    cycle = get_cycle_for_user(request, code)
    user = request.user
    if not (user.is_of_admin or (user.can_train and cycle.trainers.filter(pk=user.pk).exists())):
        raise PermissionDenied
    return cycle


def require_of_admin(request) -> None:
    if not request.user.is_of_admin:
        raise PermissionDenied


def get_enrolment_for_token(token: str) -> Enrolment:
    """A trainee's personal link opens their own enrolment and nothing else."""
    try:
        return Enrolment.objects.select_related(
            "trainee", "cycle__structure", "cycle__programme_version__programme"
        ).get(token=token)
    except Enrolment.DoesNotExist:
        raise Http404 from None
