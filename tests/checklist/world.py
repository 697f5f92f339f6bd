"""Rows of tests/test_access.py for the checklist: Dominique's list, with Firefox."""

from __future__ import annotations

from acunum.checklist import lists
from acunum.checklist.catalogue import catalogue


def firefox_step():
    return catalogue().of("browser", "firefox")[0]


def token_kwargs(t) -> dict:
    lists.set_platforms(t.dominique, ["firefox"])
    return {"token": t.dominique_token}


def mark_kwargs(t) -> dict:
    return {**token_kwargs(t), "step": firefox_step().id}


def helped_kwargs(t) -> dict:
    token_kwargs(t)
    status = lists.mark(t.dominique, firefox_step().id, "help", "Je ne trouve pas")
    return {"code": t.cycle.code, "status": status.pk}
