"""The database out of reach for a few seconds under a real `acunum serve`: 503, then recovery.

Run by tests/failures/test_outage.py through bench/signatures.py's run_backend, as a child
process on a throwaway database (a SQLite file in a throwaway data directory, or a PostgreSQL
database created and dropped around it):

1. builds one cycle of 14 trainees with the first half-day's signing open (bench's builders);
2. starts `acunum serve` (the product's settings) with the database out of the server's reach
   on demand: on PostgreSQL through a TCP proxy (tests/failures/proxy.py) that can be cut; on
   SQLite with ACUNUM_SQLITE_TIMEOUT=1, a lock held by this process being the failure;
3. the outage, about 3 s: on PostgreSQL the proxy resets every connection and refuses new
   ones; on SQLite this process holds the write lock (BEGIN IMMEDIATE). Meanwhile pages,
   JSON and htmx requests, and signatures are sent, and their answers kept;
4. the database back (proxy reopened, lock released): pages again, the refused signatures sent
   again, without restarting the server;
5. what the database holds: no signature for a POST answered 503, one after the retry, and
   verify_ledger intact.

Prints RESULT and a JSON dict of what each step saw; test_outage.py asserts on it.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":
    sys.path[0] = str(ROOT)

from bench.signatures import (  # noqa: E402
    CONFIRMATION,
    FAILURES,
    Connection,
    Phones,
    Samples,
    accepted,
    build,
    free_port,
    raw_link,
    signers_for,
    start_server,
    stop_server,
)
from tests.failures.proxy import Proxy  # noqa: E402

READY = "/programmes/acunum/"
OUTAGE_SECONDS = 3
TIMEOUT = 30


def seen(response, started: float | None = None) -> dict:
    """What a step keeps of an answer."""
    content_type = next(iter(response.header("content-type")), "")
    body = response.body.decode(errors="replace")
    kept = {
        "status": response.status,
        "retry_after": next(iter(response.header("retry-after")), ""),
        "content_type": content_type,
        "location": next(iter(response.header("location")), ""),
        "body": body[:3000],
    }
    if content_type.startswith("application/json"):
        kept["json"] = json.loads(body)
    if started is not None:
        kept["seconds"] = round(time.perf_counter() - started, 2)
    return kept


async def get(port, path, headers, *, phones) -> dict:
    connection = Connection(port, TIMEOUT)
    try:
        return seen(await connection.request("GET", path, {**phones.base, **headers}))
    except FAILURES as e:
        return {"status": 0, "error": repr(e)}
    finally:
        connection.close()


async def post_signature(port, signer, *, phones, headers=None) -> dict:
    """The signing form sent as the phone sends it (the room code shown now, its drawing)."""
    connection = Connection(port, TIMEOUT)
    started = time.perf_counter()
    try:
        form_headers, body = phones.form(signer)
        response = await connection.request(
            "POST", signer.path, {**form_headers, **(headers or {})}, body
        )
        signer.keep_cookies(response)
        kept = seen(response, started)
        kept["acknowledged"] = accepted(response, signer.path)
        if kept["acknowledged"]:
            page = await connection.request(
                "GET", signer.path, {**phones.base, "Cookie": signer.cookie_header()}
            )
            kept["confirmation"] = page.status == 200 and CONFIRMATION in page.body
        return kept
    except FAILURES as e:
        return {"status": 0, "error": repr(e), "acknowledged": False}
    finally:
        connection.close()


async def open_pages(port, signers, phones) -> int:
    """Each trainee's phone loads the signing page: its CSRF cookie and token, its phone cookie."""
    samples = Samples()
    for signer in signers:
        connection = Connection(port, TIMEOUT)
        try:
            await phones.open_page(connection, signer, samples)
        finally:
            connection.close()
    return samples.errors


async def pages_after(port, signers, phones, count: int = 8) -> list[int]:
    """Pages on fresh connections, several at once: they reach both processes, several threads."""
    answers = await asyncio.gather(
        *(get(port, signers[i % len(signers)].path, {}, phones=phones) for i in range(count))
    )
    return [a["status"] for a in answers]


def signatures_of(signers) -> dict[int, int]:
    from acunum.attendance.models import AttendanceEvent

    enrolments = [s.enrolment for s in signers]
    found = dict.fromkeys(enrolments, 0)
    for enrolment in AttendanceEvent.objects.filter(
        kind=AttendanceEvent.Kind.SIGNATURE, enrolment_id__in=enrolments
    ).values_list("enrolment_id", flat=True):
        found[enrolment] += 1
    return found


def ledger_state() -> str:
    from django.core.management import CommandError, call_command

    try:
        call_command("verify_ledger", stdout=io.StringIO())
    except CommandError as e:
        return str(e)
    return "ok"


class SqliteLock:
    """Another process holding SQLite's write lock: this one, with a connection of its own."""

    def __init__(self, path: str):
        self.db = sqlite3.connect(path, isolation_level=None, timeout=5)

    def cut(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def reopen(self) -> None:
        self.db.execute("ROLLBACK")

    def close(self) -> None:
        self.db.close()


async def scenario(port, signers, outage, vendor, phones) -> dict:
    reader, signer, json_signer, late = signers[0], signers[1], signers[2], signers[3]
    steps: dict = {}
    steps["before"] = await get(port, reader.path, {}, phones=phones)
    steps["page_errors_before"] = await open_pages(port, [signer, json_signer], phones)

    cut_at = time.perf_counter()
    outage.cut()
    await asyncio.sleep(0.2)  # the proxy's resets have reached the server's connections
    steps["page"] = await get(port, late.path, {}, phones=phones)
    steps["page_en"] = await get(port, late.path, {"Cookie": "django_language=en"}, phones=phones)
    steps["json"] = await get(port, late.path, {"Accept": "application/json"}, phones=phones)
    steps["htmx"] = await get(port, late.path, {"HX-Request": "true"}, phones=phones)
    steps["sign"] = await post_signature(port, signer, phones=phones)
    steps["sign_json"] = await post_signature(
        port, json_signer, phones=phones, headers={"Accept": "application/json"}
    )
    # Read straight from the database (not through the proxy): nothing was recorded.
    found = await asyncio.to_thread(signatures_of, [signer, json_signer])  # the ORM is sync
    steps["recorded_during"] = sum(found.values())
    await asyncio.sleep(max(0.0, cut_at + OUTAGE_SECONDS - time.perf_counter()))
    outage.reopen()
    steps["outage_seconds"] = round(time.perf_counter() - cut_at, 2)

    # No restart: the next requests work.
    steps["pages_after"] = await pages_after(port, signers, phones)
    steps["sign_after"] = await post_signature(port, signer, phones=phones)
    steps["sign_json_after"] = await post_signature(port, json_signer, phones=phones)
    steps["recorded_after"] = await asyncio.to_thread(signatures_of, [signer, json_signer])
    steps["ledger"] = await asyncio.to_thread(ledger_state)
    steps["backend"] = vendor
    if isinstance(outage, Proxy):
        steps["proxy"] = {"carried": outage.carried, "refused": outage.refused}
    return steps


def child(args) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", interactive=False, verbosity=0)
    rooms = build(1)
    with transaction.atomic():
        tokens = {e.pk: raw_link(e) for _t, _s, enrolments in rooms for e in enrolments}
    signers = signers_for(rooms, 0, tokens)
    vendor = connection.vendor
    connection.close()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "acunum.settings"}
    database = settings.DATABASES["default"]
    if vendor == "postgresql":
        outage = Proxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
        url = urlsplit(env["ACUNUM_DATABASE_URL"])
        credentials, _at, _address = url.netloc.rpartition("@")
        netloc = f"{outage.host}:{outage.port}"
        netloc = f"{credentials}@{netloc}" if credentials else netloc
        env["ACUNUM_DATABASE_URL"] = urlunsplit(url._replace(netloc=netloc))
    else:
        outage = SqliteLock(str(database["NAME"]))
        env["ACUNUM_SQLITE_TIMEOUT"] = "1"
    port = free_port()
    process, log = start_server(port, env, ready=READY)
    try:
        result = asyncio.run(scenario(port, signers, outage, vendor, Phones(port)))
    finally:
        server_log = stop_server(process, log)
        outage.close()
    result["server_log_tail"] = server_log[-2000:]
    print("RESULT " + json.dumps(result), flush=True)  # noqa: T201  the answer to run_backend


if __name__ == "__main__":
    if sys.argv[1:2] != ["--child"]:
        sys.exit("Run by tests/failures/test_outage.py (bench/signatures.py's run_backend).")
    child(None)
