"""The certificate of completion (certificat de réalisation) of one trainee, on the Ministry's
model: what the OPCO reads to pay for the hours the trainee actually realised.

The model's wording is French law's text, not the application's: it lives in French in the
template, whatever the reader's language, and so do the dates and the duration it is filled
with. The hours come from the attendance ledger (acunum/attendance/hours.py), never from the
schedule; the dates are the cycle's first and last half-days. It is issued once every
half-day is closed: a certificate is for a training that is over.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acunum.attendance.signing import is_closed
from acunum.cycles.models import Trainee
from acunum.documents.facts import CycleFacts
from acunum.documents.french import french_date, french_duration, full_title
from acunum.documents.sheets import Incomplete, organisation_data, organisation_missing
from acunum.lib.typesetting import render


def completion_certificate(enrolment, *, now=None, facts=None) -> bytes:
    """The PDF of the trainee's certificate of completion, or Incomplete with what is missing."""
    facts = facts or CycleFacts.load(enrolment.cycle)
    organisation = facts.organisation
    if missing := completion_missing(enrolment.cycle, organisation, facts.slots):
        raise Incomplete(missing)
    now = now or timezone.now()
    minutes = facts.trainee_hours(enrolment).minutes
    data = certificate_data(enrolment, organisation, facts.slots, minutes, now)
    return render("completion_certificate.typ", data, issued=now)


def completion_missing(cycle, organisation, slots) -> list[str]:
    """What a document of a finished training (certificate, attestation) needs and does not
    have: the OF and who signs for it, the structure's SIRET, and every half-day closed.
    `slots` are the cycle's, with their windows (select_related("window"))."""
    missing = organisation_missing(organisation)
    if organisation is not None and not organisation.legal_representative.strip():
        missing.append(_("the training organisation's legal representative"))
    if not cycle.structure.siret:
        missing.append(_("the SIRET of the structure %(name)s") % {"name": cycle.structure.name})
    return missing + training_over_missing(slots)


def training_over_missing(slots) -> list[str]:
    """A schedule, and every half-day of it closed: what ends a training's attendance."""
    missing = []
    if not slots:
        missing.append(_("the cycle's schedule"))
    open_slots = sum(1 for slot in slots if not is_closed(slot))
    if open_slots:
        missing.append(
            ngettext(
                "every half-day closed on its attendance board: %(n)s is not closed yet",
                "every half-day closed on its attendance board: %(n)s are not closed yet",
                open_slots,
            )
            % {"n": open_slots}
        )
    return missing


def certificate_data(enrolment, organisation, slots, minutes: int, now) -> dict:
    cycle, trainee = enrolment.cycle, enrolment.trainee
    title = full_title(cycle.programme_version)
    # The model names an employee's company; a volunteer is nobody's employee, and the
    # certificate says whose volunteer they are instead.
    if trainee.status == Trainee.Status.VOLUNTEER:
        bond = "bénévole de la structure"
    else:
        bond = "salarié(e) de l’entreprise"
    return {
        "organisation": organisation_data(organisation),
        "representative": organisation.legal_representative.strip(),
        "trainee": f"{trainee.last_name.upper()} {trainee.first_name}",
        "bond": bond,
        "employer": cycle.structure.name,
        "action": title,
        "start": french_date(slots[0].date),
        "end": french_date(slots[-1].date),
        "duration": french_duration(minutes),
        "city": organisation.city,
        "issued": french_date(timezone.localdate(now)),
    }
