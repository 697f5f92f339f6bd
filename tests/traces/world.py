"""Helpers for the traces lab's tests: an open lab, a browser's values, a small catalogue."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.test import RequestFactory
from django.utils import timezone

from acunum.checklist.platforms import APPLIES
from acunum.cycles.models import Cycle, Enrolment
from acunum.traces import comparing, passive
from acunum.traces.comparing import FIELD_PREFIX
from acunum.traces.models import Submission
from tests.evaluation.world import move_schedule

# What traces.js sends from one browser: a phone in Paris, in dark mode.
SCRIPT_VALUES = {
    "screen": "360x740;24;3",
    "timezone": "Europe/Paris;UTC+01:00",
    "languages": "fr-FR,fr,en-US",
    "platform": "Linux armv81;Android;true;Chromium 131, Google Chrome 131",
    "hardware": "8;4",
    "touch": "5",
    "preferences": "dark;no-preference;no-preference;none",
    "fonts": "3;SHA-256:" + "ab" * 32,
    "canvas": "SHA-256:" + "cd" * 32,
    "webgl": "Qualcomm;Adreno (TM) 610",
    "ad-blocker": "visible",
}
# The headers that browser sends with every request.
HEADERS = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 10; K) Chrome/131.0.0.0 Mobile Safari/537.36",
    "HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en-US;q=0.8",
    "HTTP_SEC_CH_UA": '"Chromium";v="131", "Google Chrome";v="131"',
    "HTTP_SEC_CH_UA_MOBILE": "?1",
    "HTTP_SEC_CH_UA_PLATFORM": '"Android"',
}


def form(values: dict[str, str] | None = None) -> dict[str, str]:
    """The fields traces.js posts."""
    return {FIELD_PREFIX + name: value for name, value in (values or SCRIPT_VALUES).items()}


def open_lab(cycle: Cycle, last: date | None = None) -> None:
    """The cycle's last half-day a week from now: comparing is open (the test world's cycles
    were scheduled from January 2026)."""
    move_schedule(cycle, last=last or timezone.localdate() + timedelta(days=7))


def compare_directly(enrolment: Enrolment, values=None, **headers) -> Submission:
    """A comparison stored without a page, as a browser with these headers would make it."""
    request = RequestFactory().post("/", **{**HEADERS, **headers})
    return comparing.compare(
        enrolment, dict(values or SCRIPT_VALUES), passive.compared_values(request), timezone.now()
    )


def open_lab_kwargs(t) -> dict:
    """Dominique's comparison, in a cycle whose lab is open."""
    open_lab(t.cycle)
    return {"token": t.dominique_token}


def compared_kwargs(t) -> dict:
    """Dominique has compared: she can take it back."""
    kwargs = open_lab_kwargs(t)
    compare_directly(t.dominique)
    return kwargs


def script_data(t) -> dict:
    return form()


def write_catalogue(folder: Path, lab: dict[str, str]) -> Path:
    """A catalogue that passes every check: five steps for each item and platform, the first
    step of some files saying which attribute of the lab it changes.

    `lab` maps "item/platform" to an attribute id, e.g. {"browser/firefox": "canvas"}.
    """
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "test.toml").write_text(
        '[TEST-SRC]\ntitle = "Source de test"\npublisher = "Tests"\n'
        'url = "https://example.org/"\nlicence = "CC-BY-SA-4.0"\n',
        encoding="utf-8",
    )
    for item, platforms in APPLIES.items():
        for platform in platforms:
            path = folder / "steps" / item / f"{platform}.toml"
            path.parent.mkdir(parents=True, exist_ok=True)
            text = [
                f'item = "{item}"',
                f'platform = "{platform}"',
                'versions = "toutes"',
                "last_checked = 2026-11-01",
            ]
            for n in range(1, 6):
                attribute = lab.get(f"{item}/{platform}") if n == 1 else None
                text += [
                    "",
                    "[[step]]",
                    f'id = "{platform}.{item.replace("_", "-")}-{n}"',
                    f'title = "Réglage {n} de {item} sur {platform}"',
                    'goal = "Un but."',
                    'why = ["privacy"]',
                    'why_text = "Une raison."',
                    'where = "Paramètres"',
                    'how = ["Ouvrez les paramètres.", "Changez le réglage."]',
                    "difficulty = 1",
                    'sources = ["TEST-SRC"]',
                ]
                if attribute:
                    text.append(f'lab = "{attribute}"')
            path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return folder
