"""The quote (devis) and the training agreement (convention de formation) of a cycle.

The agreement is what article L6353-1 of the Code du travail asks the OF and the structure to
sign before the training, and article D6353-1 says what it holds: the title, objective and
content of the action, its means, duration and period, how it runs, is followed and is
sanctioned, its price and how it is paid. All of it is in the body, article by article, not
pushed to an annex: the agreement is the one paper a funder or a controller reads for it.

The quote comes first: the action and its price, which the structure signs "Bon pour accord".
Both are French whatever the reader's language (dates, durations, sums, wording in the
templates), and both read the programme version the cycle was sold with.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from acunum.accounts.models import Organisation
from acunum.documents.french import (
    CENT,
    french_date,
    french_day,
    french_duration,
    french_hours,
    french_money,
    full_title,
)
from acunum.documents.sheets import Incomplete, organisation_data, organisation_missing
from acunum.lib.durations import hours
from acunum.lib.typesetting import render

# The standard rate, for an OF that is not exempt (article 278 of the CGI).
VAT_RATE = Decimal("0.20")
# How long the structure has to accept the quote.
VALIDITY = timedelta(days=30)


def quote(cycle, *, now=None) -> bytes:
    """The PDF of the cycle's quote, or Incomplete with what is missing."""
    organisation = Organisation.current()
    missing = organisation_missing(organisation)
    missing += _payment_missing(organisation)
    missing += _price_missing(cycle)
    if missing:
        raise Incomplete(missing)
    now = now or timezone.now()
    return render("quote.typ", quote_data(cycle, organisation, now), issued=now)


def agreement(cycle, *, now=None) -> bytes:
    """The PDF of the cycle's training agreement, or Incomplete with what is missing."""
    organisation = Organisation.current()
    slots = _slots(cycle)
    missing = organisation_missing(organisation)
    if organisation is not None and not organisation.legal_representative.strip():
        missing.append(_("the training organisation's legal representative"))
    missing += _payment_missing(organisation)
    missing += _price_missing(cycle)
    if not cycle.place.strip():
        missing.append(_("the place of the training, under “Edit the cycle”"))
    if not slots:
        missing.append(_("the cycle's schedule"))
    structure = cycle.structure
    if not structure.siret:
        missing.append(_("the SIRET of the structure %(name)s") % {"name": structure.name})
    if not all(s.strip() for s in (structure.address, structure.postal_code, structure.city)):
        missing.append(
            _("the address of the structure %(name)s, in the back office")
            % {"name": structure.name}
        )
    if not structure.representative.strip():
        missing.append(
            _("who signs the agreement for the structure %(name)s, in the back office")
            % {"name": structure.name}
        )
    if missing:
        raise Incomplete(missing)
    now = now or timezone.now()
    return render("agreement.typ", agreement_data(cycle, organisation, now), issued=now)


def _payment_missing(organisation) -> list[str]:
    if organisation is None or organisation.payment_terms.strip():
        return []
    return [_("the training organisation's payment terms, in the back office")]


def _price_missing(cycle) -> list[str]:
    if cycle.price is not None:
        return []
    return [_("the price excluding tax, under “Edit the cycle”")]


def _slots(cycle) -> list:
    return list(cycle.slots.select_related("sequence").order_by("date", "start"))


def quote_data(cycle, organisation, now) -> dict:
    """What the quote prints: the action as sold, its price, and the box to sign."""
    slots = _slots(cycle)
    p = cycle.programme_version.data
    today = timezone.localdate(now)
    return {
        **_parties(cycle, organisation),
        "reference": _reference("D", cycle, today),
        "issued": french_date(today),
        "valid_until": french_date(today + VALIDITY),
        "title": full_title(cycle.programme_version),
        "objectives": p["objectives"],
        "duration": french_duration(cycle.programme_version.total_minutes),
        "max_trainees": cycle.max_trainees,
        "place": cycle.place.strip(),
        "dates": {"start": french_date(slots[0].date), "end": french_date(slots[-1].date)}
        if slots
        else None,
        "half_days": len(slots),
        "price": prices(cycle.price, vat_exempt=organisation.vat_exempt),
        "payment_terms": _lines(organisation.payment_terms),
    }


def agreement_data(cycle, organisation, now) -> dict:
    """What the agreement prints: each item of article D6353-1 in its own article."""
    slots = _slots(cycle)
    version = cycle.programme_version
    p = version.data
    today = timezone.localdate(now)
    trainers = cycle.trainers.order_by("last_name", "first_name", "pk")
    enrolments = cycle.enrolments.select_related("trainee").order_by("seat")
    structure = cycle.structure
    with translation.override("fr"):  # the funder's kind as the French document names it
        funder_label = structure.funder_label
    return {
        **_parties(cycle, organisation),
        "reference": _reference("C", cycle, today),
        "issued": french_date(today),
        "title": full_title(cycle.programme_version),
        "programme": f"version {version.number} du {french_date(version.updated)}",
        "objectives": p["objectives"],
        "public": p["public"]["text"],
        "prerequisites": p["prerequisites"]["text"],
        "content": p.get("content", ""),
        "parts": [
            {
                "title": part["title"],
                "sequences": [
                    f"{seq['code']} · {seq['title']} ({hours(seq['minutes'])})"
                    for seq in part["sequences"]
                ],
            }
            for part in p["parts"]
        ],
        "methods": p["delivery"]["methods"],
        "trainers": [t.get_full_name() or t.username for t in trainers],
        "duration": french_duration(sum(slot.minutes for slot in slots)),
        "start": french_date(slots[0].date),
        "end": french_date(slots[-1].date),
        "slots": [
            {
                "index": slot.index,  # as the half-day's attendance sheet numbers it
                "date": french_day(slot.date),
                "hours": french_hours(slot),
                "sequence": f"{slot.sequence.code} · {slot.sequence.title}",
            }
            for slot in slots
        ],
        "place": cycle.place.strip(),
        "max_trainees": cycle.max_trainees,
        "trainees": [f"{e.trainee.last_name.upper()} {e.trainee.first_name}" for e in enrolments],
        "evaluation": p["delivery"]["evaluation"],
        "price": prices(cycle.price, vat_exempt=organisation.vat_exempt),
        "payment_terms": _lines(organisation.payment_terms),
        "funder": {"kind": structure.funder_kind, "name": structure.funder_name.strip()},
        "funder_label": funder_label,
    }


def _parties(cycle, organisation) -> dict:
    structure = cycle.structure
    return {
        "organisation": {
            **organisation_data(organisation),
            "representative": organisation.legal_representative.strip(),
            "city": organisation.city,
            "contact": " · ".join(filter(None, [organisation.email, organisation.phone])),
        },
        "structure": {
            "name": structure.name,
            "address": _address(structure),
            "siret": structure.siret,
            "representative": structure.representative.strip(),
        },
    }


def _lines(text: str) -> list[str]:
    """A text typed in a form, line by line, without its blank lines."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _reference(prefix: str, cycle, today) -> str:
    """D-2026-1A2B3C4D: the kind of document, its year, and the start of the cycle's code."""
    return f"{prefix}-{today.year}-{str(cycle.code)[:8].upper()}"


def _address(structure) -> str:
    town = " ".join(filter(None, [structure.postal_code.strip(), structure.city.strip()]))
    return ", ".join(filter(None, [structure.address.strip(), town]))


def prices(price: Decimal, *, vat_exempt: bool) -> dict:
    """The price excluding tax, the VAT and the total, as the documents print them."""
    excl = price.quantize(CENT, ROUND_HALF_UP)
    vat = Decimal(0) if vat_exempt else (excl * VAT_RATE).quantize(CENT, ROUND_HALF_UP)
    return {
        "excl": french_money(excl),
        "vat_exempt": vat_exempt,
        "vat": french_money(vat),
        "total": french_money(excl + vat),
    }
