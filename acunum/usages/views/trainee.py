"""The trainee's side, from the personal link: propose usages, read and comment the group's
proposals, place and take back dots, and see the plan of the half-days once it is made.

Plain forms posted to the server: the pages work without JavaScript, on any phone.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acunum.cycles.access import LinkRevoked, get_enrolment_for_token, revoked_link_page
from acunum.usages import plan, proposals
from acunum.usages.forms import CommentForm, ProposalForm
from acunum.usages.models import DOTS_PER_TRAINEE, Proposal, Refused


def _list_url(token: str, proposal: Proposal | None = None) -> str:
    url = reverse("usages:proposals", args=[token])
    return f"{url}#usage-{proposal.pk}" if proposal else url


def _detail_url(token: str, proposal: Proposal) -> str:
    return reverse("usages:proposal", args=[token, proposal.pk])


def _common(enrolment, token: str) -> dict:
    cycle = enrolment.cycle
    found = proposals.state(cycle)
    mine = proposals.dots_of(enrolment)
    return {
        "enrolment": enrolment,
        "token": token,
        "cycle": cycle,
        "state": found,
        "refusal": "" if found.is_open else proposals.refusal(cycle, found),
        "mine": mine,
        "dots_left": DOTS_PER_TRAINEE - sum(mine.values()),
        "dots_per_trainee": DOTS_PER_TRAINEE,
        "span": plan.span(plan.requested_codes(cycle.programme_version)),
        "hide_login": True,
    }


def _with_mine(items, mine: dict[int, int]) -> list[Proposal]:
    items = list(items)
    for item in items:
        item.mine = mine.get(item.pk, 0)
    return items


@require_http_methods(["GET", "POST"])
def proposal_list(request, token: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    context = _common(enrolment, token)
    form = ProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposals.propose(
                enrolment,
                form.cleaned_data["title"],
                form.cleaned_data["description"],
                form.cleaned_data["category"],
            )
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("Your proposal is on the list: the group can comment on it and place dots."),
            )
            return redirect(_list_url(token, proposal))
    listed = (
        Proposal.objects.of_cycle(enrolment.cycle)
        .visible()
        .ranked()
        .annotate(comment_count=Count("comments", distinct=True))
        .select_related("author__trainee")
    )
    return render(
        request,
        "usages/trainee_list.html",
        {**context, "form": form, "proposals": _with_mine(listed, context["mine"])},
    )


@require_http_methods(["GET", "POST"])
def proposal_detail(request, token: str, pk: int):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    proposal = get_object_or_404(Proposal.objects.of_cycle(enrolment.cycle), pk=pk)
    if proposal.merged_into_id is not None:
        # The trainer merged it: its dots and comments are on the proposal it points to.
        return redirect(_detail_url(token, proposals.current(proposal)))
    context = _common(enrolment, token)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposals.comment(proposal, form.cleaned_data["text"], enrolment=enrolment)
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Your comment is added."))
            return redirect(_detail_url(token, proposal) + "#commentaires")
    shown = Proposal.objects.filter(pk=proposal.pk).ranked().select_related("author__trainee").get()
    shown.mine = context["mine"].get(shown.pk, 0)
    comments = proposal.comments.select_related("enrolment__trainee", "user")
    return render(
        request,
        "usages/trainee_detail.html",
        {**context, "proposal": shown, "comments": comments, "form": form},
    )


def _seen(request) -> int | None:
    raw = request.POST.get("seen", "")
    return int(raw) if raw.isdigit() and len(raw) < 3 else None


def _back(request, token: str, proposal: Proposal) -> str:
    if request.POST.get("back") == "detail":
        return _detail_url(token, proposal)
    return _list_url(token, proposal)


@require_POST
def place(request, token: str, pk: int):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    proposal = get_object_or_404(Proposal.objects.of_cycle(enrolment.cycle), pk=pk)
    try:
        dots = proposals.place_dot(enrolment, proposal, seen=_seen(request))
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            ngettext(
                "Dot placed on “%(title)s”: %(left)s dot left.",
                "Dot placed on “%(title)s”: %(left)s dots left.",
                dots.left,
            )
            % {"title": proposal.title, "left": dots.left},
        )
    return redirect(_back(request, token, proposal))


@require_POST
def take_back(request, token: str, pk: int):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    proposal = get_object_or_404(Proposal.objects.of_cycle(enrolment.cycle), pk=pk)
    try:
        dots = proposals.take_back(enrolment, proposal, seen=_seen(request))
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            ngettext(
                "Dot taken back from “%(title)s”: %(left)s dot left.",
                "Dot taken back from “%(title)s”: %(left)s dots left.",
                dots.left,
            )
            % {"title": proposal.title, "left": dots.left},
        )
    return redirect(_back(request, token, proposal))


@require_GET
def trainee_plan(request, token: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    days = plan.half_days(enrolment.cycle)
    return render(
        request,
        "usages/trainee_plan.html",
        {
            "enrolment": enrolment,
            "token": token,
            "cycle": enrolment.cycle,
            "days": days,
            "missing": plan.missing(days),
            "missing_codes": ", ".join(s.code for s in plan.missing(days)),
            "span": plan.span([day.sequence.code for day in days]),
            "hide_login": True,
        },
    )


urlpatterns = [
    path("s/<str:token>/usages/", proposal_list, name="proposals"),
    path("s/<str:token>/usages/programme/", trainee_plan, name="plan"),
    path("s/<str:token>/usages/<int:pk>/", proposal_detail, name="proposal"),
    path("s/<str:token>/usages/<int:pk>/gommette/", place, name="place"),
    path("s/<str:token>/usages/<int:pk>/reprendre/", take_back, name="take-back"),
]
