"""The convocation of a trainee: the letter that says when and where to come, whom to reach, and
carries the trainee's personal link as a QR code (Qualiopi indicator 9: the trainee is told the
practical conditions of the training before it starts).

It is a letter to the trainee, in French whatever the reader's language, like every document.
It prints the link that works now (`Enrolment.current_link`), never a new one: issuing a link
would make the one on the trainee's card stop working. The trainee's accessibility needs are
never printed (a letter travels, is left on a desk): every convocation invites every trainee to
reach the disability referent, so the letter is the same whether or not needs were declared.
"""

from __future__ import annotations

import io
from itertools import groupby

import segno
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.accounts.models import Referent
from acunum.cycles.models import trainee_url
from acunum.documents.facts import CycleFacts
from acunum.documents.french import french_date, french_day, french_duration, french_hours
from acunum.documents.sheets import Incomplete, organisation_data, organisation_missing
from acunum.lib.typesetting import render

ROLES = list(Referent.Role)


def convocation(enrolment, *, base_url: str, now=None, facts=None) -> bytes:
    """The PDF of the trainee's convocation, or Incomplete with what is missing.

    `base_url` is the address the link starts with (scheme and host, no trailing slash): the
    one phones can open (`link_base(request)`), or `settings.SITE_URL` for the dossier.
    """
    now = now or timezone.now()
    facts = facts or CycleFacts.load(enrolment.cycle)
    return render("convocation.typ", convocation_data(enrolment, facts, base_url, now), issued=now)


def convocation_data(enrolment, facts, base_url: str, now) -> dict:
    """What the convocation prints, or Incomplete with everything that is missing at once."""
    cycle, trainee = enrolment.cycle, enrolment.trainee
    organisation, slots = facts.organisation, facts.slots
    token = enrolment.current_link()
    referents = {r.role: r for r in organisation.referents.all()} if organisation else {}
    missing = organisation_missing(organisation)
    if not slots:
        missing.append(_("the cycle's schedule"))
    if not cycle.place.strip():
        missing.append(_("the place of the training, under “Edit the cycle”"))
    if not cycle.access.strip():
        missing.append(
            _(
                "how to get there (public transport, parking, step-free entrance), "
                "under “Edit the cycle”"
            )
        )
    if not cycle.to_bring.strip():
        missing.append(_("what to bring, under “Edit the cycle”"))
    if Referent.Role.DISABILITY not in referents:
        missing.append(
            _(
                "the training organisation's disability referent (name and email), "
                "in the back office"
            )
        )
    if token is None:
        missing.append(
            _("a personal link for %(name)s: the trainer issues it from the “Trainees’ cards” page")
            % {"name": trainee}
        )
    if missing:
        raise Incomplete(missing)

    url = base_url.rstrip("/") + trainee_url(token)
    version = cycle.programme_version
    parts = {part["number"]: part["title"] for part in version.data.get("parts", [])}
    return {
        "organisation": organisation_data(organisation),
        "signatory": organisation.legal_representative.strip(),
        "trainee": {
            "name": f"{trainee.first_name} {trainee.last_name.upper()}",
            "structure": trainee.structure.name,
        },
        "programme": version.programme.title,
        "long_title": version.data.get("long_title", ""),
        "duration": french_duration(sum(slot.minutes for slot in slots)),
        "half_days": len(slots),
        "sessions": [
            {"title": parts.get(part, ""), "days": [_day(day) for day in days]}
            for part, days in groupby(
                [list(day) for _date, day in groupby(slots, key=lambda s: s.date)],
                key=lambda day: day[0].sequence.part,
            )
        ],
        "place": cycle.place.strip(),
        "access": cycle.access.strip(),
        "to_bring": cycle.to_bring.strip(),
        "referents": [
            {
                "role": r.role,
                "name": r.name,
                "reach": " · ".join(filter(None, [r.email, r.phone])),
            }
            for r in sorted(referents.values(), key=lambda r: ROLES.index(r.role))
        ],
        "trainers": facts.trainers,
        "link": {"url": url, "qr": qr_svg(url)},
        "city": organisation.city,
        "issued": french_date(timezone.localdate(now)),
    }


def _day(slots) -> dict:
    """A day of the schedule: its date, and its half-days grouped by sequence (a day of J1–J4
    is one sequence in two half-days; two half-days DJ on the same date are two lines)."""
    return {
        "date": french_day(slots[0].date),
        "sequences": [
            {
                "hours": [french_hours(slot) for slot in group],
                "sequence": f"{group[0].sequence.code} · {group[0].sequence.title}",
            }
            for group in (list(g) for _seq, g in groupby(slots, key=lambda s: s.sequence_id))
        ],
    }


def qr_svg(url: str) -> str:
    """The QR code of the link, as a standalone SVG for Typst.

    Medium error correction, like the cards: a letter folded in a bag still scans. A quiet zone
    of 4 modules (the standard's), so that a phone finds the code even next to the text.
    """
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer,
        kind="svg",
        scale=1,
        border=4,
        omitsize=True,
        xmldecl=False,
        svgns=True,
        nl=False,
        svgclass=None,
        lineclass=None,
    )
    return buffer.getvalue().decode()
