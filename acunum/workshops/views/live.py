"""The live endpoint that the projector and the facilitator's page poll every second or two.

Conditional requests keep it cheap: the ETag is the activity's version counter, which every
contribution, moderation, state change and edit bumps, so an unchanged activity is answered
`304 Not Modified` after one query past the access check, with nothing aggregated.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotModified, JsonResponse
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.views.decorators.http import require_GET

from acunum.workshops.live import FACILITATOR, PROJECTOR, etag, snapshot
from acunum.workshops.views.trainer import ACTIVITY, _get_activity_for_user


def if_changed(request, tag: str, build):
    """304 when the page already holds `tag`, else the JSON of `build()`: built only then."""
    if tag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = JsonResponse(build())
    response["ETag"] = tag
    # Asked again each time: a cached answer would hold the screen on an old state.
    patch_cache_control(response, no_cache=True, private=True)
    return response


@login_required
@require_GET
def live(request, code, day: str, activity: str):
    activity = _get_activity_for_user(request, code, day, activity)
    audience = FACILITATOR if request.GET.get("vue") == FACILITATOR else PROJECTOR
    return if_changed(request, etag(activity, audience), lambda: snapshot(activity, audience))


urlpatterns = [path(ACTIVITY + "direct/", live, name="live")]
