"""The trainer's side: a day's activities (list, add, edit, reorder, launch, lock, close), the
facilitator's page of one activity with its moderation queue, and the projector."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acunum.attendance.views.trainer import qr_svg
from acunum.cycles.access import get_rw_cycle_for_user
from acunum.programmes.models import Sequence
from acunum.workshops import codes, presets, wall
from acunum.workshops.forms import ActivityForm
from acunum.workshops.live import FACILITATOR, PROJECTOR, etag, snapshot
from acunum.workshops.models import Activity, Refused


def _get_day_for_user(request, code, day: str):
    """The cycle and its day, for those who run the cycle (the OF's admins, its trainers)."""
    cycle = get_rw_cycle_for_user(request, code)
    sequence = get_object_or_404(Sequence, version_id=cycle.programme_version_id, code=day)
    return cycle, sequence


def _get_activity_for_user(request, code, day: str, activity: str) -> Activity:
    cycle, sequence = _get_day_for_user(request, code, day)
    found = get_object_or_404(
        Activity.objects.select_related("sequence"),
        cycle=cycle,
        sequence=sequence,
        join_code=codes.clean(activity),
    )
    found.cycle = cycle
    return found


def day_url(activity: Activity) -> str:
    return reverse("workshops:day", args=[activity.cycle.code, activity.sequence.code])


def activity_url(activity: Activity, name: str = "activity") -> str:
    return reverse(
        f"workshops:{name}",
        args=[activity.cycle.code, activity.sequence.code, activity.join_code],
    )


def _back(request, activity: Activity):
    # The day's list and the facilitator's page both carry the same buttons: back to the one used.
    if request.POST.get("back") == "day":
        return redirect(day_url(activity) + f"#activite-{activity.join_code}")
    return redirect(activity_url(activity))


@login_required
@require_GET
def day(request, code, day: str):
    cycle, sequence = _get_day_for_user(request, code, day)
    try:
        proposed = presets.propose_first_time(cycle, sequence)
    except presets.PresetFileError as e:
        proposed = []
        for problem in e.problems:
            messages.error(request, problem)
    if proposed:
        messages.info(
            request,
            ngettext(
                "%(n)s activity is proposed for this day: edit it or launch it as it is.",
                "%(n)s activities are proposed for this day: edit them or launch them.",
                len(proposed),
            )
            % {"n": len(proposed)},
        )
    activities = list(
        Activity.objects.of_day(cycle, sequence).annotate(
            shown=Count("contributions", filter=Q(contributions__hidden=False))
        )
    )
    days = list(
        Sequence.objects.filter(
            version_id=cycle.programme_version_id, kind=Sequence.Kind.DAY
        ).order_by("position")
    )
    return render(
        request,
        "workshops/day.html",
        {
            "cycle": cycle,
            "sequence": sequence,
            "activities": activities,
            "days": days,
            "nav": "dashboard",
        },
    )


@login_required
@require_POST
def propose(request, code, day: str):
    cycle, sequence = _get_day_for_user(request, code, day)
    try:
        added = presets.propose(cycle, sequence)
    except presets.PresetFileError as e:
        for problem in e.problems:
            messages.error(request, problem)
    else:
        if added:
            messages.success(
                request,
                ngettext(
                    "%(n)s activity added from the proposals.",
                    "%(n)s activities added from the proposals.",
                    len(added),
                )
                % {"n": len(added)},
            )
        else:
            messages.info(request, _("Every proposed activity is already in this day."))
    return redirect("workshops:day", cycle.code, sequence.code)


@login_required
@require_http_methods(["GET", "POST"])
def new(request, code, day: str):
    cycle, sequence = _get_day_for_user(request, code, day)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = Activity.objects.add(cycle, sequence, **form.creation_fields())
        messages.success(
            request, _("“%(title)s” is added, as a draft.") % {"title": activity.title}
        )
        return redirect(day_url(activity) + f"#activite-{activity.join_code}")
    return render(
        request,
        "workshops/activity_form.html",
        {"cycle": cycle, "sequence": sequence, "form": form, "nav": "dashboard"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, code, day: str, activity: str):
    activity = _get_activity_for_user(request, code, day, activity)
    form = ActivityForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            form.apply(activity).save()
        except ValidationError as e:
            # Someone answered between the page's check and the save: nothing was changed.
            activity.refresh_from_db()
            for message in e.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": activity.title})
            return redirect(day_url(activity) + f"#activite-{activity.join_code}")
    return render(
        request,
        "workshops/activity_form.html",
        {
            "cycle": activity.cycle,
            "sequence": activity.sequence,
            "activity": activity,
            "form": form,
            "nav": "dashboard",
        },
    )


@login_required
@require_POST
def move(request, code, day: str, activity: str):
    activity = _get_activity_for_user(request, code, day, activity)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Say whether to move the activity up or down."))
    else:
        activity.move(-1 if direction == "up" else 1)
    return redirect(day_url(activity) + f"#activite-{activity.join_code}")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, code, day: str, activity: str):
    """Asks first, saying what goes with the activity; deletes on the confirmation's POST."""
    activity = _get_activity_for_user(request, code, day, activity)
    if request.method == "POST":
        try:
            activity.remove()
        except Refused as refused:
            messages.error(request, str(refused))
            return redirect(activity_url(activity, "delete"))
        messages.success(request, _("“%(title)s” is deleted.") % {"title": activity.title})
        return redirect("workshops:day", activity.cycle.code, activity.sequence.code)
    return render(
        request,
        "workshops/delete.html",
        {
            "cycle": activity.cycle,
            "sequence": activity.sequence,
            "activity": activity,
            "running": activity.state in (Activity.State.OPEN, Activity.State.LOCKED),
            "contributions": activity.contributions.count(),
            "participants": activity.participants.contributors().count(),
            "nav": "dashboard",
        },
    )


@login_required
@require_POST
def change_state(request, code, day: str, activity: str):
    activity = _get_activity_for_user(request, code, day, activity)
    try:
        activity.change_state(request.POST.get("state", ""))
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("“%(title)s” is now: %(state)s.")
            % {"title": activity.title, "state": activity.get_state_display().lower()},
        )
    return _back(request, activity)


@login_required
@require_POST
def results(request, code, day: str, activity: str):
    activity = _get_activity_for_user(request, code, day, activity)
    shown = request.POST.get("shown") == "1"
    activity.show_results(shown)
    messages.success(
        request,
        _("The results are shown on the projector.")
        if shown
        else _("The results are hidden from the projector."),
    )
    return _back(request, activity)


@login_required
@require_POST
def next_round(request, code, day: str, activity: str):
    activity = _get_activity_for_user(request, code, day, activity)
    try:
        activity.next_round()
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Round %(n)s starts: everyone places themselves again.") % {"n": activity.round},
        )
    return _back(request, activity)


@login_required
@require_POST
def moderate(request, code, day: str, activity: str):
    activity = _get_activity_for_user(request, code, day, activity)
    try:
        ident = uuid.UUID(request.POST.get("contribution", ""))
    except ValueError:
        raise Http404 from None
    contribution = get_object_or_404(activity.contributions, pk=ident)
    hidden = request.POST.get("hidden") == "1"
    try:
        contribution.set_hidden(hidden)
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("The contribution is hidden from the projector.")
            if hidden
            else _("The contribution is shown again."),
        )
    return redirect(activity_url(activity) + "#file")


@login_required
@require_POST
def arrange(request, code, day: str, activity: str):
    """A post-it wall's card, up or down its column, or into another column."""
    activity = _get_activity_for_user(request, code, day, activity)
    try:
        ident = uuid.UUID(request.POST.get("contribution", ""))
    except ValueError:
        raise Http404 from None
    card = get_object_or_404(activity.contributions, pk=ident)
    direction = request.POST.get("direction")
    try:
        if direction in ("up", "down"):
            moved = wall.move_card(activity, card, -1 if direction == "up" else 1)
        elif "column" in request.POST:
            moved = wall.move_card_to(activity, card, request.POST["column"][:10])
        else:
            raise Refused(_("Say where to move the post-it: up, down or to another column."))
    except Refused as refused:
        messages.error(request, str(refused))
        return redirect(activity_url(activity) + "#h-results")
    if moved:
        messages.success(request, _("The post-it is moved."))
    else:
        messages.info(request, _("The post-it is already there."))
    return redirect(activity_url(activity) + f"#carte-{card.pk}")


@login_required
@require_GET
def facilitate(request, code, day: str, activity: str):
    activity = _get_activity_for_user(request, code, day, activity)
    siblings = list(
        Activity.objects.of_day(activity.cycle, activity.sequence).only("join_code", "title")
    )
    place = next(i for i, a in enumerate(siblings) if a.pk == activity.pk)
    return render(
        request,
        "workshops/facilitate.html",
        {
            "cycle": activity.cycle,
            "sequence": activity.sequence,
            "activity": activity,
            "live": snapshot(activity, FACILITATOR),
            "etag": etag(activity, FACILITATOR),
            "previous": siblings[place - 1] if place > 0 else None,
            "next": siblings[place + 1] if place + 1 < len(siblings) else None,
            "nav": "dashboard",
        },
    )


def join_url(request, activity: Activity) -> str:
    """The address phones open, from the address this page was opened at: on a room's Wi-Fi,
    the laptop's (README: open Acunum on the laptop at the address `serve --lan` prints)."""
    return request.build_absolute_uri(reverse("workshops:join-activity", args=[activity.join_code]))


@login_required
@require_GET
def projector(request, code, day: str, activity: str):
    activity = _get_activity_for_user(request, code, day, activity)
    url = join_url(request, activity)
    return render(
        request,
        "workshops/projector.html",
        {
            "cycle": activity.cycle,
            "activity": activity,
            "live": snapshot(activity, PROJECTOR),
            "etag": etag(activity, PROJECTOR),
            "join_url": url,
            "join_home": request.build_absolute_uri(reverse("workshops:join")),
            "qr": qr_svg(url, _("QR code to join: %(url)s") % {"url": url}),
        },
    )


DAY = "cycles/<uuid:code>/ateliers/<str:day>/"
ACTIVITY = DAY + "<str:activity>/"
urlpatterns = [
    path(DAY, day, name="day"),
    path(DAY + "proposer/", propose, name="propose"),
    path(DAY + "nouvelle/", new, name="new"),
    path(ACTIVITY, facilitate, name="activity"),
    path(ACTIVITY + "modifier/", edit, name="edit"),
    path(ACTIVITY + "deplacer/", move, name="move"),
    path(ACTIVITY + "supprimer/", delete, name="delete"),
    path(ACTIVITY + "etat/", change_state, name="state"),
    path(ACTIVITY + "resultats/", results, name="results"),
    path(ACTIVITY + "tour/", next_round, name="next-round"),
    path(ACTIVITY + "moderer/", moderate, name="moderate"),
    path(ACTIVITY + "ranger/", arrange, name="arrange"),
    path(ACTIVITY + "projection/", projector, name="projector"),
]
