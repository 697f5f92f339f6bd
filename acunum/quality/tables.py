"""The tables the audit export holds as CSV files: each one what a page of the cycle shows (its
schedule, its hours realised, its questionnaires…), read from the same functions through the
scope, and the OF's registers.

Every table is a list of rows, a header first, and is written as French spreadsheets open it:
UTF-8 with its byte order mark, semicolons (as workshops/exports.py writes them).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from acunum.attendance import signing
from acunum.attendance.state import SlotSummary
from acunum.evaluation.indicators import for_programme
from acunum.evaluation.questionnaire import Respondent
from acunum.lib.durations import hours
from acunum.outbox.templatetags.outbox import cycle_outbox
from acunum.quality.scope import CycleData
from acunum.usages.models import Adaptation
from acunum.workshops.exports import FORMULA_STARTS
from acunum.workshops.models import Activity


def cell(value) -> str:
    """A value as the file shows it: dates and numbers the French way, a text that a
    spreadsheet would run as a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, (float, Decimal)):
        return f"{value:.2f}".replace(".", ",")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _name(enrolment) -> list:
    return [enrolment.seat, enrolment.trainee.last_name, enrolment.trainee.first_name]


def _trainee_header() -> list:
    return [_("Seat"), _("Last name"), _("First name")]


# A cycle's tables -----------------------------------------------------------------------------


def slots(data: CycleData) -> list[list]:
    """The schedule and each half-day's attendance, as the cycle page shows them."""
    by_slot = {row.slot.pk: row for row in data.assiduity.slots}
    rows = [
        [
            _("No."),
            _("Sequence"),
            _("Date"),
            _("Start"),
            _("End"),
            _("Closed"),
            _("Counter-signed"),
            _("Present"),
            _("Enrolled"),
            _("Hours realised"),
        ]
    ]
    for slot in data.slots:
        row = by_slot[slot.pk]
        rows.append(
            [
                slot.index,
                slot.sequence.code,
                slot.date,
                slot.start.strftime("%H:%M"),
                slot.end.strftime("%H:%M"),
                signing.is_closed(slot),
                data.summaries.get(slot.pk, SlotSummary()).counter_signed,
                row.present,
                row.enrolled,
                hours(row.minutes),
            ]
        )
    return rows


def assiduity(data: CycleData) -> list[list]:
    planned = data.assiduity.planned
    rows = [
        [
            *_trainee_header(),
            _("Half-days attended"),
            _("Absences"),
            _("Hours realised"),
            _("Hours planned"),
            _("Minutes realised"),
        ]
    ]
    for row in sorted(data.assiduity.trainees, key=lambda r: r.enrolment.seat):
        rows.append(
            [
                *_name(row.enrolment),
                row.attended,
                row.absences,
                hours(row.minutes),
                hours(planned),
                row.minutes,
            ]
        )
    return rows


def positioning(data: CycleData) -> list[list]:
    rows = [[*_trainee_header(), _("Positioning")]]
    for row in data.results.positioning or []:
        rows.append([*_name(row.enrolment), row.result.label if row.result else _("not answered")])
    return rows


def convocations(data: CycleData) -> list[list]:
    """Each trainee's latest convocation, as the cycle page's outbox section reads it."""
    rows = [
        [
            *_trainee_header(),
            _("Email"),
            _("Status"),
            _("Sent at"),
            _("Server’s answer"),
        ]
    ]
    for row in cycle_outbox(data.cycle, data.enrolments)["rows"]:
        message = row["convocation"]
        rows.append(
            [
                *_name(row["enrolment"]),
                row["enrolment"].trainee.email,
                message.get_status_display() if message else _("not sent yet"),
                message.sent_at if message else None,
                message.smtp_reply if message else "",
            ]
        )
    return rows


def questionnaires(data: CycleData) -> list[list]:
    rows = [[_("Questionnaire"), _("Answered by"), _("Answers"), _("Expected"), _("Rate")]]
    for result in data.results.questionnaires:
        q = result.questionnaire
        rows.append(
            [
                q.title,
                Respondent(q.respondent).label,
                result.answered,
                result.expected,
                f"{round(result.rate)} %" if result.rate is not None else "",
            ]
        )
    return rows


def assessments(data: CycleData) -> list[list]:
    """The trainer's assessment of each trainee, objective by objective, and the comment."""
    rows = [[*_trainee_header(), *data.results.objectives, _("Comment")]]
    for row in data.results.assessments or []:
        levels = row.levels or [_("not assessed")] + [""] * (len(data.results.objectives) - 1)
        rows.append([*_name(row.enrolment), *levels, row.comment])
    return rows


def adaptations(data: CycleData) -> list[list]:
    rows = [
        [
            _("When"),
            _("Half-day"),
            _("Kind of change"),
            _("Before"),
            _("After"),
            _("By"),
            _("Why"),
        ]
    ]
    for a in Adaptation.objects.of_cycle(data.cycle):
        rows.append(
            [
                a.at,
                a.sequence.code,
                a.get_change_display(),
                a.before_title,
                a.after_title,
                a.user_name,
                a.reason,
            ]
        )
    return rows


def activities(data: CycleData) -> list[list]:
    rows = [[_("Day"), _("No."), _("Activity"), _("Kind"), _("State")]]
    found = Activity.objects.filter(cycle=data.cycle).select_related("sequence")
    for activity in found.for_participants():
        rows.append(
            [
                activity.sequence.code,
                activity.position,
                activity.title,
                activity.get_kind_display(),
                activity.get_state_display(),
            ]
        )
    return rows


def needs(data: CycleData) -> list[list]:
    """The cycle's needs analysis, one field per line (what the structure asked, then the
    completion after the conversation)."""
    analysis = getattr(data.cycle, "needs_analysis", None)
    return [[_("Field"), _("Value")], *record_lines(analysis)] if analysis else []


CYCLE_TABLES = {
    "slots": slots,
    "assiduity": assiduity,
    "positioning": positioning,
    "convocations": convocations,
    "questionnaires": questionnaires,
    "assessments": assessments,
    "adaptations": adaptations,
    "activities": activities,
    "needs": needs,
}


# The OF's tables ------------------------------------------------------------------------------


def published(scope) -> list[list]:
    rows = [
        [
            _("Programme"),
            _("Year"),
            _("Cycles ended"),
            _("Trainees trained"),
            _("Present at the last half-day"),
            _("Satisfaction answers"),
            _("Satisfied answers"),
            _("Computed at"),
        ]
    ]
    for programme in scope.programmes():
        for r in for_programme(programme):
            rows.append(
                [
                    programme.title,
                    r.year,
                    r.cycles,
                    r.trained,
                    r.completed,
                    r.satisfaction_answers,
                    r.satisfied,
                    r.computed_at,
                ]
            )
    return rows


# Fields a register's export leaves out: identifiers, files, and what only serves the machine.
LEFT_OUT = (models.BinaryField, models.UUIDField, models.AutoField, models.BigAutoField)
LEFT_OUT_NAMES = {"client_digest"}


def _fields(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if not isinstance(f, LEFT_OUT) and f.name not in LEFT_OUT_NAMES
    ]


def _value(obj, f):
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")()
    if f.is_relation:
        related = getattr(obj, f.name)
        return str(related) if related is not None else ""
    return getattr(obj, f.attname)


def register(queryset) -> list[list]:
    """Any register (complaints, improvements, continuing education…), one record per line with
    every field under its verbose name: read from the model, so that a field added to it later
    reaches the export too."""
    fields = _fields(queryset.model)
    rows = [[str(f.verbose_name).capitalize() for f in fields]]
    for obj in queryset:
        rows.append([_value(obj, f) for f in fields])
    return rows


def record_lines(obj) -> list[list]:
    """One record, one field per line: its label, its value."""
    return [[str(f.verbose_name).capitalize(), _value(obj, f)] for f in _fields(type(obj))]
