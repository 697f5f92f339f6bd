"""The participant's side, on a phone: from the personal link (the trainee's open activities), or
from an activity's code with a pseudonym kept in the session, with no account.

An answer is a plain form POST that works without JavaScript; workshops.js sends the same form
with fetch and retries it, with the same identifier, until the Wi-Fi comes back.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acunum.cycles.access import LinkRevoked, get_enrolment_for_token, revoked_link_page
from acunum.workshops import codes
from acunum.workshops.contributing import (
    Refused,
    Who,
    ballot_of,
    contribute,
    current_dots,
    current_position,
    participant_for,
    refusal_for_state,
)
from acunum.workshops.forms import JoinForm, PseudonymForm
from acunum.workshops.kinds import Invalid, moving_debate, post_it_wall, timeline
from acunum.workshops.live import phase_etag, running_etag
from acunum.workshops.models import Activity, Participant
from acunum.workshops.views.live import if_changed

# A random value the phone keeps for itself: an anonymous débat's ballot is derived from it (see
# contributing.anonymous_ballot), and the server never stores it.
PHONE_COOKIE = "acunum_ateliers"
PHONE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
SESSION_KEY = "workshops"
ANSWER_FIELDS = ("word", "choice", "position", "column", "text", "year", "label")
# A dot vote's buttons: each places a dot on its option, or takes one back from it.
BUTTON_FIELDS = ("option", "take_back")


def _phone_secret(request) -> str:
    value = request.COOKIES.get(PHONE_COOKIE, "")
    return value if len(value) == 32 and value.isalnum() else ""


def _remember_phone(response, secret: str):
    response.set_cookie(
        PHONE_COOKIE,
        secret,
        max_age=PHONE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _stored_message(activity: Activity, payload: dict) -> str:
    if activity.kind == Activity.Kind.WORD_CLOUD:
        return _("Your words are recorded.")
    if activity.kind == Activity.Kind.MOVING_DEBATE:
        return _("Your position is recorded: %(position)s.") % {
            "position": moving_debate.label(payload.get("position"))
        }
    if activity.kind == Activity.Kind.POST_IT_WALL:
        return _("Your post-it is on the wall.")
    if activity.kind == Activity.Kind.TIMELINE:
        return _("Your event is added: %(year)s, %(label)s.") % payload
    if activity.kind == Activity.Kind.DOT_VOTING:
        option = activity.settings["options"][payload["option"]]
        if payload["change"] < 0:
            return _("Dot taken back from “%(option)s”.") % {"option": option}
        return _("Dot placed on “%(option)s”.") % {"option": option}
    return _("Your answer is recorded.")


def _own(participant: Participant | None, activity: Activity) -> list[dict]:
    """What this person sent, shown back to them: only when the activity is named, as an
    anonymous contribution points to nobody."""
    if participant is None or activity.anonymous:
        return []
    return [c.payload for c in participant.contributions.order_by("created_at")]


def _kind_context(activity: Activity, participant, who: Who, sent: int, posted: dict) -> dict:
    """What each kind's form and summary show on the phone: see includes/answer_*.html."""
    settings_ = activity.settings
    if activity.kind == Activity.Kind.POST_IT_WALL:
        columns = settings_["columns"]
        return {
            "columns": list(enumerate(columns)),
            "own_cards": [
                {"column": columns[p["column"]], "text": p["text"]}
                for p in _own(participant, activity)
            ],
            "done": sent >= post_it_wall.MAX_CARDS_PER_PERSON,
            "typed_text": (posted["text"] or [""])[0],
            "typed_column": (posted["column"] or [""])[0],
        }
    if activity.kind == Activity.Kind.TIMELINE:
        left = max(settings_["events_per_person"] - sent, 0)
        own = sorted(_own(participant, activity), key=lambda p: (p["year"], p["label"]))
        return {
            "own_events": own,
            "events_left": left,
            "done": left == 0,
            "first_year": timeline.FIRST_YEAR,
            "this_year": timeline.this_year(),
            "typed_year": (posted["year"] or [""])[0],
            "typed_label": (posted["label"] or [""])[0],
        }
    if activity.kind == Activity.Kind.DOT_VOTING:
        mine = current_dots(activity, ballot_of(activity, participant, who))
        return {
            "dot_options": [
                {"index": i, "text": text, "mine": mine.get(i, 0), "dots": range(mine.get(i, 0))}
                for i, text in enumerate(settings_["options"])
            ],
            "dots_left": max(settings_["dots_per_person"] - sent, 0),
        }
    return {}


def _participate(request, activity: Activity, who: Who, context: dict, remember=None):
    """The activity's page and its answer, the same for both ways in."""
    secret = who.phone_secret or secrets.token_hex(16)
    who = Who(who.enrolment, who.pseudonym, who.participant_id, secret)
    errors: dict[str, str] = {}
    refusal = ""
    if request.method == "POST":
        answer = {key: request.POST.getlist(key) for key in ANSWER_FIELDS + BUTTON_FIELDS}
        try:
            client_id = uuid.UUID(request.POST.get("client_id", "")[:40])
        except ValueError:
            refusal = _("This answer cannot be accepted: reload the page and send it again.")
        else:
            try:
                stored = contribute(activity, who, client_id, answer)
            except Invalid as invalid:
                errors = invalid.errors
            except Refused as refused:
                refusal = str(refused)
            else:
                if remember:
                    remember(stored.participant)
                message = _stored_message(activity, stored.contributions[0].payload)
                # Shown by the page the script loads next, as by the redirect without script.
                messages.success(request, message)
                if "application/json" in request.headers.get("Accept", ""):
                    return _remember_phone(JsonResponse({"ok": True, "message": message}), secret)
                # Back by GET: reloading the page sends nothing again.
                return _remember_phone(redirect(request.path), secret)
        if "application/json" in request.headers.get("Accept", ""):
            # A refusal is an answer, not a fault (a 4xx would also be logged as an error in the
            # phone's console): the script then sends the form the plain way, to show the page.
            response = JsonResponse(
                {"ok": False, "errors": errors, "message": refusal or " ".join(errors.values())}
            )
            return _remember_phone(response, secret)
    posted = {key: request.POST.getlist(key)[:20] for key in ANSWER_FIELDS}
    activity.refresh_from_db()
    participant = participant_for(activity, who)
    sent = participant.sent if participant else 0
    position = None
    if activity.kind == Activity.Kind.MOVING_DEBATE:
        position = current_position(activity, ballot_of(activity, participant, who))
    own_words = []
    if activity.kind == Activity.Kind.WORD_CLOUD and participant and not activity.anonymous:
        own_words = [c.payload["word"] for c in participant.contributions.order_by("created_at")]
    settings_ = activity.settings
    words_left = (
        max(settings_["words_per_person"] - sent, 0)
        if activity.kind == Activity.Kind.WORD_CLOUD
        else 0
    )
    kind_context = _kind_context(activity, participant, who, sent, posted)
    done = (
        (activity.kind == Activity.Kind.WORD_CLOUD and words_left == 0)
        or (activity.kind == Activity.Kind.POLL and sent > 0)
        or kind_context.pop("done", False)
    )
    response = render(
        request,
        "workshops/participate.html",
        {
            **context,
            "activity": activity,
            "closed_because": refusal_for_state(activity),
            "refusal": refusal,
            "errors": errors,
            "client_id": uuid.uuid4(),
            "sent": sent,
            # What was typed comes back into the form when it is refused.
            "word_inputs": [
                (n, posted["word"][n - 1] if n <= len(posted["word"]) else "")
                for n in range(1, words_left + 1)
            ],
            "picked": posted["choice"],
            "own_words": own_words,
            "done": done,
            "position": position,
            "position_label": moving_debate.label(position) if position else "",
            "positions": list(moving_debate.POSITIONS.items()),
            "choices": list(enumerate(settings_.get("choices", []))),
            **kind_context,
            "watch_etag": phase_etag(activity),
            "hide_login": True,
        },
    )
    return _remember_phone(response, secret)


def _running(enrolment):
    return (
        Activity.objects.filter(cycle_id=enrolment.cycle_id)
        .running()
        .order_by("sequence__position", "position")
    )


@require_GET
def trainee_list(request, token: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    activities = list(_running(enrolment).select_related("sequence"))
    return render(
        request,
        "workshops/trainee_list.html",
        {
            "enrolment": enrolment,
            "token": token,
            "activities": activities,
            "watch_etag": running_etag(activities),
            "join_url": request.build_absolute_uri(reverse("workshops:join")),
            "hide_login": True,
        },
    )


@require_GET
def trainee_list_watch(request, token: str):
    """Asked by the trainee's list every few seconds: has an activity been launched, locked or
    closed since the page was loaded?"""
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    activities = list(_running(enrolment).only("join_code", "state"))
    return if_changed(
        request,
        running_etag(activities),
        lambda: {"running": [{"code": a.join_code, "state": a.state} for a in activities]},
    )


@require_http_methods(["GET", "POST"])
def trainee_activity(request, token: str, activity: str):
    try:
        enrolment = get_enrolment_for_token(token)
    except LinkRevoked as e:
        return revoked_link_page(request, e)
    activity = get_object_or_404(
        Activity.objects.for_participants().select_related("sequence"),
        cycle=enrolment.cycle,
        join_code=codes.clean(activity),
    )
    who = Who(enrolment=enrolment, phone_secret=_phone_secret(request))
    context = {"enrolment": enrolment, "token": token, "who_name": enrolment.trainee.first_name}
    return _participate(request, activity, who, context)


@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    if request.method == "POST" and form.is_valid():
        return redirect("workshops:join-activity", form.cleaned_data["code"])
    return render(request, "workshops/join.html", {"form": form, "hide_login": True})


@require_http_methods(["GET", "POST"])
def join_activity(request, activity: str):
    activity = get_object_or_404(
        Activity.objects.for_participants().select_related("sequence"),
        join_code=codes.clean(activity),
    )
    joined = request.session.get(SESSION_KEY, {})
    pseudonym = joined.get("pseudonym", "")
    if not pseudonym or "pseudonym" in request.POST or "pseudonyme" in request.GET:
        form = PseudonymForm(request.POST if "pseudonym" in request.POST else None)
        if form.is_bound and form.is_valid():
            request.session[SESSION_KEY] = {
                **joined,
                "pseudonym": form.cleaned_data["pseudonym"],
                # Another name is another person: earlier answers stay with the earlier name.
                "participants": {},
            }
            return redirect("workshops:join-activity", activity.join_code)
        return render(
            request,
            "workshops/pseudonym.html",
            {
                "activity": activity,
                "form": form,
                "initial_pseudonym": pseudonym,
                "hide_login": True,
            },
        )

    def remember(participant):
        session = request.session.get(SESSION_KEY, {})
        known = dict(session.get("participants", {}))
        known[str(activity.pk)] = str(participant.pk)
        request.session[SESSION_KEY] = {**session, "participants": known}

    who = Who(
        pseudonym=pseudonym,
        participant_id=joined.get("participants", {}).get(str(activity.pk)),
        phone_secret=_phone_secret(request),
    )
    return _participate(request, activity, who, {"who_name": pseudonym}, remember)


@require_GET
def watch(request, activity: str):
    """Asked by a participant's page every few seconds: has the trainer locked, opened or closed
    the activity, or started the débat's next round? The code is all it needs, as the page's own
    address: it tells nothing that the projector does not show the room."""
    activity = get_object_or_404(
        Activity.objects.for_participants().only("join_code", "state", "round"),
        join_code=codes.clean(activity),
    )
    return if_changed(
        request,
        phase_etag(activity),
        lambda: {"state": activity.state, "round": activity.round},
    )


urlpatterns = [
    path("s/<str:token>/ateliers/", trainee_list, name="trainee-list"),
    # Before the activity's page below, whose code would otherwise take "etat".
    path("s/<str:token>/ateliers/etat/", trainee_list_watch, name="trainee-list-watch"),
    path("s/<str:token>/ateliers/<str:activity>/", trainee_activity, name="trainee-activity"),
    path("a/", join, name="join"),
    path("a/<str:activity>/", join_activity, name="join-activity"),
    path("a/<str:activity>/etat/", watch, name="watch"),
]
