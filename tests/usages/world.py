"""Requested usages in the BaseTestCase world: proposals of the Passerelle cycle (whose J4 is in
January 2026, so proposals are open), a dot, a theme; and the rows of tests/test_access.py."""

from __future__ import annotations

from acunum.usages import plan, proposals
from acunum.usages.models import Proposal

THEME_DATA = {
    "title": "Créer une page Facebook pour l’accueil de loisirs",
    "objectives": "Ouvrir une page, régler qui publie, écrire une charte de modération.",
    "resources": "Les smartphones de la structure ; la charte de la Ville.",
    "reason": "Les gommettes du groupe vont d’abord à Facebook.",
}


def propose(t, title="Découvrir Mastodon", enrolment=None, category="social_network") -> Proposal:
    return proposals.propose(
        enrolment or t.dominique, title, "Pour quitter X sans perdre nos partenaires.", category
    )


def theme_content(**changes) -> plan.Content:
    fields = {k: v for k, v in THEME_DATA.items() if k != "reason"}
    return plan.Content(**{**fields, **changes})


def sequence(t, code: str):
    return t.version.sequences.get(code=code)


def proposal_data(t) -> dict:
    return {
        "title": "Tourner une vidéo avec les jeunes",
        "description": "Un petit film sur le quartier, monté sur téléphone.",
        "category": "public_actions",
    }


def token_kwargs(t) -> dict:
    return {"token": t.dominique_token}


def proposal_kwargs(t) -> dict:
    return {"token": t.dominique_token, "pk": propose(t, enrolment=t.eden).pk}


def dotted_kwargs(t) -> dict:
    """Eden's proposal with one of Dominique's dots on it: the dot she may take back."""
    found = propose(t, enrolment=t.eden)
    proposals.place_dot(t.dominique, found)
    return {"token": t.dominique_token, "pk": found.pk}


def board_proposal_kwargs(t) -> dict:
    return {"code": t.cycle.code, "pk": propose(t).pk}


def merge_kwargs(t) -> dict:
    """A duplicate to merge; the proposal to merge it into is kept for merge_data."""
    t.usage_target = propose(t, "Utiliser Mastodon", enrolment=t.eden)
    return board_proposal_kwargs(t)


def merge_data(t) -> dict:
    return {"into": t.usage_target.pk}


def theme_kwargs(t) -> dict:
    return {"code": t.cycle.code, "sequence": "DJ3"}


def themed_kwargs(t) -> dict:
    plan.set_theme(t.cycle, sequence(t, "DJ3"), theme_content(), reason="Vote", user=t.bob)
    return theme_kwargs(t)


def theme_data(t) -> dict:
    return THEME_DATA


def remove_data(t) -> dict:
    return {"remove-reason": "Le groupe préfère avancer la vidéo."}
