"""Demo checklists of "bien régler son internet", so that the room's view and a trainee's list
show at once what they are for.

The current cycle: most trainees have said what they use and worked through part of their list;
two are waiting for help, one with a note. The finished cycle: everyone went through DJ1 and DJ2,
most steps done, a few set aside, every help request answered. Deterministic (a seeded
random.Random); every mark goes through the same checks as one sent from a phone.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from acunum.checklist import lists
from acunum.checklist.models import StepStatus
from acunum.cycles.models import Cycle

# What a room of social workers and librarians uses: mostly Windows at work, Android phones.
EQUIPMENT = [
    ["windows-11", "android", "chrome", "firefox", "outlook"],
    ["windows-11", "ios", "edge", "outlook", "gmail"],
    ["macos", "ios", "safari", "firefox", "gmail"],
    ["windows-11", "android", "firefox", "thunderbird"],
    ["ubuntu", "android", "firefox", "thunderbird"],
    ["windows-11", "android", "chrome", "outlook-com"],
    ["android", "chrome", "gmail"],
    ["windows-11", "ios", "edge", "chrome", "outlook"],
]
HELP_NOTE = "Je ne trouve pas ce réglage : mon écran n’a pas les mêmes menus."
NOTES = [
    "Fait avec l’aide de ma collègue.",
    "À refaire sur le poste du bureau.",
    "Le service informatique gère ce réglage.",
]


def _work_through(enrolment, rng: random.Random, share: float, help_asked: int, at: datetime):
    # Each item started, none finished in order: people pick the steps that speak to them.
    steps = [line.step for section in lists.sections(enrolment) for line in section.lines]
    rng.shuffle(steps)
    done = int(len(steps) * share)
    for step in steps[:done]:
        state = rng.choices(["done", "not_applicable"], weights=[6, 1])[0]
        note = rng.choice(NOTES) if rng.random() < 0.1 else ""
        lists.mark(enrolment, step.id, state, note)
    for n, step in enumerate(steps[done : done + help_asked]):
        lists.mark(enrolment, step.id, "help", HELP_NOTE if n == 0 else "")
    StepStatus.objects.filter(enrolment=enrolment).update(updated_at=at)


def record(current: Cycle, finished: Cycle, now: datetime) -> None:
    rng = random.Random(7)
    enrolments = list(current.enrolments.order_by("seat"))
    # The last two have not opened their list yet.
    for n, enrolment in enumerate(enrolments[:-2]):
        lists.set_platforms(enrolment, EQUIPMENT[n % len(EQUIPMENT)])
        helping = 1 if n in (1, 4) else 0
        _work_through(
            enrolment,
            rng,
            share=0.2 + 0.6 * rng.random(),
            help_asked=helping,
            at=now - timedelta(minutes=40 - 3 * n),
        )
    finished_at = datetime.combine(finished.slots.order_by("-date").first().date, now.timetz())
    for n, enrolment in enumerate(finished.enrolments.order_by("seat")):
        lists.set_platforms(enrolment, EQUIPMENT[(n + 3) % len(EQUIPMENT)])
        _work_through(
            enrolment, rng, share=0.85 + 0.15 * rng.random(), help_asked=1, at=finished_at
        )
        StepStatus.objects.filter(enrolment=enrolment, state="help").update(helped_at=finished_at)
