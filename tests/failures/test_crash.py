"""SIGKILL in the middle of a signature rush loses no acknowledged signature (bench/crash.py).

The server (main process and Granian's workers) is killed with one signal while trainees sign,
restarted on the same database, and then: every signature acknowledged before the kill is
recorded exactly once, the ledger verifies, and every trainee whose request failed signs again.
On the database the suite runs on: PostgreSQL (a throwaway database) when ACUNUM_DATABASE_URL is
set, else SQLite in a throwaway data directory.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKS = [
    "killed mid-rush, POSTs in flight",
    "whole process group gone",
    "0 acknowledged lost",
    "0 duplicated",
    "ledger intact after restart",
    "every other trainee signed again",
    "one signature each, ledger intact",
]


def test_a_server_killed_mid_rush_loses_no_acknowledged_signature_and_everyone_signs_after():
    url = os.getenv("ACUNUM_DATABASE_URL")
    database = "postgresql" if url else "sqlite"
    command = [sys.executable, "bench/crash.py", "--databases", database]
    if url:
        command += ["--postgres", url]
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
    print(process.stdout)  # noqa: T201  the figures, shown with -s
    output = process.stdout + process.stderr
    row = re.search(rf"^{database}\s+(\d+)\s+(\d+)\s+(\d+)\s.*?(\d+)/(\d+)\s", output, re.M)
    assert row, output
    trainees, acknowledged, in_flight, recovered, again = map(int, row.groups())
    assert trainees == 3 * 14
    assert 1 <= acknowledged < trainees, output  # killed after some, before all
    assert in_flight >= 1, output
    assert recovered == again == trainees - acknowledged, output
    for check in CHECKS:
        verdict = re.search(rf"^{re.escape(check)}\s+(PASS|FAIL)$", output, re.M)
        assert verdict and verdict.group(1) == "PASS", f"{check}:\n{output}"
    assert process.returncode == 0, output
