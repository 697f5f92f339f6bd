"""The yearly figures the OF files in its bilan pédagogique et financier (BPF, cerfa 10443): the
actions, the trainees and the trainee-hours of a calendar year, by type of funder and by the
trainees' status, as CSV and XLSX too.

The rules, as the page states them:

- a cancelled cycle never counts (nothing was delivered);
- the hours are those the attendance ledger says each trainee realised, half-day by half-day
  (attendance/hours.py, as the certificates of completion print them): an absence gives none, a
  late arrival or an early departure gives the minutes actually attended;
- a half-day counts in the year of its date, so a cycle delivered across two years is split;
- a trainee counts once per cycle in the years in which they realised some hours;
- an action (a cycle) counts in the years in which some hours were realised in it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from acunum.attendance.hours import cycle_assiduity
from acunum.cycles.models import Cycle, Enrolment, Slot, Structure, Trainee
from acunum.workshops.exports import FORMULA_STARTS

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass
class Line:
    key: str
    label: str
    actions: int = 0
    trainees: int = 0
    minutes: int = 0

    @property
    def hours(self) -> Decimal:
        """Trainee-hours, to the hundredth, as the cerfa asks for hours."""
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Action:
    cycle: Cycle
    first: date  # its first and last half-days in the year
    last: date
    trainees: int
    minutes: int


@dataclass
class YearlyFigures:
    year: int
    total: Line
    by_funder: list[Line]
    by_status: list[Line]
    actions: list[Action] = field(default_factory=list)
    cancelled: int = 0  # cancelled cycles with half-days in the year, left out


def compute(year: int) -> YearlyFigures:
    """The figures of `year`, from the ledger as it is now: four queries, then one per cycle
    (its events, folded by cycle_assiduity)."""
    slots_of_year = Slot.objects.filter(date__year=year)
    cycles = list(
        Cycle.objects.exclude(status=Cycle.Status.CANCELLED)
        .filter(pk__in=slots_of_year.values("cycle_id"))
        .select_related("structure")
        .prefetch_related(
            Prefetch("slots", queryset=Slot.objects.order_by("index")),
            Prefetch("enrolments", queryset=Enrolment.objects.select_related("trainee")),
        )
        .order_by("pk")
    )
    cancelled = (
        Cycle.objects.filter(status=Cycle.Status.CANCELLED)
        .filter(pk__in=slots_of_year.values("cycle_id"))
        .count()
    )
    funders = {kind: Line(kind, str(label)) for kind, label in Structure.FunderKind.choices}
    statuses = {kind: Line(kind, str(label)) for kind, label in Trainee.Status.choices}
    total = Line("total", _("Total"))
    actions = []
    for cycle in cycles:
        slots = list(cycle.slots.all())
        enrolments = list(cycle.enrolments.all())
        in_year = {s.index for s in slots if s.date.year == year}
        assiduity = cycle_assiduity(cycle, slots, enrolments)
        trained, minutes = 0, 0
        for row in assiduity.trainees:
            realised = sum(m for index, m in row.by_slot.items() if index in in_year)
            if realised <= 0:
                continue
            trained += 1
            minutes += realised
            status = statuses[row.enrolment.trainee.status]
            status.trainees += 1
            status.minutes += realised
        if not minutes:
            continue
        dates = [s.date for s in slots if s.index in in_year]
        actions.append(Action(cycle, min(dates), max(dates), trained, minutes))
        for line in (funders[cycle.structure.funder_kind], total):
            line.actions += 1
            line.trainees += trained
            line.minutes += minutes
    actions.sort(key=lambda a: (a.first, a.cycle.structure.name, a.cycle.pk))
    return YearlyFigures(
        year,
        total,
        list(funders.values()),
        list(statuses.values()),
        actions,
        cancelled,
    )


def rows(figures: YearlyFigures) -> list[list]:
    """The summary as rows, a header first: what the CSV holds and the XLSX's first sheet."""
    header = [
        _("Section"),
        _("Line"),
        _("Actions"),
        _("Trainees"),
        _("Trainee-hours"),
        _("Minutes"),
    ]
    found = [header]
    for section, lines in [
        (_("By funder"), [*figures.by_funder, figures.total]),
        (_("By trainee status"), figures.by_status),
    ]:
        for line in lines:
            actions = line.actions if lines is not figures.by_status else ""
            found.append([section, line.label, actions, line.trainees, line.hours, line.minutes])
    return found


def action_rows(figures: YearlyFigures) -> list[list]:
    header = [
        _("Structure"),
        _("Funder"),
        _("First half-day"),
        _("Last half-day"),
        _("Trainees"),
        _("Trainee-hours"),
        _("Minutes"),
    ]
    return [header] + [
        [
            a.cycle.structure.name,
            a.cycle.structure.funder_label,
            a.first,
            a.last,
            a.trainees,
            Line("", "", minutes=a.minutes).hours,
            a.minutes,
        ]
        for a in figures.actions
    ]


def _cell(value):
    # As the workshops' exports: a text that a spreadsheet would run as a formula is quoted.
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(figures: YearlyFigures) -> bytes:
    """As French spreadsheets open it at once (workshops/exports.py): UTF-8 with its byte order
    mark, semicolons, and the decimal comma."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows(figures):
        writer.writerow(
            [str(v).replace(".", ",") if isinstance(v, Decimal) else _cell(v) for v in row]
        )
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(figures: YearlyFigures) -> bytes:
    """Two sheets: the summary (as the CSV), and the actions counted, one per line."""
    # Imported here: openpyxl takes about half a second to load (python -X importtime), which
    # only this export pays.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = _("BPF %(year)s") % {"year": figures.year}
    for row in rows(figures):
        summary.append([_cell(v) for v in row])
    detail = book.create_sheet(_("Actions"))
    for row in action_rows(figures):
        detail.append([_cell(v) for v in row])
    for sheet in (summary, detail):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "0.00"
                elif isinstance(cell.value, date):
                    cell.number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
