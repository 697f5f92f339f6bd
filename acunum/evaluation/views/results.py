"""The results of a cycle's questionnaires: for the OF's admin and the cycle's trainers, with
the named tables they need to adapt the training; for the structure's contacts, the group's
figures only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from acunum.cycles.access import get_cycle_for_user
from acunum.evaluation.results import MIN_ANONYMOUS, cycle_results


@login_required
@require_GET
def results(request, code):
    cycle = get_cycle_for_user(request, code)
    # The edit rights and the rates both read the trainers: load them once.
    prefetch_related_objects([cycle], "trainers")
    trainers = list(cycle.trainers.all())
    full = cycle.can_be_changed_by(request.user)
    enrolments = list(
        cycle.enrolments.select_related("trainee").order_by(
            "trainee__last_name", "trainee__first_name", "seat"
        )
    )
    found = cycle_results(
        cycle,
        full=full,
        enrolments=enrolments,
        trainers=trainers,
        contacts=cycle.structure.contacts.count(),
    )
    return render(
        request,
        "evaluation/results.html",
        {
            "cycle": cycle,
            "results": found,
            "chart": found.chart(),
            "min_anonymous": MIN_ANONYMOUS,
            "nav": "dashboard",
        },
    )


urlpatterns = [
    # Before the questionnaires' own pages (…/evaluations/<slug>/), which would take "resultats"
    # for a questionnaire's slug.
    path("cycles/<uuid:code>/evaluations/resultats/", results, name="results"),
]
