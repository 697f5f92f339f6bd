"""A cycle's accompaniment page: the structure contact's portal, and the trainer's desk for
temps 2.

Its readers (the OF's admins, the cycle's trainers, the structure's contacts) see the schedule,
the attendance summary, the documents, the action plans with where each commitment stands, the
follow-up meetings and the closing review; they may each say where a commitment stands. Those
who run the cycle record the meetings and write the closing review.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acunum.attendance import signing
from acunum.attendance.state import slot_summaries
from acunum.cycles.access import get_cycle_for_user, get_rw_cycle_for_user
from acunum.documents.facts import CycleFacts
from acunum.plans import accompaniment, commitments
from acunum.plans.commitments import Author, Refused
from acunum.plans.forms import MeetingForm, ReviewForm, StatusForm, status_form
from acunum.plans.models import ClosingReview, Commitment, Meeting


def _attendance(facts: CycleFacts) -> list[dict]:
    """Each half-day with its present and absent counts, as the cycle page counts them: the
    ledger folded by the attendance app (hours.py for presence and hours, state.py for
    absences), never counted again here."""
    absences = slot_summaries(facts.cycle)
    rows = []
    for hours in facts.assiduity.slots:
        slot = hours.slot
        summary = absences.get(slot.pk)
        rows.append(
            {
                "slot": slot,
                "present": hours.present,
                "absent": summary.absent if summary else 0,
                "minutes": hours.minutes,
                "planned": hours.planned,
                "closed": signing.is_closed(slot),
            }
        )
    return rows


def _page(request, cycle, status_forms=None):
    facts = CycleFacts.load(cycle)
    plans = accompaniment.cycle_plans(cycle)
    frozen = commitments.frozen_because(cycle)
    for plan in plans:
        for commitment in plan.commitments:
            commitment.status_form = (status_forms or {}).get(commitment.pk) or status_form(
                commitment
            )
    themes = accompaniment.synthesis(cycle)
    review = ClosingReview.objects.filter(cycle=cycle).first()
    attendance = _attendance(facts)
    can_edit = cycle.can_be_changed_by(request.user)
    try:
        accompaniment.check_accompaniment(cycle)
        accompaniment_because = ""
    except Refused as refused:
        accompaniment_because = str(refused)
    return render(
        request,
        "plans/accompaniment.html",
        {
            "cycle": cycle,
            "slots": attendance,
            "enrolments": facts.enrolments,
            "assiduity": facts.assiduity,
            # The documents of the end wait for every half-day to be closed, as on the cycle page.
            "trained": bool(attendance) and all(row["closed"] for row in attendance),
            "plans": plans,
            "written": sum(1 for p in plans if p.commitments),
            "themes": themes,
            "has_synthesis": accompaniment.has_synthesis(themes),
            "plan_day": commitments.plan_day(cycle),
            "meetings": list(cycle.meetings.all()),
            "review": review,
            "closed": bool(frozen),
            "frozen_because": frozen,
            "can_edit": can_edit,
            "accompaniment_because": accompaniment_because,
            "nav": "dashboard",
        },
    )


@login_required
@require_GET
def accompaniment_page(request, code):
    cycle = get_cycle_for_user(request, code)
    return _page(request, cycle)


@login_required
@require_POST
def status(request, code, commitment: int):
    """A reader of the cycle says where a commitment stands: the contact for the structure, a
    trainer or the OF for the training organisation."""
    cycle = get_cycle_for_user(request, code)
    found = get_object_or_404(
        Commitment.objects.filter(enrolment__cycle=cycle).select_related("enrolment__cycle"),
        pk=commitment,
    )
    form = StatusForm(request.POST, prefix=f"c{found.pk}")
    if form.is_valid():
        try:
            change = commitments.record_status(
                found,
                form.cleaned_data["status"],
                form.cleaned_data["note"],
                Author.staff(request.user),
                timezone.now(),
            )
        except Refused as refused:
            if refused.field is None:  # nothing to correct in the form: the plan is closed
                messages.error(request, str(refused))
                return redirect("plans:accompaniment", cycle.code)
            form.refuse(refused)
        else:
            messages.success(
                request,
                _("Recorded for %(name)s: %(status)s.")
                % {"name": found.enrolment.trainee, "status": change.get_status_display()},
            )
            url = reverse("plans:accompaniment", args=[cycle.code])
            return redirect(f"{url}#engagement-{found.pk}")
    return _page(request, cycle, status_forms={found.pk: form})


def _meeting_form(request, cycle, meeting: Meeting | None):
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                if meeting is None:
                    accompaniment.record_meeting(
                        cycle, form.cleaned_data, request.user, timezone.now()
                    )
                else:
                    accompaniment.change_meeting(
                        meeting, form.cleaned_data, request.user, timezone.now()
                    )
            except Refused as refused:
                form.refuse(refused)
            else:
                messages.success(request, _("The meeting is recorded."))
                return redirect(reverse("plans:accompaniment", args=[cycle.code]) + "#h-meetings")
    elif meeting is None:
        form = MeetingForm(initial={"date": timezone.localdate()})
    else:
        form = MeetingForm(
            initial={
                "date": meeting.date,
                "participants": meeting.participants,
                "notes": meeting.notes,
                "decisions": meeting.decisions,
            }
        )
    try:
        accompaniment.check_accompaniment(cycle)
        refused_because = ""
    except Refused as refused:
        refused_because = str(refused)
    return render(
        request,
        "plans/meeting_form.html",
        {
            "cycle": cycle,
            "form": form,
            "meeting": meeting,
            "refused_because": refused_because,
            "nav": "dashboard",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    return _meeting_form(request, cycle, None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, code, meeting: int):
    cycle = get_rw_cycle_for_user(request, code)
    found = get_object_or_404(cycle.meetings, pk=meeting)
    return _meeting_form(request, cycle, found)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                accompaniment.close(cycle, form.cleaned_data, request.user, timezone.now())
            except Refused as refused:
                form.refuse(refused)
            else:
                messages.success(
                    request,
                    _("The accompaniment is closed: the action plans no longer change."),
                )
                return redirect(reverse("plans:accompaniment", args=[cycle.code]) + "#h-review")
    else:
        form = ReviewForm(initial={"date": timezone.localdate()})
    try:
        accompaniment.check_accompaniment(cycle)
        refused_because = ""
    except Refused as refused:
        refused_because = str(refused)
    return render(
        request,
        "plans/review_form.html",
        {"cycle": cycle, "form": form, "refused_because": refused_because, "nav": "dashboard"},
    )


urlpatterns = [
    path("cycles/<uuid:code>/accompagnement/", accompaniment_page, name="accompaniment"),
    path(
        "cycles/<uuid:code>/accompagnement/engagements/<int:commitment>/",
        status,
        name="status",
    ),
    path(
        "cycles/<uuid:code>/accompagnement/rencontres/nouvelle/",
        meeting_new,
        name="meeting-new",
    ),
    path(
        "cycles/<uuid:code>/accompagnement/rencontres/<int:meeting>/",
        meeting_edit,
        name="meeting-edit",
    ),
    path("cycles/<uuid:code>/accompagnement/bilan/", review, name="review"),
]
