"""The attendance sheet of a half-day, as a funder and a controller read it.

Issued once the half-day is closed and counter-signed, from the ledger: each trainee's drawn
signature and its time, or their absence and its reason, the trainer's counter-signature, and the
cycle's ledger hash at the time of issue, which `acunum verify-ledger` prints too.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from acunum.accounts.models import Organisation
from acunum.attendance.models import AttendanceEvent
from acunum.attendance.signing import window_of
from acunum.attendance.state import slot_presences
from acunum.documents.facts import CycleFacts
from acunum.documents.letterhead import logo_svg
from acunum.lib.durations import hours
from acunum.lib.typesetting import render

Kind = AttendanceEvent.Kind
Method = AttendanceEvent.Method


class Incomplete(Exception):
    """The document cannot be issued yet: `missing` says what to fill in or do first."""

    def __init__(self, missing: list[str]):
        super().__init__("; ".join(missing))
        self.missing = missing


def organisation_missing(organisation: Organisation | None) -> list[str]:
    """What every document needs of the training organisation and does not have."""
    if organisation is None:
        return [_("the training organisation (name, SIRET, NDA, address) in the back office")]
    missing = []
    if not organisation.siret:
        missing.append(_("the training organisation's SIRET"))
    if not organisation.nda:
        missing.append(_("the training organisation's declaration number (NDA)"))
    return missing


def organisation_data(organisation: Organisation) -> dict:
    """The training organisation as every document's header prints it (common.typ, identity)."""
    return {
        "name": organisation.name,
        "siret": organisation.siret,
        "nda": organisation.nda,
        "address": f"{organisation.address}, {organisation.postal_code} {organisation.city}",
        "logo": logo_svg(bytes(organisation.logo)),
    }


def attendance_sheet(slot, *, now=None, facts=None) -> bytes:
    """The PDF of the half-day's attendance sheet, or Incomplete with what is missing."""
    now = now or timezone.now()
    data = attendance_sheet_data(slot, now, facts=facts)
    return render("attendance_sheet.typ", data, issued=now)


def attendance_sheet_data(slot, now, *, facts=None) -> dict:
    """What the sheet prints, or Incomplete with what is missing."""
    facts = facts or CycleFacts.load(slot.cycle)
    missing = organisation_missing(facts.organisation)
    window = window_of(slot)
    events = facts.events_of(slot)
    counter = next((e for e in events if e.kind == Kind.TRAINER_SIGNATURE), None)
    if window is None or window.closed_at is None:
        missing.append(_("the half-day closed on its attendance board"))
    if counter is None:
        missing.append(_("the trainer's counter-signature"))
    if missing:
        raise Incomplete(missing)
    return sheet_data(slot, facts, events, counter, now)


def sheet_data(slot, facts, events, counter, now) -> dict:
    cycle = slot.cycle
    presences = slot_presences(slot, events)
    signatures = {e.enrolment_id: e for e in events if e.kind == Kind.SIGNATURE}
    rows = []
    for enrolment in facts.enrolments:
        presence = presences.get(enrolment.pk)
        signature = signatures.get(enrolment.pk)
        name = f"{enrolment.trainee.last_name.upper()} {enrolment.trainee.first_name}"
        rows.append(
            {
                "name": name,
                "alt": _("Signature of %(name)s") % {"name": name},
                "status": _row_status(presence),
                "signature": facts.signature_svg(signature)
                if signature is not None and signature.image
                else None,
            }
        )
    head = facts.ledger
    trainer = counter.actor
    return {
        "organisation": organisation_data(facts.organisation),
        "programme": cycle.programme_version.programme.title,
        "title": cycle.programme_version.data.get("long_title", ""),
        "structure": cycle.structure.name,
        "place": cycle.place,
        "slot": {
            "index": slot.index,
            "sequence": facts.sequence_label(slot),
            "date": formats.date_format(slot.date, "l j F Y"),
            "hours": f"{slot.start:%H:%M}–{slot.end:%H:%M}",
            "duration": hours(slot.minutes),
        },
        "trainer": trainer.get_full_name() or trainer.username,
        "counter": {
            "alt": _("Signature of %(name)s") % {"name": trainer.get_full_name() or trainer},
            "signature": facts.signature_svg(counter),
        },
        "rows": rows,
        "ledger": {"records": head.seq, "hash": head.hash},
        "issued": formats.date_format(timezone.localtime(now), "j F Y"),
        "labels": {
            "sheet": _("Attendance sheet"),
            "half_day": _("Half-day %(n)s") % {"n": slot.index},
            "trainee": _("Trainee"),
            "attendance": _("Attendance"),
            "signature": _("Signature"),
            "trainer": _("Trainer"),
            "counter": _("Counter-signed by the trainer at %(time)s")
            % {"time": _time(counter.created_at)},
            "ledger": _(
                "Attendance ledger of this cycle at the time of issue: %(n)s records, last hash"
            )
            % {"n": head.seq},
            "issued": _("Issued on"),
            "place": _("Place"),
            "client": _("Client structure"),
            "nda": _("Declaration number"),
        },
    }


def _time(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i")


def _row_status(presence) -> str:
    if presence is None or presence.status == "unknown":
        return _("not signed")
    if presence.status == "absent":
        label = _("absent, excused") if presence.excused else _("absent, not excused")
        return f"{label} : {presence.reason}" if presence.reason else label
    if presence.method == Method.PAPER:
        # Signed on the paper sheet during the half-day; the time is when it was entered.
        text = _("present, signed on the paper sheet (entered at %(time)s)") % {
            "time": _time(presence.signed_at)
        }
    else:
        # The method's label, as the board shows it: "on the trainee's phone"…
        how = Method(presence.method).label if presence.method else ""
        text = _("present, signed at %(time)s %(how)s") % {
            "time": _time(presence.signed_at),
            "how": how,
        }
    if presence.arrival:
        text += " · " + _("arrived at %(time)s") % {"time": f"{presence.arrival:%H:%M}"}
    if presence.departure:
        text += " · " + _("left at %(time)s") % {"time": f"{presence.departure:%H:%M}"}
    return text.strip()
