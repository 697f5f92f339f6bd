"""Documents: an attendance sheet with Typst against WeasyPrint, and a cycle's documents.

    uv run python bench/documents.py [--repeat 15]

Runs in this process on a throwaway SQLite database holding the demo data (its finished cycle:
14 trainees, 16 half-days signed, counter-signed and closed; the OF's logo on every page). Then:

1. the attendance sheet of one half-day, typeset by Acunum (Typst, acunum/documents/sheets.py),
   against the same sheet made by WeasyPrint from equivalent HTML: the same data, the same
   bundled fonts, the same SVG signatures, one A4 page each. Each is warmed up once, then timed
   --repeat times, interleaved; the medians are printed with their ratio (DESIGN §8: ≥ 10×). The
   time of each includes filling its template from the same prepared data.
2. the whole-cycle dossier as DESIGN §8 names it (the programme, the agreement, 14 convocations,
   16 attendance sheets, 14 certificates of completion, 14 attestations: 60 documents), issued
   from the cycle's facts loaded once, as the dossier does, the loading included (≤ 1 s); and
   the ZIP the cycle page and `acunum dossier` hand out, which also holds the quote and the 14
   individual attendance records (75 documents). Each is timed --dossiers times; the medians
   are printed.

Exits 1 if a budget line fails.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path[0] = str(ROOT)

BUDGET_RATIO = 10
BUDGET_DOSSIER_S = 1.0
# The dossier's folders (acunum/documents/dossier.py) and the documents DESIGN §8 names; the
# quote and the individual records are in the ZIP, not in that list.
KINDS = {
    "programme": "01-",
    "agreement": "03-",
    "convocations": "04-",
    "attendance sheets": "05-",
    "certificates": "07-",
    "attestations": "08-",
}
NOT_NAMED = ("02-", "06-")

HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ labels.sheet }}</title><style>
@font-face { font-family: "Liberation Sans"; src: url("{{ fonts }}/LiberationSans-Regular.ttf"); }
@font-face { font-family: "Liberation Sans"; font-weight: bold;
             src: url("{{ fonts }}/LiberationSans-Bold.ttf"); }
@page { size: A4; margin: 15mm 17mm; }
body { font-family: "Liberation Sans"; font-size: 10pt; }
.identity { display: flex; justify-content: space-between; gap: 4mm; }
.identity .logo { width: 40mm; height: 13mm; object-fit: contain; object-position: left; }
.identity .name { flex: 1; }
.identity .right { text-align: right; }
h1 { font-size: 17pt; margin: 6mm 0 0; }
.meta td { padding: 0.6mm 4mm 0.6mm 0; vertical-align: top; }
table.rows { width: 100%; border-collapse: collapse; margin-top: 4mm; }
table.rows th, table.rows td { border: 0.5pt solid #8c8c8c; padding: 1mm 2mm; }
table.rows th { background: #ebebeb; text-align: left; }
td.status { font-size: 9pt; width: 40%; }
td.signature { width: 5.2cm; height: 1cm; text-align: center; }
td.signature img { height: 1cm; }
.counter img { height: 1.6cm; vertical-align: middle; }
footer { margin-top: 8mm; font-size: 7.5pt; color: #505050; }
</style></head><body>
<div class="identity">
  {% if logo %}<img class="logo" src="{{ logo }}" alt="Logo {{ organisation.name }}">{% endif %}
  <div class="name"><strong>{{ organisation.name }}</strong><br>{{ organisation.address }}</div>
  <div class="right">SIRET {{ organisation.siret }}<br>{{ labels.nda }} {{ organisation.nda }}</div>
</div>
<h1>{{ labels.sheet }}</h1>
<p>{{ programme }} — {{ title }}</p>
<table class="meta">
  <tr><td><strong>{{ labels.half_day }}</strong></td><td>{{ slot.sequence }}<br>
      {{ slot.date }}, {{ slot.hours }} ({{ slot.duration }})</td></tr>
  <tr><td><strong>{{ labels.client }}</strong></td><td>{{ structure }}</td></tr>
  <tr><td><strong>{{ labels.place }}</strong></td><td>{{ place }}</td></tr>
  <tr><td><strong>{{ labels.trainer }}</strong></td><td>{{ trainer }}</td></tr>
</table>
<table class="rows">
  <tr><th>{{ labels.trainee }}</th><th>{{ labels.attendance }}</th>
      <th>{{ labels.signature }}</th></tr>
  {% for row in rows %}<tr><td>{{ row.name }}</td><td class="status">{{ row.status }}</td>
    <td class="signature">{% if row.image %}<img src="{{ row.image }}" alt="{{ row.alt }}">
    {% endif %}</td></tr>
  {% endfor %}
</table>
<p class="counter">{{ labels.counter }} <img src="{{ counter.image }}" alt="{{ counter.alt }}"></p>
<footer>{{ labels.ledger }} {{ ledger.hash }}<br>{{ labels.issued }} {{ issued }}.</footer>
</body></html>
"""


def svg_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def weasyprint_sheet(data: dict, logo: str) -> bytes:
    """The same sheet from HTML: the template filled, then WeasyPrint. `logo`: the OF's logo as
    a data: URL, as the Typst sheet prints it."""
    import weasyprint
    from django.template import Context, Template

    from acunum.lib.typesetting import FONTS

    context = dict(data, fonts=FONTS.as_uri(), logo=logo)
    context["rows"] = [
        dict(row, image=svg_url(row["signature"]) if row["signature"] else "")
        for row in data["rows"]
    ]
    context["counter"] = dict(data["counter"], image=svg_url(data["counter"]["signature"]))
    html = Template(HTML).render(Context(context))
    return weasyprint.HTML(string=html).write_pdf()


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each sheet")
    parser.add_argument("--dossiers", type=int, default=5, help="timed runs of each dossier")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="acunum-bench-documents-")
    # Its own SQLite database in that directory, whatever database the environment names (the
    # test suite runs this script with PostgreSQL's URL set).
    os.environ.pop("ACUNUM_DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="acunum.settings",
        ACUNUM_DATA_DIR=data_dir,
        ACUNUM_SECRET_KEY="bench-only-not-secret",
        ACUNUM_DEBUG="False",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone, translation

    from acunum.accounts.models import Organisation
    from acunum.cycles.models import Cycle
    from acunum.documents import dossier, letterhead, sheets
    from acunum.lib.typesetting import render
    from acunum.site import demo

    translation.activate("fr")
    call_command("migrate", interactive=False, verbosity=0)
    demo.build()
    cycle = Cycle.objects.get(structure__name="MECS Les Tilleuls")
    logo = letterhead.data_url(bytes(Organisation.current().logo)) or ""
    slots = list(cycle.slots.select_related("sequence", "window").order_by("index"))
    slot = slots[0]
    now = timezone.now()

    # Both typesetters fill their template from the same data, gathered the same way each time.
    def typst_sheet() -> bytes:
        return render("attendance_sheet.typ", sheets.attendance_sheet_data(slot, now), issued=now)

    def html_sheet() -> bytes:
        return weasyprint_sheet(sheets.attendance_sheet_data(slot, now), logo)

    # Warm-up: fonts loaded, templates parsed, caches filled, for both.
    typst_pdf, html_pdf = typst_sheet(), html_sheet()
    timings: dict[str, list[float]] = {"typst": [], "weasyprint": []}
    for _ in range(args.repeat):
        for name, make in (("typst", typst_sheet), ("weasyprint", html_sheet)):
            started = time.perf_counter()
            make()
            timings[name].append(time.perf_counter() - started)
    typst_ms, weasy_ms = median_ms(timings["typst"]), median_ms(timings["weasyprint"])
    ratio = weasy_ms / typst_ms

    # The dossier as DESIGN §8 names it: the ZIP's documents but the quote and the records.
    def named_dossier() -> list[tuple[str, int]]:
        issued = []
        for path, issue in dossier.documents(cycle, base_url=settings.SITE_URL):
            if not path.startswith(NOT_NAMED):
                issued.append((path, len(issue(now))))
        return issued

    named_dossier()  # warm-up: the other templates parsed, their fonts loaded
    named_runs, zip_runs = [], []
    for _ in range(args.dossiers):
        started = time.perf_counter()
        issued = named_dossier()
        named_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        archive = dossier.dossier(cycle, base_url=settings.SITE_URL, now=now)
        zip_runs.append(time.perf_counter() - started)
    named_s, zip_s = statistics.median(named_runs), statistics.median(zip_runs)
    counts = {
        kind: sum(1 for path, _size in issued if path.startswith(prefix))
        for kind, prefix in KINDS.items()
    }
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        in_zip = len(z.namelist())

    print(
        f"Documents, {date.today().isoformat()}: {platform.system()} {platform.machine()},"
        f" {os.cpu_count()} cores, Python {platform.python_version()};"
        f" typst {version('typst')}, weasyprint {version('weasyprint')};"
        f" the demo's finished cycle, {cycle.enrolments.count()} trainees"
    )
    print()
    header = f"{'attendance sheet (1 page)':<28} {'median ms':>10} {'min ms':>8} {'max ms':>8}"
    print(f"{header} {'bytes':>8}")
    for name, pdf in (("typst", typst_pdf), ("weasyprint", html_pdf)):
        values = timings[name]
        print(
            f"{name:<28} {median_ms(values):>10.1f} {min(values) * 1000:>8.1f}"
            f" {max(values) * 1000:>8.1f} {len(pdf):>8}"
        )
    print(f"ratio weasyprint / typst: {ratio:.1f}× (median of {args.repeat} interleaved runs each)")
    print()
    print(
        "whole-cycle dossier: "
        + ", ".join(f"{n} {kind}" for kind, n in counts.items())
        + f" ({len(issued)} documents, {sum(size for _p, size in issued)} bytes):"
        f" {named_s * 1000:.0f} ms (median of {args.dossiers};"
        f" min {min(named_runs) * 1000:.0f}, max {max(named_runs) * 1000:.0f})"
    )
    print(
        f"the ZIP of the cycle page and `acunum dossier` ({in_zip} documents, with the quote and"
        f" the individual records; {len(archive)} bytes): {zip_s * 1000:.0f} ms"
        f" (median of {args.dossiers})"
    )
    print()
    checks = [
        (f"sheet: Typst ≥ {BUDGET_RATIO}× faster than WeasyPrint", ratio >= BUDGET_RATIO),
        (f"whole-cycle dossier ≤ {BUDGET_DOSSIER_S:.0f} s", named_s <= BUDGET_DOSSIER_S),
    ]
    for name, ok in checks:
        print(f"{name:<48} {'PASS' if ok else 'FAIL'}")
    sys.exit(0 if all(ok for _n, ok in checks) else 1)


if __name__ == "__main__":
    main()
