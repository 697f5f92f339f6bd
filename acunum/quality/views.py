"""The Qualiopi evidence of a cycle (for those who run it) and of a period, the audit exports, and
the yearly figures (for the OF's administrators). Every view checks access first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from acunum.attendance.views.cards import link_base
from acunum.cycles.access import get_rw_cycle_for_user, require_of_admin
from acunum.quality import audit, yearly
from acunum.quality.evidence import Status, collect
from acunum.quality.forms import PeriodForm
from acunum.quality.scope import Scope


def _counts(rows) -> list[tuple[str, int]]:
    """How many indicators in each status, for the summary at the top of the page."""
    return [(status.label, sum(1 for r in rows if r.status == status)) for status in Status]


@login_required
@require_GET
def cycle_evidence(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    scope = Scope.of_cycle(cycle)
    rows = collect(scope)
    return render(
        request,
        "quality/cycle.html",
        {"cycle": cycle, "scope": scope, "rows": rows, "counts": _counts(rows), "nav": "dashboard"},
    )


def _zip(name: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


@login_required
@require_GET
def cycle_export(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    # The convocations print each link with the address phones can open, as the dossier does.
    return _zip(*audit.cycle_export(cycle, base_url=link_base(request)))


def _period_form(request) -> PeriodForm:
    """The period asked for, or this calendar year when none is."""
    data = request.GET if ("du" in request.GET or "au" in request.GET) else PeriodForm.this_year()
    return PeriodForm(data)


@login_required
@require_GET
def period_evidence(request):
    require_of_admin(request)
    form = _period_form(request)
    context = {"form": form, "nav": "quality"}
    # Nothing is computed for a period that does not read as one: the form says why, as any
    # form of the site does.
    if form.is_valid():
        scope = Scope.of_period(form.cleaned_data["du"], form.cleaned_data["au"])
        rows = collect(scope)
        context |= {"scope": scope, "rows": rows, "counts": _counts(rows)}
        context["export_query"] = request.GET.urlencode() or _query(form)
    return render(request, "quality/period.html", context)


def _query(form: PeriodForm) -> str:
    return f"du={form.cleaned_data['du']:%Y-%m-%d}&au={form.cleaned_data['au']:%Y-%m-%d}"


@login_required
@require_GET
def period_export(request):
    require_of_admin(request)
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "quality/period.html", {"form": form, "nav": "quality"}, status=400)
    start, end = form.cleaned_data["du"], form.cleaned_data["au"]
    return _zip(*audit.period_export(start, end, base_url=link_base(request)))


def _year_refused(request, year: int):
    return render(
        request,
        "quality/yearly.html",
        {"year": year, "bad_year": True, "first": yearly.FIRST_YEAR, "last": yearly.LAST_YEAR},
        status=400,
    )


@login_required
@require_GET
def yearly_figures(request, year: int):
    require_of_admin(request)
    if not yearly.FIRST_YEAR <= year <= yearly.LAST_YEAR:
        return _year_refused(request, year)
    figures = yearly.compute(year)
    return render(
        request,
        "quality/yearly.html",
        {"year": year, "figures": figures, "nav": "quality"},
    )


@login_required
@require_GET
def yearly_file(request, year: int, fmt: str):
    require_of_admin(request)
    if not yearly.FIRST_YEAR <= year <= yearly.LAST_YEAR:
        return _year_refused(request, year)
    figures = yearly.compute(year)
    if fmt == "csv":
        data, mimetype = yearly.to_csv(figures), "text/csv; charset=utf-8"
    else:
        data = yearly.to_xlsx(figures)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="bpf-{year}.{fmt}"'
    return response


app_name = "quality"
urlpatterns = [
    path("cycles/<uuid:code>/qualiopi/", cycle_evidence, name="cycle"),
    path("cycles/<uuid:code>/qualiopi/audit.zip", cycle_export, name="cycle-export"),
    path("qualite/", period_evidence, name="period"),
    path("qualite/audit.zip", period_export, name="period-export"),
    path("qualite/bpf/<int:year>/", yearly_figures, name="yearly"),
    path("qualite/bpf/<int:year>.csv", yearly_file, {"fmt": "csv"}, name="yearly-csv"),
    path("qualite/bpf/<int:year>.xlsx", yearly_file, {"fmt": "xlsx"}, name="yearly-xlsx"),
]
