"""Demo comparisons of the traces lab, so that the group's view shows at once what it is for.

Nine trainees of the current cycle compared their browsers, as on the morning of J3: phones and
laptops of a few kinds, several sharing a model, one with a dark theme and a larger text, one
with an ad blocker. Each goes through the same reading of the request (passive.py) and the same
hashing (comparing.compare) as a phone's; the values are written as traces.js writes them.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.http import QueryDict
from django.test import RequestFactory

from acunum.cycles.models import Cycle
from acunum.traces import comparing, passive

CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
LIGHT = "light;no-preference;no-preference;none"


def _print(device: str, what: str) -> str:
    # A device model draws the same canvas and has the same fonts: the same fingerprint.
    return "SHA-256:" + hashlib.sha256(f"{device}/{what}".encode()).hexdigest()


# (device, User-Agent, Accept-Language, what the page's script reads)
DEVICES = {
    "galaxy-a52": (
        CHROME_ANDROID,
        "fr-FR,fr;q=0.9",
        {
            "screen": "412x915;24;2.625",
            "languages": "fr-FR,fr",
            "platform": "Linux armv81;Android;true;Chromium 131, Not_A Brand 24, Google Chrome 131",
            "hardware": "8;4",
            "touch": "5",
            "webgl": "Qualcomm;Adreno (TM) 618",
        },
    ),
    "redmi-note": (
        CHROME_ANDROID,
        "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7",
        {
            "screen": "393x873;24;2.75",
            "languages": "fr-FR,fr,en-US,en",
            "platform": "Linux armv81;Android;true;Chromium 131, Not_A Brand 24, Google Chrome 131",
            "hardware": "8;4",
            "touch": "5",
            "webgl": "ARM;Mali-G57 MC2",
        },
    ),
    "iphone-13": (
        IPHONE,
        "fr-FR,fr;q=0.9",
        {
            "screen": "390x844;24;3",
            "languages": "fr-FR",
            "platform": "iPhone;;;",
            "hardware": "4;",
            "touch": "5",
            "webgl": "Apple Inc.;Apple GPU",
        },
    ),
    "laptop-firefox": (
        FIREFOX_WINDOWS,
        "fr,fr-FR;q=0.8,en-US;q=0.5,en;q=0.3",
        {
            "screen": "1920x1080;24;1",
            "languages": "fr,fr-FR,en-US,en",
            "platform": "Win32;;;",
            "hardware": "8;",
            "touch": "0",
            "webgl": "Mozilla;Intel(R) UHD Graphics",
        },
    ),
    "laptop-edge": (
        EDGE_WINDOWS,
        "fr,fr-FR;q=0.9,en;q=0.8,en-GB;q=0.7,en-US;q=0.6",
        {
            "screen": "1366x768;24;1",
            "languages": "fr,fr-FR,en,en-GB,en-US",
            "platform": "Win32;Windows;false;Microsoft Edge 131, Chromium 131, Not_A Brand 24",
            "hardware": "4;8",
            "touch": "0",
            "webgl": "Google Inc. (Intel);ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11)",
        },
    ),
}
# Who compared, on what, and what they changed: seats 1 to 9 of the current cycle.
ROOM = [
    ("galaxy-a52", {}),
    ("galaxy-a52", {}),
    ("galaxy-a52", {"preferences": "dark;more;no-preference;none"}),
    ("redmi-note", {}),
    ("iphone-13", {}),
    ("iphone-13", {}),
    ("laptop-firefox", {"ad-blocker": "hidden"}),
    ("laptop-edge", {}),
    ("galaxy-a52", {}),
]


def record(current: Cycle, now: datetime) -> None:
    factory = RequestFactory()
    for seat, (device, changes) in enumerate(ROOM, start=1):
        enrolment = current.enrolments.get(seat=seat)
        user_agent, languages, script = DEVICES[device]
        request = factory.post(
            "/",
            REMOTE_ADDR=f"192.168.1.{20 + seat}",
            HTTP_USER_AGENT=user_agent,
            HTTP_ACCEPT_LANGUAGE=languages,
            HTTP_COOKIE="csrftoken=demo",
        )
        sent = {
            **script,
            "timezone": "Europe/Paris;UTC+01:00",
            "preferences": LIGHT,
            "fonts": "4;" + _print(device, "fonts"),
            "canvas": _print(device, "canvas"),
            "ad-blocker": "visible",
            **changes,
        }
        # Checked as the page's form is: a bad demo value fails here, as it would on a phone.
        posted = QueryDict(mutable=True)
        for name, value in sent.items():
            posted[comparing.FIELD_PREFIX + name] = value
        comparing.compare(
            enrolment, comparing.checked(posted), passive.compared_values(request), now
        )
