"""The individual attendance record (relevé individuel d'émargement) of one trainee, over the
whole cycle: each half-day's drawn signature and its time, or the absence and its reason, the
hours realised out of the hours planned, and the ledger's hash at the time of issue.

What a funder asks for one trainee instead of sixteen sheets. Issued once every half-day is
closed and counter-signed, like each sheet. The wording is French in the template, whatever the
reader's language; Python hands it the ledger's facts (acunum/attendance/state.py, hours.py).
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import ngettext

from acunum.attendance.models import AttendanceEvent
from acunum.attendance.state import slot_presences
from acunum.documents.certificates import training_over_missing
from acunum.documents.facts import CycleFacts
from acunum.documents.french import french_date, french_duration
from acunum.documents.sheets import Incomplete, organisation_data, organisation_missing
from acunum.lib.durations import hours
from acunum.lib.typesetting import render

Kind = AttendanceEvent.Kind
Method = AttendanceEvent.Method


def attendance_record(enrolment, *, now=None, facts=None) -> bytes:
    """The PDF of the trainee's attendance record, or Incomplete with what is missing."""
    now = now or timezone.now()
    data = attendance_record_data(enrolment, now, facts=facts)
    return render("attendance_record.typ", data, issued=now)


def attendance_record_data(enrolment, now, *, facts=None) -> dict:
    """What the record prints, or Incomplete with what is missing."""
    facts = facts or CycleFacts.load(enrolment.cycle)
    organisation, slots, events = facts.organisation, facts.slots, facts.events
    missing = organisation_missing(organisation)
    missing += training_over_missing(slots)
    unsigned = sum(1 for slot in slots if not _counter_signed(events.get(slot.pk, [])))
    if unsigned:
        missing.append(
            ngettext(
                "every half-day counter-signed by the trainer: %(n)s is not counter-signed yet",
                "every half-day counter-signed by the trainer: %(n)s are not counter-signed yet",
                unsigned,
            )
            % {"n": unsigned}
        )
    if missing:
        raise Incomplete(missing)
    return record_data(enrolment, facts, now)


def record_data(enrolment, facts, now) -> dict:
    cycle, trainee = enrolment.cycle, enrolment.trainee
    slots, events = facts.slots, facts.events
    # The ledger's own fold, as the certificate and the attestation count the hours.
    realised = facts.trainee_hours(enrolment)
    rows = []
    for slot in slots:
        slot_events = events.get(slot.pk, [])
        presence = slot_presences(slot, slot_events).get(enrolment.pk)
        signature = next(
            (e for e in slot_events if e.kind == Kind.SIGNATURE and e.enrolment_id == enrolment.pk),
            None,
        )
        rows.append(
            {
                "index": slot.index,
                "date": french_date(slot.date),
                "hours": f"{slot.start:%H:%M}–{slot.end:%H:%M}",
                "sequence": slot.sequence.code,
                **_presence_data(presence),
                # A signature a correction later turned into an absence is not shown as one.
                "signature": facts.signature_svg(signature)
                if signature is not None and signature.image and presence.status == "present"
                else None,
                "realised": hours(realised.by_slot.get(slot.index, 0)),
            }
        )
    head = facts.ledger
    version = cycle.programme_version
    return {
        "organisation": organisation_data(facts.organisation),
        "trainee": f"{trainee.last_name.upper()} {trainee.first_name}",
        "programme": version.programme.title,
        "title": version.data.get("long_title", ""),
        "structure": cycle.structure.name,
        "place": cycle.place,
        "trainers": ", ".join(facts.trainers),
        "start": french_date(slots[0].date),
        "end": french_date(slots[-1].date),
        "rows": rows,
        "realised": french_duration(realised.minutes),
        "planned": french_duration(facts.assiduity.planned),
        "realised_short": hours(realised.minutes),
        "attended": realised.attended,
        "absences": realised.absences,
        "ledger": {"records": head.seq, "hash": head.hash},
        "issued": french_date(timezone.localdate(now)),
    }


def _counter_signed(events) -> bool:
    return any(e.kind == Kind.TRAINER_SIGNATURE for e in events)


def _presence_data(presence) -> dict:
    """The trainee's attendance in one half-day, as facts the template words in French."""
    if presence is None or presence.status not in ("present", "absent"):
        return {"status": "unknown"}
    corrected = any(e.kind == Kind.CORRECTION for e in presence.events)
    if presence.status == "absent":
        return {
            "status": "absent",
            "excused": bool(presence.excused),
            "reason": presence.reason,
            "corrected": corrected,
        }
    with translation.override("fr"):  # the method's label, as the board shows it, in French
        method = str(Method(presence.method).label) if presence.method else ""
    return {
        "status": "present",
        "signed_at": timezone.localtime(presence.signed_at).strftime("%H:%M")
        if presence.signed_at
        else "",
        "method": method,
        # Signed on the sheet in the room; the time is when the trainer entered it.
        "on_paper": presence.method == Method.PAPER,
        "arrival": f"{presence.arrival:%H:%M}" if presence.arrival else "",
        "departure": f"{presence.departure:%H:%M}" if presence.departure else "",
        "corrected": corrected,
    }
