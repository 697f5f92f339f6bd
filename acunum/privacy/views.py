"""The personal data pages, for the OF's administrators only: find a person, see what is held
about them, export it (RGPD articles 15 and 20), erase it (article 17); and the audit log."""

from __future__ import annotations

import json

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acunum.accounts import audit
from acunum.accounts.models import AuditEntry
from acunum.cycles.access import require_of_admin
from acunum.cycles.models import Enrolment, Trainee
from acunum.privacy import erasure, evidence, personal, retention
from acunum.privacy.export import export, filename
from acunum.privacy.forms import AuditFilterForm, EraseForm, SearchForm
from acunum.privacy.models import Erasure

RESULTS = 50  # people listed at most for one search
PER_PAGE = 50  # audit log entries per page


def get_trainee_for_admin(request, pk: int) -> Trainee:
    require_of_admin(request)
    return get_object_or_404(Trainee.objects.select_related("structure"), pk=pk)


def _policy() -> list[dict]:
    return [
        {"label": r.label, "duration": retention.duration(r), "basis": r.basis}
        for r in retention.RULES
    ]


@login_required
@require_GET
def search(request):
    require_of_admin(request)
    form = SearchForm(request.GET) if "q" in request.GET else SearchForm()
    people = None
    if form.is_bound and form.is_valid():
        query = Q()
        for word in form.words():
            query &= (
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(email__icontains=word)
            )
        people = list(
            Trainee.objects.filter(query)
            .select_related("structure", "erasure")
            .annotate(cycles=Count("enrolments"))
            .order_by("last_name", "first_name", "pk")[: RESULTS + 1]
        )
    return render(
        request,
        "privacy/search.html",
        {
            "form": form,
            "people": people[:RESULTS] if people is not None else None,
            "more": people is not None and len(people) > RESULTS,
            "policy": _policy(),
            "nav": "privacy",
        },
    )


def _evidence_context(trainee: Trainee) -> dict:
    ends = evidence.ends_of(trainee)
    today = timezone.localdate()
    return {
        "evidence_kept": ends.evidence_kept(today),
        "evidence_until": ends.evidence_until(),
        "years": settings.RETENTION_EVIDENCE_YEARS,
    }


@login_required
@require_GET
def trainee_page(request, pk: int):
    trainee = get_trainee_for_admin(request, pk)
    enrolments = list(
        evidence.with_cycle_end(Enrolment.objects.filter(trainee=trainee))
        .select_related("cycle__structure", "cycle__programme_version__programme")
        .order_by("created_at")
    )
    return render(
        request,
        "privacy/trainee.html",
        {
            "trainee": trainee,
            "erasure": Erasure.objects.filter(trainee=trainee).first(),
            "enrolments": enrolments,
            "counts": personal.counts(trainee),
            "history": list(AuditEntry.objects.about(trainee)[:20]),
            **_evidence_context(trainee),
            "nav": "privacy",
        },
    )


@login_required
@require_POST
def export_view(request, pk: int):
    trainee = get_trainee_for_admin(request, pk)
    now = timezone.now()
    data = export(trainee, now)
    audit.record(request, audit.Action.EXPORT, trainee, _("personal data, JSON"))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(trainee, now)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase_view(request, pk: int):
    trainee = get_trainee_for_admin(request, pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            done = erasure.erase(trainee, request.user, form.cleaned_data["reason"])
            audit.record(request, audit.Action.ERASE, trainee, done.get_scope_display())
        messages.success(
            request,
            _("The personal data is erased: %(scope)s.") % {"scope": done.get_scope_display()},
        )
        return redirect("privacy:trainee", pk=trainee.pk)
    return render(
        request,
        "privacy/erase.html",
        {
            "trainee": trainee,
            "form": form,
            "erasure": Erasure.objects.filter(trainee=trainee).first(),
            **_evidence_context(trainee),
            "nav": "privacy",
        },
    )


def _names() -> dict[str, str]:
    """A model's name in the log (its model_name) → what people call it."""
    found = {}
    for model in apps.get_models():
        found.setdefault(model._meta.model_name, str(model._meta.verbose_name))
    return found


def _targets(entries: list[AuditEntry]) -> None:
    """Each entry's `trainee_state`: "exists" (a link to their page), "erased", or None."""
    pks = {e.target_id for e in entries if e.target_type == Trainee._meta.model_name}
    erased = set(
        Erasure.objects.filter(trainee_number__in=pks).values_list("trainee_number", flat=True)
    )
    existing = set(Trainee.objects.filter(pk__in=pks).values_list("pk", flat=True))
    names = _names()
    for entry in entries:
        entry.target_name = names.get(entry.target_type, entry.target_type)
        entry.trainee_state = None
        if entry.target_type == Trainee._meta.model_name:
            if entry.target_id in erased or entry.target_id not in existing:
                entry.trainee_state = "erased"
            else:
                entry.trainee_state = "exists"


@login_required
@require_GET
def audit_log(request):
    require_of_admin(request)
    form = AuditFilterForm(request.GET)
    entries = AuditEntry.objects.order_by("-at", "-pk")
    page = None
    if form.is_valid():
        page = Paginator(form.filter(entries), PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        _targets(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode(), "nav": "privacy"},
    )
