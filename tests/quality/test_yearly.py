"""The yearly figures (BPF), against those of tests/quality/world.py counted by hand.

2025: the Tilleuls' half-days 1 to 12, Farid absent from the 5th: 11 × 210 = 2310 minutes.
2026: the Passerelle, Dominique 810, Eden 570 (late, early, absent), Gaspard 420 (a volunteer):
1800 minutes; the Tilleuls' half-days 13 to 16, Farid leaving the 16th at 11:00: 750 minutes;
the cancelled cycle's signed half-day left out.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from acunum.attendance.models import AttendanceEvent, append
from acunum.quality import yearly
from tests.quality.test_evidence import EvidenceTestCase


def lines(figures) -> dict:
    return {
        line.key: (line.actions, line.trainees, line.minutes)
        for line in [*figures.by_funder, figures.total]
    }


def statuses(figures) -> dict:
    return {line.key: (line.trainees, line.minutes) for line in figures.by_status}


class YearlyFiguresTests(EvidenceTestCase):
    def test_2025_counts_the_tilleuls_half_days_of_december(self):
        figures = yearly.compute(2025)
        self.assertEqual(
            lines(figures),
            {
                "opco": (0, 0, 0),
                "cnfpt": (1, 1, 2310),
                "own_budget": (0, 0, 0),
                "other": (0, 0, 0),
                "total": (1, 1, 2310),
            },
        )
        self.assertEqual(statuses(figures), {"employee": (1, 2310), "volunteer": (0, 0)})
        self.assertEqual(figures.total.hours, Decimal("38.50"))
        self.assertEqual(figures.cancelled, 0)

    def test_2026_splits_the_tilleuls_and_leaves_the_cancelled_cycle_out(self):
        figures = yearly.compute(2026)
        self.assertEqual(
            lines(figures),
            {
                "opco": (1, 3, 1800),
                "cnfpt": (1, 1, 750),
                "own_budget": (0, 0, 0),
                "other": (0, 0, 0),
                "total": (2, 4, 2550),
            },
        )
        self.assertEqual(statuses(figures), {"employee": (3, 2130), "volunteer": (1, 420)})
        self.assertEqual(figures.total.hours, Decimal("42.50"))
        self.assertEqual(figures.cancelled, 1)
        self.assertEqual(
            [(a.cycle, a.first, a.last, a.trainees, a.minutes) for a in figures.actions],
            [
                (self.cycle, date(2026, 1, 5), date(2026, 2, 21), 3, 1800),
                (self.other_cycle, date(2026, 1, 5), date(2026, 1, 13), 1, 750),
            ],
        )

    def test_a_trainee_with_no_hour_realised_in_the_year_is_not_counted(self):
        # Gaspard's only hours are on half-days 2 and 3: corrected to absences, he realised none.
        for index in (2, 3):
            correct_to_absent(self.cycle.slots.get(index=index), self.gaspard)
        figures = yearly.compute(2026)
        self.assertEqual(lines(figures)["opco"], (1, 2, 1380))
        self.assertEqual(statuses(figures)["volunteer"], (0, 0))

    def test_a_year_without_training_is_all_zero(self):
        figures = yearly.compute(2024)
        self.assertEqual(set(lines(figures).values()), {(0, 0, 0)})
        self.assertEqual(figures.actions, [])

    def test_the_csv_is_what_french_spreadsheets_open(self):
        data = yearly.to_csv(yearly.compute(2026))
        self.assertTrue(data.startswith("\ufeff".encode()))
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(len(rows), 1 + 5 + 2)
        opco, cnfpt, own, other, total = rows[1:6]
        self.assertEqual(opco[2:], ["1", "3", "30,00", "1800"])
        self.assertEqual(cnfpt[2:], ["1", "1", "12,50", "750"])
        self.assertEqual(total[2:], ["2", "4", "42,50", "2550"])
        self.assertEqual(rows[6][2:], ["", "3", "35,50", "2130"])
        self.assertEqual(rows[7][2:], ["", "1", "7,00", "420"])

    def test_the_xlsx_holds_the_same_figures_and_the_actions(self):
        book = load_workbook(io.BytesIO(yearly.to_xlsx(yearly.compute(2026))))
        summary, actions = book.worksheets
        values = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
        self.assertEqual(values[0][2:], [1, 3, 30, 1800])
        self.assertEqual(values[4][2:], [2, 4, 42.5, 2550])
        detail = [[c.value for c in row] for row in actions.iter_rows(min_row=2)]
        self.assertEqual([row[0] for row in detail], ["La Passerelle", "Les Tilleuls"])
        self.assertEqual([row[4:] for row in detail], [[3, 30, 1800], [1, 12.5, 750]])


def correct_to_absent(slot, enrolment) -> None:
    """The trainer corrects the half-day: absent after all."""
    append(
        AttendanceEvent.Kind.CORRECTION,
        slot,
        enrolment=enrolment,
        data={"set": {"status": "absent"}, "why": "Parti avant le début"},
    )


class YearlyViewTests(EvidenceTestCase):
    def test_the_page_shows_the_figures_by_funder(self):
        self.login(self.alice)
        r = self.client.get(reverse("quality:yearly", args=[2026]))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(lines(r.context["figures"])["total"], (2, 4, 2550))
        self.assertContains(r, "42 h 30")
        self.assertContains(r, "Les Tilleuls")

    def test_the_files_download(self):
        self.login(self.alice)
        r = self.client.get(reverse("quality:yearly-csv", args=[2026]))
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('filename="bpf-2026.csv"', r["Content-Disposition"])
        self.assertEqual(r.content, yearly.to_csv(yearly.compute(2026)))
        r = self.client.get(reverse("quality:yearly-xlsx", args=[2026]))
        self.assertIn("spreadsheetml", r["Content-Type"])
        load_workbook(io.BytesIO(r.content))

    def test_a_year_out_of_range_is_refused_with_nothing_computed(self):
        self.login(self.alice)
        for name in ("quality:yearly", "quality:yearly-csv", "quality:yearly-xlsx"):
            r = self.client.get(reverse(name, args=[1999]))
            self.assertEqual(r.status_code, 400)
            self.assertNotIn("figures", r.context)
            self.assertContains(r, "2000", status_code=400)
