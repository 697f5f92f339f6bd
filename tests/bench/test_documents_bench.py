"""bench/documents.py runs from the README and prints its figures (the speed lines are judged
by the benchmark itself, on a quiet machine)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_documents_benchmark_compares_the_sheet_with_weasyprint_and_times_the_dossier():
    process = subprocess.run(
        [sys.executable, "bench/documents.py", "--repeat", "1", "--dossiers", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # 1 is a budget line failed on a loaded machine; anything else crashed.
    assert process.returncode in (0, 1), process.stdout + process.stderr
    out = process.stdout
    assert "ratio weasyprint / typst:" in out, out + process.stderr
    assert (
        "1 programme, 1 agreement, 14 convocations, 16 attendance sheets, 14 certificates,"
        " 14 attestations (60 documents" in out
    ), out
    assert "the ZIP of the cycle page and `acunum dossier` (75 documents" in out, out
    for line in ("Typst ≥ 10× faster than WeasyPrint", "whole-cycle dossier ≤ 1 s"):
        assert line in out, out
