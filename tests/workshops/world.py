"""Helpers for the workshops' tests: activities of the BaseTestCase cycle, and answers to them."""

from __future__ import annotations

import uuid

from acunum.workshops.contributing import Who, contribute
from acunum.workshops.models import Activity

WORD_CLOUD = {"words_per_person": 3}
POLL = {"choices": ["Oui", "Non", "Je ne sais pas"], "multiple": False}
DEBATE = {"statement": "Le numérique nous rapproche.", "rounds": 2}
WALL = {"columns": ["En mon nom", "Au nom de ma structure", "Sous un pseudonyme"]}
TIMELINE = {"events_per_person": 3}
DOTS = {"options": ["Réseaux sociaux", "Smartphone", "Messagerie", "Visio"], "dots_per_person": 3}
SETTINGS = {
    "word_cloud": WORD_CLOUD,
    "poll": POLL,
    "moving_debate": DEBATE,
    "post_it_wall": WALL,
    "timeline": TIMELINE,
    "dot_voting": DOTS,
}


def make_activity(t, kind="word_cloud", day="J1", state="open", **fields) -> Activity:
    cycle = fields.pop("cycle", None) or t.cycle
    sequence = cycle.programme_version.sequences.get(code=day)
    activity = Activity.objects.add(
        cycle,
        sequence,
        kind=kind,
        title=fields.pop("title", f"Essai {kind}"),
        settings=fields.pop("settings", SETTINGS[kind]),
        **fields,
    )
    if state != "draft":
        Activity.objects.filter(pk=activity.pk).update(state=state)
        activity.refresh_from_db()
    return activity


def send(activity, who: Who, client_id=None, **answer):
    """An answer as a phone sends it: each field a list of texts."""
    data = {k: v if isinstance(v, list) else [str(v)] for k, v in answer.items()}
    return contribute(activity, who, client_id or uuid.uuid4(), data)


def as_trainee(enrolment, phone: str = "a" * 32) -> Who:
    return Who(enrolment=enrolment, phone_secret=phone)


def as_pseudonym(name: str, participant=None, phone: str = "b" * 32) -> Who:
    return Who(
        pseudonym=name,
        participant_id=str(participant.pk) if participant else None,
        phone_secret=phone,
    )


# Rows of tests/test_access.py: an open activity of the Passerelle cycle's J1 for each URL.
def day_kwargs(t) -> dict:
    return {"code": t.cycle.code, "day": "J1"}


def activity_kwargs(t, kind="word_cloud") -> dict:
    t.workshop_activity = make_activity(t, kind)
    return {**day_kwargs(t), "activity": t.workshop_activity.join_code}


def closed_activity_kwargs(t) -> dict:
    kwargs = activity_kwargs(t)
    t.workshop_activity.change_state("closed")
    return kwargs


def debate_kwargs(t) -> dict:
    return activity_kwargs(t, "moving_debate")


def moderation_kwargs(t) -> dict:
    kwargs = activity_kwargs(t)
    t.workshop_contribution = send(t.workshop_activity, as_trainee(t.eden), word="partage")
    return kwargs


def moderation_data(t) -> dict:
    return {"contribution": str(t.workshop_contribution.contributions[0].pk), "hidden": "1"}


def card_kwargs(t) -> dict:
    """A wall with Dominique's post-it in its first column."""
    kwargs = activity_kwargs(t, "post_it_wall")
    stored = send(t.workshop_activity, as_trainee(t.dominique), column="0", text="Facebook")
    t.workshop_card = stored.contributions[0]
    return kwargs


def card_data(t) -> dict:
    return {"contribution": str(t.workshop_card.pk), "column": "2"}


def form_data(t) -> dict:
    return {"kind": "word_cloud", "title": "Trois mots du matin", "words_per_person": "3"}


def trainee_activity_kwargs(t) -> dict:
    t.workshop_activity = make_activity(t)
    return {"token": t.dominique_token, "activity": t.workshop_activity.join_code}


def join_activity_kwargs(t) -> dict:
    return {"activity": make_activity(t).join_code}


def answer_data(t) -> dict:
    return {"client_id": str(uuid.uuid4()), "word": "partage"}
