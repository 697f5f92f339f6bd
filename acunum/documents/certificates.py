"""The certificate of completion (certificat de réalisation) of one trainee, on the Ministry's
model: what the OPCO reads to pay for the hours the trainee actually realised.

The model's wording is French law's text, not the application's: it lives in French in the
template, whatever the reader's language, and so do the dates and the duration it is filled
with. The hours come from the attendance ledger (acunum/attendance/hours.py), never from the
schedule; the dates are the cycle's first and last half-days. It is issued once every
half-day is closed: a certificate is for a training that is over.
"""

from __future__ import annotations

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acunum.accounts.models import Organisation
from acunum.attendance.hours import cycle_assiduity
from acunum.attendance.signing import window_of
from acunum.cycles.models import Trainee
from acunum.documents.sheets import Incomplete, organisation_data, organisation_missing
from acunum.lib.typesetting import render


def completion_certificate(enrolment, *, now=None) -> bytes:
    """The PDF of the trainee's certificate of completion, or Incomplete with what is missing."""
    cycle = enrolment.cycle
    organisation = Organisation.current()
    missing = organisation_missing(organisation)
    if organisation is not None and not organisation.legal_representative.strip():
        missing.append(_("the training organisation's legal representative"))
    if not cycle.structure.siret:
        missing.append(_("the SIRET of the structure %(name)s") % {"name": cycle.structure.name})
    slots = list(cycle.slots.select_related("window").order_by("date", "start"))
    if not slots:
        missing.append(_("the cycle's schedule"))
    open_slots = sum(1 for slot in slots if not _closed(slot))
    if open_slots:
        missing.append(
            ngettext(
                "every half-day closed on its attendance board: %(n)s is not closed yet",
                "every half-day closed on its attendance board: %(n)s are not closed yet",
                open_slots,
            )
            % {"n": open_slots}
        )
    if missing:
        raise Incomplete(missing)
    now = now or timezone.now()
    assiduity = cycle_assiduity(cycle, slots, [enrolment])
    minutes = assiduity.trainees[0].minutes
    data = certificate_data(enrolment, organisation, slots, minutes, now)
    return render("completion_certificate.typ", data, issued=now)


def _closed(slot) -> bool:
    window = window_of(slot)  # a slot never opened has no window
    return window is not None and window.closed_at is not None


def certificate_data(enrolment, organisation, slots, minutes: int, now) -> dict:
    cycle, trainee = enrolment.cycle, enrolment.trainee
    programme = cycle.programme_version
    title = programme.programme.title
    if long_title := programme.data.get("long_title", ""):
        title = f"{title} — {long_title}"
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


def french_date(day) -> str:
    """5 janvier 2026, 1er mars 2026: the certificate is French whatever the reader's language."""
    with translation.override("fr"):
        text = formats.date_format(day, "j F Y")
    return f"1er{text[1:]}" if day.day == 1 else text


def french_duration(minutes: int) -> str:
    """The hours realised, exactly: 56 heures, 52 heures 45 minutes (never a rounded decimal,
    which would certify a few minutes more or fewer than the ledger holds)."""
    h, m = divmod(int(minutes), 60)
    text = f"{h} heure" + ("s" if h > 1 else "")
    if m:
        text += f" {m} minute" + ("s" if m > 1 else "")
    return text
