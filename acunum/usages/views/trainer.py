"""The trainer's side: the proposals ranked by dots with their comments, merging duplicates,
opening the proposals before J4, the themes of the half-days and the record of their changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acunum.cycles.access import get_rw_cycle_for_user
from acunum.programmes.models import Sequence
from acunum.usages import plan, proposals
from acunum.usages.forms import CommentForm, RemoveThemeForm, ThemeForm
from acunum.usages.models import Adaptation, Comment, Proposal, Refused, Theme


def _board_url(cycle, anchor: str = "") -> str:
    url = reverse("usages:board", args=[cycle.code])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_GET
def board(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    days = plan.half_days(cycle)
    comments = Prefetch("comments", Comment.objects.select_related("enrolment__trainee", "user"))
    ranked = list(
        Proposal.objects.of_cycle(cycle)
        .visible()
        .ranked()
        .select_related("author__trainee")
        .prefetch_related(comments)
    )
    merged = (
        Proposal.objects.of_cycle(cycle)
        .filter(merged_into__isnull=False)
        .select_related("merged_into", "merged_by", "author__trainee")
        .order_by("merged_at", "pk")
    )
    return render(
        request,
        "usages/board.html",
        {
            "cycle": cycle,
            "state": proposals.state(cycle),
            "opens_with": proposals.OPENS_WITH,
            "days": days,
            "missing": plan.missing(days),
            "missing_codes": ", ".join(s.code for s in plan.missing(days)),
            "span": plan.span([day.sequence.code for day in days]),
            "proposals": ranked,
            "merged": merged,
            "adaptations": Adaptation.objects.of_cycle(cycle).reverse(),
            "nav": "dashboard",
        },
    )


@login_required
@require_POST
def opening(request, code):
    cycle = get_rw_cycle_for_user(request, code)
    opened = request.POST.get("opened") == "1"
    proposals.open_early(cycle, request.user, opened)
    if opened:
        messages.success(request, _("The trainees can propose usages from now on."))
    else:
        messages.success(
            request,
            _("The proposals will open on %(day)s.") % {"day": proposals.OPENS_WITH},
        )
    return redirect(_board_url(cycle))


@login_required
@require_POST
def comment(request, code, pk: int):
    cycle = get_rw_cycle_for_user(request, code)
    proposal = get_object_or_404(Proposal.objects.of_cycle(cycle), pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Write your comment first (%(max)s characters at most).")
            % {"max": form.fields["text"].max_length},
        )
        return redirect(_board_url(cycle, f"usage-{proposal.pk}"))
    try:
        proposals.comment(proposal, form.cleaned_data["text"], user=request.user)
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Your comment is added."))
    return redirect(_board_url(cycle, f"usage-{proposal.pk}"))


@login_required
@require_POST
def merge(request, code, pk: int):
    cycle = get_rw_cycle_for_user(request, code)
    proposal = get_object_or_404(Proposal.objects.of_cycle(cycle), pk=pk)
    raw = request.POST.get("into", "")
    into = Proposal.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if into is None:
        messages.error(request, _("Choose the proposal to merge it into."))
        return redirect(_board_url(cycle, f"usage-{proposal.pk}"))
    try:
        proposals.merge(proposal, into, request.user)
    except Refused as refused:
        messages.error(request, str(refused))
        return redirect(_board_url(cycle, f"usage-{proposal.pk}"))
    messages.success(
        request,
        _("“%(merged)s” is merged into “%(into)s”: its dots and comments follow.")
        % {"merged": proposal.title, "into": into.title},
    )
    return redirect(_board_url(cycle, f"usage-{into.pk}"))


def _half_day(request, cycle, code: str) -> Sequence | None:
    """The cycle's requested half-day named in the URL; None (with the reason in a message)
    for another day or half-day of its programme, 404 for a code it does not have."""
    sequence = get_object_or_404(Sequence, version_id=cycle.programme_version_id, code=code)
    try:
        plan.check_half_day(cycle, sequence)
    except Refused as refused:
        messages.error(request, str(refused))
        return None
    return sequence


def _theme_page(request, cycle, sequence, theme, form, remove_form, status=200):
    slot = cycle.slots.filter(sequence=sequence).first()
    return render(
        request,
        "usages/theme_form.html",
        {
            "cycle": cycle,
            "sequence": sequence,
            "slot": slot,
            "theme": theme,
            "form": form,
            "remove_form": remove_form,
            "nav": "dashboard",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme(request, code, sequence: str):
    cycle = get_rw_cycle_for_user(request, code)
    half_day = _half_day(request, cycle, sequence)
    if half_day is None:
        return redirect(_board_url(cycle, "plan"))
    current = Theme.objects.filter(cycle=cycle, sequence=half_day).first()
    if request.method == "POST":
        form = ThemeForm(request.POST, cycle=cycle)
        if form.is_valid():
            data = form.cleaned_data
            content = plan.Content(
                title=data["title"],
                objectives=data["objectives"],
                resources=data["resources"],
                proposals=tuple(data["proposals"]),
            )
            try:
                done = plan.set_theme(
                    cycle, half_day, content, reason=data["reason"], user=request.user
                )
            except Refused as refused:
                form.add_error(None, str(refused))
            else:
                if done is None:
                    messages.info(request, _("Nothing has changed."))
                else:
                    messages.success(
                        request,
                        _("%(code)s now works on “%(title)s”; the change is in the record.")
                        % {"code": half_day.code, "title": content.title.strip()},
                    )
                return redirect(_board_url(cycle, "plan"))
    else:
        initial = {}
        if current is not None:
            initial = {
                "title": current.title,
                "objectives": current.objectives,
                "resources": current.resources,
                "proposals": list(current.proposals.all()),
            }
        form = ThemeForm(initial=initial, cycle=cycle)
    return _theme_page(request, cycle, half_day, current, form, RemoveThemeForm())


@login_required
@require_POST
def remove_theme(request, code, sequence: str):
    cycle = get_rw_cycle_for_user(request, code)
    half_day = _half_day(request, cycle, sequence)
    if half_day is None:
        return redirect(_board_url(cycle, "plan"))
    current = Theme.objects.filter(cycle=cycle, sequence=half_day).first()
    if current is None:
        messages.error(request, _("%(code)s has no theme to remove.") % {"code": half_day.code})
        return redirect(_board_url(cycle, "plan"))
    remove_form = RemoveThemeForm(request.POST)
    if remove_form.is_valid():
        try:
            plan.remove_theme(
                cycle, half_day, reason=remove_form.cleaned_data["reason"], user=request.user
            )
        except Refused as refused:
            remove_form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("%(code)s has no theme any more; the change is in the record.")
                % {"code": half_day.code},
            )
            return redirect(_board_url(cycle, "plan"))
    form = ThemeForm(
        initial={
            "title": current.title,
            "objectives": current.objectives,
            "resources": current.resources,
            "proposals": list(current.proposals.all()),
        },
        cycle=cycle,
    )
    return _theme_page(request, cycle, half_day, current, form, remove_form)


urlpatterns = [
    path("cycles/<uuid:code>/usages/", board, name="board"),
    path("cycles/<uuid:code>/usages/ouverture/", opening, name="opening"),
    path("cycles/<uuid:code>/usages/<int:pk>/commentaire/", comment, name="comment"),
    path("cycles/<uuid:code>/usages/<int:pk>/fusion/", merge, name="merge"),
    path("cycles/<uuid:code>/usages/themes/<str:sequence>/", theme, name="theme"),
    path(
        "cycles/<uuid:code>/usages/themes/<str:sequence>/retrait/",
        remove_theme,
        name="theme-remove",
    ),
]
