"""bench/signatures.py --quick, end to end: a real server, real phones' requests, nothing lost.

The speed lines (p95, ratio) are the benchmark's business, on a quiet machine and at full size;
here only what must hold however loaded the machine is: every trainee signed, once, and the
ledger is intact.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MUST_PASS = [
    "0 lost",
    "0 duplicated",
    "every trainee signed, no error",
    "verify_ledger: chain intact",
]


def run_quick(database: str, *extra: str) -> str:
    process = subprocess.run(
        [sys.executable, "bench/signatures.py", "--quick", "--databases", database, *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    # 1 is a budget line failed (a slow machine misses p95 or the ratio); anything else crashed.
    assert process.returncode in (0, 1), process.stdout + process.stderr
    return process.stdout


def check(output: str, database: str) -> None:
    row = re.search(rf"^{database}\s+(\d+)/(\d+)\s.*$", output, re.M)
    assert row, output
    signed, signers = int(row.group(1)), int(row.group(2))
    assert signers == 3 * 14
    assert signed == signers, output
    for line in MUST_PASS:
        verdict = re.search(rf"^{re.escape(line)}\s+(PASS|FAIL)$", output, re.M)
        assert verdict and verdict.group(1) == "PASS", f"{line}:\n{output}"


def test_quick_signature_rush_on_sqlite_loses_and_duplicates_nothing():
    check(run_quick("sqlite"), "sqlite")


@pytest.mark.skipif(
    not os.getenv("ACUNUM_DATABASE_URL"), reason="PostgreSQL: set ACUNUM_DATABASE_URL"
)
def test_quick_signature_rush_on_postgresql_loses_and_duplicates_nothing():
    output = run_quick("postgresql", "--postgres", os.environ["ACUNUM_DATABASE_URL"])
    check(output, "postgresql")
