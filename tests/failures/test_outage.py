"""The database out of reach for a few seconds: a clear 503, then recovery without a restart.

One run of tests/failures/outage.py (a real `acunum serve` on a throwaway database) on the
database the suite runs on: PostgreSQL behind a proxy that is cut for 3 s when
ACUNUM_DATABASE_URL is set, else SQLite with its write lock held by another process beyond a
1 s busy timeout (ACUNUM_SQLITE_TIMEOUT).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench.signatures import run_backend

SCRIPT = Path(__file__).resolve().parent / "outage.py"


@pytest.fixture(scope="module")
def outage() -> dict:
    url = os.getenv("ACUNUM_DATABASE_URL")
    result = run_backend("postgresql" if url else "sqlite", url or "", [], SCRIPT)
    for name, step in result.items():
        if name != "server_log_tail":
            print(f"{name}: {figure(step)}")  # noqa: T201  the figures, shown with -s
    return result


def figure(step) -> str:
    """One step, in one line: its answer's status and what matters about it."""
    if not isinstance(step, dict) or "status" not in step:
        return json.dumps(step)
    parts = [f"HTTP {step['status']}"]
    if step["status"] == 0:
        parts.append(step["error"])
    if step.get("retry_after"):
        parts.append(f"Retry-After {step['retry_after']}")
    if "json" in step:
        parts.append(json.dumps(step["json"], ensure_ascii=False))
    if "seconds" in step:
        parts.append(f"in {step['seconds']:.2f} s")
    if "acknowledged" in step:
        parts.append("acknowledged" if step["acknowledged"] else "not acknowledged")
    return ", ".join(parts)


def assert_unreachable_page(step: dict) -> None:
    assert step["status"] == 503, step
    assert step["retry_after"] == "10"
    assert step["content_type"].startswith("text/html")
    assert 'lang="fr"' in step["body"]
    assert "acunum.css" in step["body"]  # the site's look, with no layout that queries


def test_the_server_answered_before_the_outage(outage):
    assert outage["before"]["status"] == 200
    assert outage["page_errors_before"] == 0


def test_a_signature_sent_during_the_outage_gets_503_and_is_not_recorded(outage):
    assert_unreachable_page(outage["sign"])
    assert not outage["sign"]["acknowledged"]
    assert outage["recorded_during"] == 0
    if outage["backend"] == "sqlite":
        # It waited for the lock for the busy timeout (1 s), then gave up.
        assert 0.9 <= outage["sign"]["seconds"] < 10


def test_a_script_s_signature_during_the_outage_gets_a_json_503_that_says_retry(outage):
    step = outage["sign_json"]
    assert step["status"] == 503
    assert step["retry_after"] == "10"
    assert step["json"]["ok"] is False
    assert step["json"]["retry"] is True
    assert step["json"]["message"]


def test_pages_during_the_outage(outage):
    if outage["backend"] == "postgresql":
        assert_unreachable_page(outage["page"])
        assert outage["page_en"]["status"] == 503
        assert "cannot reach its database" in outage["page_en"]["body"]
        assert 'lang="en"' in outage["page_en"]["body"]
        assert outage["json"]["status"] == 503
        assert outage["json"]["json"]["retry"] is True
        assert outage["htmx"]["status"] == 503
        assert outage["htmx"]["retry_after"] == "10"
        assert 'role="alert"' in outage["htmx"]["body"]
        assert "<html" not in outage["htmx"]["body"]
    else:
        # WAL: a writer's lock does not stop readers, so pages still open.
        for step in ("page", "page_en", "json", "htmx"):
            assert outage[step]["status"] == 200, step


def test_the_next_requests_succeed_without_restarting_the_server(outage):
    assert outage["outage_seconds"] >= 3
    assert outage["pages_after"] == [200] * len(outage["pages_after"])


def test_the_refused_signatures_succeed_once_the_database_is_back(outage):
    for step in ("sign_after", "sign_json_after"):
        assert outage[step]["acknowledged"], outage[step]
        assert outage[step]["confirmation"]
    assert list(outage["recorded_after"].values()) == [1, 1]
    assert outage["ledger"] == "ok"
