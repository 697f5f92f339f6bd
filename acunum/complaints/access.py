"""The access checks of the trainers' files and the complaints: every view calls one first."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from acunum.accounts.models import User
from acunum.complaints.models import Complaint
from acunum.cycles.access import require_of_admin


def get_trainer_for_user(request, pk: int) -> User:
    """A trainer's file: the OF's administrators read every one, a trainer only their own."""
    user = request.user
    if not (user.is_active and (user.is_of_admin or user.pk == pk)):
        raise Http404
    return get_object_or_404(User, pk=pk, role=User.Role.TRAINER)


def get_trainer_for_admin(request, pk: int) -> User:
    """A trainer's file to add to: the OF's administrators only."""
    require_of_admin(request)
    return get_object_or_404(User, pk=pk, role=User.Role.TRAINER)


def get_complaint_for_admin(request, code) -> Complaint:
    require_of_admin(request)
    return get_object_or_404(
        Complaint.objects.select_related(
            "cycle__structure", "cycle__programme_version__programme", "enrolment__trainee"
        ),
        code=code,
    )
