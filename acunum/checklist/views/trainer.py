"""The trainer's view of the room: who asks for help, and where each trainee is in each item."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acunum.checklist import lists
from acunum.checklist.models import StepStatus
from acunum.checklist.platforms import SHORT, Item
from acunum.cycles.access import get_rw_cycle_for_user
from acunum.workshops.views.live import if_changed


@login_required
@require_GET
def room(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    waiting, rows = lists.room(cycle)
    return render(
        request,
        "checklist/room.html",
        {
            "cycle": cycle,
            "waiting": waiting,
            "rows": rows,
            "items": [(SHORT[item], item.label) for item in Item],
            "watch_etag": lists.room_etag(cycle),
            "nav": "dashboard",
        },
    )


@login_required
@require_GET
def room_watch(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    return if_changed(request, lists.room_etag(cycle), lambda: {"changed": True})


@login_required
@require_POST
def helped(request, code, status: int):
    cycle = get_rw_cycle_for_user(request, code)
    found = get_object_or_404(StepStatus.objects.of_cycle(cycle), pk=status)
    lists.mark_helped(found)
    messages.success(
        request,
        _("%(name)s’s request is marked as answered.")
        % {"name": found.enrolment.trainee.first_name},
    )
    return redirect("checklist:room", cycle.code)


urlpatterns = [
    path("cycles/<uuid:code>/reglages/", room, name="room"),
    path("cycles/<uuid:code>/reglages/etat/", room_watch, name="room-watch"),
    path("cycles/<uuid:code>/reglages/aide/<int:status>/", helped, name="helped"),
]
