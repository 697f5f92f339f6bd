from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Max, Min, Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acunum.accounts import audit
from acunum.accounts.models import Organisation, User
from acunum.attendance import agenda, signing
from acunum.attendance.hours import cycle_assiduity
from acunum.attendance.state import SlotSummary, slot_summaries
from acunum.cycles import calendar, schedule
from acunum.cycles.access import (
    LinkRevoked,
    get_cycle_for_user,
    get_enrolment_for_token,
    get_rw_cycle_for_user,
    require_of_admin,
    revoked_link_page,
)
from acunum.cycles.forms import (
    CycleForm,
    ImportForm,
    ScheduleForm,
    SlotForm,
    StatusForm,
    TraineeForm,
)
from acunum.cycles.imports import MAX_BYTES, import_trainees
from acunum.cycles.models import AlreadyEnrolled, Cycle, CycleFull, Enrolment, TransitionError


@login_required
@require_GET
def dashboard(request):
    cycles = (
        Cycle.objects.for_user(request.user)
        .select_related("structure", "programme_version__programme")
        .prefetch_related(Prefetch("trainers", queryset=User.objects.order_by("last_name")))
        .annotate(
            trainee_count=Count("enrolments", distinct=True),
            first_date=Min("slots__date"),
            last_date=Max("slots__date"),
        )
        .order_by("first_date", "-created_at")
    )
    live = [c for c in cycles if c.status not in (Cycle.Status.CLOSED, Cycle.Status.CANCELLED)]
    ended = [c for c in cycles if c not in live]
    return render(
        request,
        "cycles/dashboard.html",
        {"live": live, "ended": ended, "nav": "dashboard", "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_new(request):
    require_of_admin(request)
    form = CycleForm(request.POST or None)
    if form.is_valid():
        cycle = form.save()
        messages.success(request, _("Cycle created. Next: propose its schedule."))
        return redirect(cycle)
    return render(request, "cycles/cycle_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    require_of_admin(request)
    form = CycleForm(request.POST or None, instance=cycle)
    if form.is_valid():
        form.save()
        messages.success(request, _("Cycle saved."))
        return redirect(cycle)
    return render(request, "cycles/cycle_form.html", {"form": form, "cycle": cycle})


@login_required
@require_GET
def cycle_detail(request, code):
    cycle = get_cycle_for_user(request, code)
    # The edit rights, the schedule check and the page all read the trainers: load them once.
    prefetch_related_objects([cycle], "trainers")
    slots = list(cycle.slots.select_related("sequence", "window"))
    conflicts = schedule.check_cycle(cycle) if slots else []
    summaries = slot_summaries(cycle) if slots else {}
    for slot in slots:
        window = signing.window_of(slot)
        slot.attendance = summaries.get(slot.pk) or SlotSummary()
        slot.attendance_state = window.state() if window else "not_opened"
    by_slot: dict[int, list[str]] = {}
    for conflict in conflicts:
        if conflict.index is not None:
            by_slot.setdefault(conflict.index, []).append(conflict.reason)
    for slot in slots:
        slot.conflicts = by_slot.get(slot.index, [])
    enrolments = list(cycle.enrolments.select_related("trainee"))
    trainers = list(cycle.trainers.all())
    can_edit = cycle.can_be_changed_by(request.user)
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "cycle": cycle,
            "slots": slots,
            "total_minutes": sum(s.minutes for s in slots),
            "general_conflicts": [c for c in conflicts if c.index is None],
            "conflict_count": len(conflicts),
            "enrolments": enrolments,
            "assiduity": cycle_assiduity(cycle, slots, enrolments),
            # The documents of the end (certificates, attestations, records) wait for the last
            # half-day to be closed: until then their links would only lead to a refusal.
            "trained": bool(slots) and all(signing.is_closed(slot) for slot in slots),
            "trainers": trainers,
            "can_edit": can_edit,
            "can_admin": request.user.is_of_admin,
            "next_steps": _next_steps(cycle, slots, conflicts, enrolments, trainers),
            "transitions": [Cycle.Status(s) for s in cycle.allowed_transitions()],
            "organisation": Organisation.current(),
            "today": timezone.localdate(),
            "nav": "dashboard",
        },
    )


def _next_steps(cycle, slots, conflicts, enrolments, trainers) -> list[str]:
    """What is left to do before the cycle can move on, in the order one would do it."""
    steps = []
    if not trainers:
        steps.append(_("Assign a trainer."))
    if not cycle.structure.siret:
        steps.append(_("Enter the structure’s SIRET: the agreement and certificates need it."))
    if not cycle.place:
        steps.append(_("Enter the place of the training."))
    if not slots:
        steps.append(_("Propose the schedule of the 16 half-days."))
    elif conflicts:
        steps.append(_("Resolve the schedule conflicts shown below."))
    if len(enrolments) < cycle.max_trainees and cycle.status not in (
        Cycle.Status.CLOSED,
        Cycle.Status.CANCELLED,
        Cycle.Status.ACCOMPANIMENT,
    ):
        steps.append(
            _("Enrol the trainees (%(n)s of %(max)s so far).")
            % {"n": len(enrolments), "max": cycle.max_trainees}
        )
    return steps


@login_required
@require_POST
def cycle_status(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(cycle)
    try:
        cycle.change_status(form.cleaned_data["status"])
    except TransitionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Status: %(status)s.") % {"status": cycle.get_status_display()})
    return redirect(cycle)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_propose(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    # Replacing the slots would delete those the attendance ledger names: once a half-day has
    # been opened for signing, only slot edits remain.
    locked = (
        cycle.status
        in (
            Cycle.Status.IN_TRAINING,
            Cycle.Status.ACCOMPANIMENT,
            Cycle.Status.CLOSED,
            Cycle.Status.CANCELLED,
        )
        or cycle.attendance_events.exists()
    )
    first = cycle.slots.order_by("date").first()
    form = ScheduleForm(
        request.POST or None,
        initial={"start": first.date if first else timezone.localdate()},
    )
    error = None
    if request.method == "POST" and not locked and form.is_valid():
        morning, afternoon = form.half_days()
        constraints = schedule.Constraints(
            start=form.cleaned_data["start"],
            weekdays=frozenset(form.cleaned_data["weekdays"]),
            weeks_between_parts=form.cleaned_data["weeks_between_parts"],
            max_days_per_week=form.cleaned_data["max_days_per_week"],
            prefer_morning=form.cleaned_data["half_day"] == "morning",
            morning=morning,
            afternoon=afternoon,
            busy=schedule.trainer_busy(cycle),
        )
        try:
            planned = schedule.propose(
                schedule.sequence_specs(cycle.programme_version), constraints
            )
        except schedule.ScheduleError as e:
            error = str(e)
        else:
            schedule.save_schedule(cycle, planned)
            messages.success(request, _("Schedule saved: 16 half-days. Every date stays editable."))
            return redirect(cycle)
    return render(
        request,
        "cycles/schedule_form.html",
        {
            "cycle": cycle,
            "form": form,
            "error": error,
            "locked": locked,
            "has_slots": first is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def slot_edit(request, code, index: int):
    cycle = get_rw_cycle_for_user(request, code)
    slot = get_object_or_404(cycle.slots.select_related("sequence"), index=index)
    if slot.attendance_events.exists():
        # Trainees signed for this date and these hours: the ledger keeps them as signed.
        messages.error(
            request,
            _(
                "Attendance has been recorded for this half-day: its date and hours can no longer "
                "change."
            ),
        )
        return redirect(cycle)
    form = SlotForm(request.POST or None, instance=slot)
    if form.is_valid():
        before = {str(c) for c in schedule.check_cycle(cycle)}
        form.save()
        # Moving a slot can break a neighbour (it now starts before the moved slot ends): name
        # every conflict the edit introduced, not only those reported on the slot itself.
        problems = [
            c
            for c in schedule.check_cycle(cycle)
            if c.index in (None, slot.index) or str(c) not in before
        ]
        if problems:
            messages.warning(
                request,
                _("Slot saved, with a conflict: %(conflicts)s")
                % {"conflicts": " ; ".join(str(p) for p in problems)},
            )
        else:
            messages.success(request, _("Slot saved."))
        return redirect(cycle)
    return render(request, "cycles/slot_form.html", {"cycle": cycle, "slot": slot, "form": form})


@login_required
@require_GET
def cycle_calendar(request, code):
    cycle = get_cycle_for_user(request, code)
    response = HttpResponse(calendar.ics(cycle), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="acunum-{cycle.code}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def trainee_add(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    form = TraineeForm(request.POST or None)
    if form.is_valid():
        try:
            with transaction.atomic():
                trainee = form.save(commit=False)
                trainee.email = form.cleaned_data["email"].lower()
                trainee.structure = cycle.structure
                trainee.save()
                Enrolment.objects.enrol(cycle, trainee)
                audit.record(request, audit.Action.CREATE, trainee)
        except AlreadyEnrolled:
            form.add_error("email", _("This person is already enrolled in this cycle."))
        except CycleFull as full:
            form.add_error(None, str(full))
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": trainee})
            if "another" in request.POST:
                return redirect("cycles:trainee-add", cycle.code)
            return redirect(cycle)
    return render(
        request,
        "cycles/trainee_form.html",
        {"cycle": cycle, "form": form, "count": cycle.enrolments.count()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def trainee_import(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if form.is_valid():
        # One byte over the limit is enough for the importer to say the file is too large.
        result = import_trainees(form.cleaned_data["file"].read(MAX_BYTES + 1), cycle)
        if not result.errors:
            n = len(result.enrolments)
            detail = ngettext("%(n)s trainee", "%(n)s trainees", n) % {"n": n}
            audit.record(request, audit.Action.IMPORT, cycle, detail)
            messages.success(request, _("%(n)s trainees imported.") % {"n": n})
            return redirect(cycle)
        errors = result.errors
    return render(
        request, "cycles/trainee_import.html", {"cycle": cycle, "form": form, "errors": errors}
    )


@login_required
@require_POST
def trainee_remove(request, code, seat: int):
    cycle = get_rw_cycle_for_user(request, code)
    enrolment = get_object_or_404(cycle.enrolments.select_related("trainee"), seat=seat)
    if enrolment.attendance_events.exists():
        # The ledger names this trainee: their signatures and absences are kept for good.
        messages.error(
            request,
            _("%(name)s has attendance records: they stay enrolled, for the record.")
            % {"name": enrolment.trainee},
        )
        return redirect(cycle)
    enrolment.delete()
    audit.record(request, audit.Action.DELETE, enrolment.trainee, _("enrolment"))
    messages.success(request, _("%(name)s is no longer enrolled.") % {"name": enrolment.trainee})
    return redirect(cycle)


@require_GET
def trainee_home(request, token: str):
    """A trainee's own page, reached by their personal link: no password."""
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    cycle = enrolment.cycle
    slots = agenda.trainee_slots(enrolment)
    return render(
        request,
        "cycles/trainee_home.html",
        {
            "enrolment": enrolment,
            "token": token,
            "cycle": cycle,
            "slots": slots,
            "to_sign": [item for item in slots if item.can_sign],
            "next_slots": agenda.next_slots(slots),
            "trainers": cycle.trainers.all(),
            "organisation": Organisation.current(),
            "hide_login": True,
        },
    )
