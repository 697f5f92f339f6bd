"""The programme as a PDF: the public page's content, dated and versioned, with the OF's identity.

Qualiopi indicator 1 asks that the programme a structure receives (with a quote, an agreement, a
dossier) says the same as the public page. Both read the same programme version, section by
section, with the same French headings; the PDF adds the version and its date on every page, so
that a printed copy says which programme it is.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from acunum.accounts.models import Organisation, Referent
from acunum.documents.sheets import Incomplete, organisation_data, organisation_missing
from acunum.lib.durations import hours
from acunum.lib.typesetting import render

ROLES = list(Referent.Role)


def programme_pdf(version, *, now=None) -> bytes:
    """The PDF of a programme version, or Incomplete with what the OF must fill in first."""
    organisation = Organisation.current()
    if missing := organisation_missing(organisation):
        raise Incomplete(missing)
    now = now or timezone.now()
    return render("programme.typ", programme_data(version, organisation), issued=now)


def programme_data(version, organisation) -> dict:
    p = version.data
    delivery = p["delivery"]
    referents = sorted(organisation.referents.all(), key=lambda r: ROLES.index(r.role))
    by_role = {r.role: r for r in referents}
    pedagogical = by_role.get(Referent.Role.PEDAGOGICAL)
    disability = by_role.get(Referent.Role.DISABILITY)
    updated = _("Programme updated on %(date)s (version %(number)s).") % {
        "date": formats.date_format(version.updated, "j F Y"),
        "number": version.number,
    }
    registration = [
        _(
            "SIRET %(siret)s. Activity declaration number %(nda)s (this registration does not "
            "amount to State approval)."
        )
        % {"siret": organisation.siret, "nda": organisation.nda}
    ]
    if organisation.qualiopi_certificate:
        registration.append(
            _("Qualiopi certificate no. %(number)s, issued for the category: training actions.")
            % {"number": organisation.qualiopi_certificate}
        )
    return {
        "organisation": {
            **organisation_data(organisation),
            "contact": " · ".join(filter(None, [organisation.email, organisation.phone])),
            "website": organisation.website,
        },
        "title": p["title"],
        "long_title": p["long_title"],
        "updated": updated,
        "introduction": p["introduction"],
        "facts": [
            [_("Duration"), p["duration"]["text"]],
            [_("Group size"), p["trainees"]["text"]],
            [_("Format"), " ; ".join(phase["title"] for phase in p["phases"])],
            [_("Price"), delivery["price"]],
            [_("Access delay"), delivery["delay"]],
        ],
        "objectives": p["objectives"],
        "public": {
            "text": p["public"]["text"],
            "kinds": [kind["label"] for kind in p["public"]["structure_types"]],
            "prerequisites": p["prerequisites"]["text"],
            "positioning": p["prerequisites"].get("positioning", ""),
        },
        "phases": [
            {"title": ph["title"], "text": ph["text"], "themes": ph.get("themes", [])}
            for ph in p["phases"]
        ],
        "content": p.get("content", ""),
        "parts": [_part(part) for part in p["parts"]],
        "methods": delivery["methods"],
        "pedagogical": _("Pedagogical supervision: %(name)s.") % {"name": pedagogical.name}
        if pedagogical
        else "",
        "evaluation": delivery["evaluation"],
        "access": delivery["access"],
        "delay": delivery["delay"],
        "price": delivery["price"],
        "accessibility": delivery["accessibility"],
        "disability": f"{_('Disability referent:')} {_reach(disability)}." if disability else "",
        "funding": p["funding"]["text"],
        "referents": [f"{r.get_role_display()} : {_reach(r)}" for r in referents],
        "registration": registration,
        "labels": {
            "programme": _("Programme"),
            "nda": _("Declaration number"),
            "facts": _("At a glance"),
            "objectives": _("Objectives"),
            "public": _("Intended public and prerequisites"),
            "public_lead": _("Intended public:"),
            "prerequisites": _("Prerequisites:"),
            "phases": _("Two phases"),
            "content": _("Content"),
            "examples": _("Examples:"),
            "methods": _("Teaching methods and means"),
            "evaluation": _("Evaluation and follow-up"),
            "access": _("Access, delays and price"),
            "price": _("Price:"),
            "accessibility": _("Accessibility for disabled people"),
            "funding": _("Funding"),
            "contact": _("Contact"),
        },
    }


def _part(part: dict) -> dict:
    """A session as the public page shows it: its groups of half-days, then its other sequences.

    A grouped sequence is described by its group's text; the PDF lists the group's sequences
    under it too, so that each code, title and duration of the schedule is on paper.
    """
    sequences = part["sequences"]
    groups = [
        {
            "title": group["title"],
            "sequences": [
                _sequence_heading(seq) for seq in sequences if seq.get("group") == group["code"]
            ],
            "points": group.get("points", []),
            "examples": ", ".join(group.get("examples", [])),
        }
        for group in part.get("groups", [])
    ]
    return {
        "title": part["title"],
        "text": part.get("text", ""),
        "groups": groups,
        "sequences": [
            {
                "heading": _sequence_heading(seq),
                "text": seq.get("text", ""),
                "points": seq.get("points", []),
            }
            for seq in sequences
            if not seq.get("group")
        ],
    }


def _sequence_heading(seq: dict) -> str:
    return f"{seq['code']} · {seq['title']} ({hours(seq['minutes'])})"


def _reach(referent) -> str:
    return ", ".join(filter(None, [referent.name, referent.email, referent.phone]))
