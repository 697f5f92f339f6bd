"""A structure's request and its completion, as valid data: for tests/cycles/test_requests.py,
the access rows of tests/test_access.py and the browser tests."""

from __future__ import annotations

# A SIRET that passes the Luhn check (the test world's own do not: they never went through it).
VALID_SIRET = "73282932000074"


def request_data(**changes) -> dict:
    """A valid request, with `changes`; a change to None leaves that field out."""
    data = {
        "structure_name": "MJC des Pentes",
        "structure_kind": "sociocultural",
        "structure_kind_other": "",
        "siret": "",
        "city": "Lyon",
        "funder_kind": "opco",
        "funder_name": "Uniformation",
        "contact_name": "Nora Belaïd",
        "contact_email": "nora@mjc-pentes.example.org",
        "contact_phone": "04 78 12 34 56",
        "trainee_count": "9",
        "trainee_profiles": "Six animateurs salariés, trois bénévoles (accompagnement scolaire).",
        "context": "Les jeunes nous demandent de l’aide pour Pronote et Parcoursup.",
        "disability": "no",
        "disability_needs": "",
        "preferred_periods": "À partir de mars, les lundis et mardis, hors vacances scolaires.",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


COMPLETION = {
    "conversation_date": "2026-03-05",
    "conversation_with": "Nora Belaïd, coordinatrice jeunesse, et le directeur",
    "needs_confirmed": "Accompagner les jeunes sur Pronote et Parcoursup ; sécuriser les comptes.",
    "adaptations": "DJ3 et DJ4 sur les démarches scolaires ; exemples tirés de l’accueil jeunes.",
    "disability_adaptations": "Aucune nécessaire : confirmé avec la coordinatrice.",
}
