"""SIGKILL in the middle of a signature rush: is an acknowledged signature ever lost?

    uv run python bench/crash.py [--cycles 3] [--seconds 1] [--kill-after 0.3]

For each database (SQLite in a throwaway data directory; PostgreSQL in a throwaway database
created next to --postgres and dropped at the end, as bench/signatures.py does), a child process:

1. builds the data with bench/signatures.py's builders: N cycles of 14 trainees, personal links
   issued, the first half-day's signing window open;
2. starts `acunum serve` (Granian, 2 processes × 4 threads, the product's settings) in a process
   group of its own;
3. the rush, with bench/signatures.py's phones: every trainee arrives within --seconds on a
   connection of their own, GETs the signing page, POSTs the room code and a drawing;
4. once --kill-after of the trainees have been acknowledged (the POST answered by the redirect
   to the confirmation), just after a POST was sent, sends SIGKILL to the whole process group
   (the main process and Granian's workers): no handler runs, no transaction is finished;
5. records each trainee's outcome: acknowledged; in flight (POST sent, answered by a reset
   connection or an error); not sent (the server was gone before their POST left the phone);
6. restarts the server on the same database, and counts: every acknowledged signature recorded
   exactly once, verify_ledger intact;
7. every trainee not acknowledged signs again, as a person would press Sign again: all must be
   acknowledged; then each trainee has exactly one signature and verify_ledger is intact.

SQLite runs in WAL mode with synchronous=NORMAL (acunum/settings.py). A commit writes its WAL
frames with write(): they are in the operating system's page cache when COMMIT returns, so they
survive the death of the process (SIGKILL, a crash); only a power loss or a kernel crash before
the next checkpoint's fsync could lose the last transactions. PostgreSQL's server process is
not killed here: the killed application's open transactions are rolled back by it.

Prints one table and PASS/FAIL per check; exits 1 if a check fails. About 20 s per database;
tests/failures/test_crash.py runs it on the suite's database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path[0] = str(ROOT)  # as bench/signatures.py: `bench` is imported as a package

from bench.signatures import (  # noqa: E402
    FAILURES,
    HOST,
    THREADS,
    WORKERS,
    Connection,
    Phones,
    Samples,
    build,
    count,
    free_port,
    raw_link,
    run_backend,
    signers_for,
    start_server,
    stop_server,
)

READY = "/programmes/acunum/"


class NotSent(Exception):
    """The server was killed before this trainee's POST left the phone."""


def group_left(pgid: int) -> int:
    """Processes of the group still running (zombies awaiting their reaper do not count)."""
    left = 0
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else []:
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            left += 1
    return left


def listening(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False


async def rush_and_kill(port, signers, phones, seconds, kill_after, timeout, seed, kill) -> dict:
    """The rush, each trainee on their own connection, and SIGKILL once enough are
    acknowledged, a few milliseconds after a POST was sent (while the server handles it)."""
    rng = random.Random(seed)
    arrivals = sorted(rng.uniform(0, seconds) for _ in signers)
    order = signers[:]
    rng.shuffle(order)
    threshold = max(1, int(kill_after * len(signers)))
    outcome: dict[int, str] = {}
    errors: list[str] = []
    in_flight: set[int] = set()
    killed = asyncio.Event()
    at_kill: dict = {}
    began = time.perf_counter()
    acknowledged = 0

    def maybe_kill() -> None:
        if killed.is_set() or acknowledged < threshold or not in_flight:
            return
        at_kill.update(
            acknowledged=acknowledged, in_flight=len(in_flight), at=time.perf_counter() - began
        )
        kill()
        killed.set()

    async def trainee(signer, at: float) -> None:
        nonlocal acknowledged
        key = id(signer)
        try:
            await asyncio.wait_for(killed.wait(), max(0.0, began + at - time.perf_counter()))
        except TimeoutError:
            pass
        connection = Connection(port, timeout)

        async def submit(path, form):
            headers, body = form()
            if killed.is_set():
                raise NotSent
            in_flight.add(key)
            # The kill lands while this POST is being handled: reading, checking, committing.
            asyncio.get_running_loop().call_later(rng.uniform(0.001, 0.02), maybe_kill)
            try:
                return await connection.request("POST", path, headers, body)
            finally:
                in_flight.discard(key)

        try:
            if killed.is_set():
                raise NotSent
            page = Samples()
            if not await phones.open_page(connection, signer, page):
                if killed.is_set():
                    raise NotSent
                outcome[key] = "error"
                errors.append(page.first_error)
                return
            ok, what = await phones.post(submit, signer)
            if ok:
                acknowledged += 1
                outcome[key] = "acknowledged"
                maybe_kill()
            else:
                outcome[key] = "error"  # an HTTP answer that is not the confirmation
                errors.append(what)
        except NotSent:
            outcome[key] = "not sent"
        except FAILURES as e:
            outcome[key] = "reset"  # sent, and the connection died with the server
            if not isinstance(e, OSError | asyncio.IncompleteReadError):
                errors.append(repr(e))
        finally:
            connection.close()

    await asyncio.gather(*(trainee(s, at) for s, at in zip(order, arrivals, strict=True)))
    if not killed.is_set():
        # The rush ended before a kill could land on a POST in flight: kill anyway, and say so.
        at_kill.update(acknowledged=acknowledged, in_flight=0, at=time.perf_counter() - began)
        kill()
    values = list(outcome.values())
    return {
        "signers": len(signers),
        "threshold": threshold,
        "acknowledged": values.count("acknowledged"),
        "reset": values.count("reset"),
        "error": values.count("error"),
        "not_sent": values.count("not sent"),
        "in_flight_at_kill": at_kill["in_flight"],
        "killed_at": at_kill["at"],
        "errors_before_kill": [e for e in errors if e][:3],
    }


async def sign_again(port, signers, phones, timeout) -> Samples:
    """Each trainee not acknowledged presses Sign again once the server is back."""
    samples = Samples()

    async def trainee(signer) -> None:
        connection = Connection(port, timeout)
        try:
            if await phones.open_page(connection, signer, samples):
                await phones.sign(connection, signer, samples)  # POST, then the confirmation
        finally:
            connection.close()

    await asyncio.gather(*(trainee(s) for s in signers))
    return samples


def child(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.urls import CREATE_TABLE

    def say(message: str) -> None:
        print(f"  [{connection.vendor}] {message}", file=sys.stderr, flush=True)

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE[connection.vendor])  # count() reads it; nothing writes it
    rooms = build(args.cycles)
    with transaction.atomic():
        tokens = {e.pk: raw_link(e) for _t, _s, enrolments in rooms for e in enrolments}
    signers = signers_for(rooms, 0, tokens)
    vendor = connection.vendor
    connection.close()

    # The product as installed: its own settings and URLs, not the bench's.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "acunum.settings"}
    port = free_port()
    process, log = start_server(port, env, ready=READY, new_session=True)
    phones = Phones(port)
    say(f"server on {HOST}:{port}; rush: {len(signers)} trainees over {args.seconds:.0f} s")
    result = asyncio.run(
        rush_and_kill(
            port,
            signers,
            phones,
            args.seconds,
            args.kill_after,
            args.timeout,
            args.seed,
            lambda: os.killpg(process.pid, signal.SIGKILL),
        )
    )
    process.wait()
    log.close()
    deadline = time.monotonic() + 10
    while (group_left(process.pid) or listening(port)) and time.monotonic() < deadline:
        time.sleep(0.05)
    result["processes_left"] = group_left(process.pid)
    result["still_listening"] = listening(port)
    say(
        f"killed after {result['acknowledged']} acknowledged, {result['in_flight_at_kill']} in"
        f" flight; outcomes: {result['reset']} reset, {result['error']} error,"
        f" {result['not_sent']} not sent"
    )

    # Same address: the phones reload the page they were on.
    started = time.perf_counter()
    process, log = start_server(port, env, ready=READY, new_session=True)
    result["restart_seconds"] = time.perf_counter() - started
    try:
        # Before anyone signs again: what the database kept of the rush.
        after_kill = count(signers, 0)
        others = [s for s in signers if not s.acknowledged]
        again = asyncio.run(sign_again(port, others, phones, args.timeout))
        say(f"restarted in {result['restart_seconds']:.1f} s; {len(others)} signed again")
    finally:
        server_log = stop_server(process, log)
    final = count(signers, 0)
    result.update(
        backend=vendor,
        recorded_after_kill=after_kill["recorded"],
        recorded_unacknowledged=after_kill["unacknowledged_recorded"],
        lost_after_kill=after_kill["lost"],
        duplicated_after_kill=after_kill["duplicated"],
        ledger_after_kill=after_kill["ledger"],
        signing_again=len(others),
        recovered=sum(s.acknowledged for s in others),
        retry_errors=again.errors,
        retry_first_error=again.first_error,
        final_recorded=final["recorded"],
        final_lost=final["lost"],
        final_duplicated=final["duplicated"],
        final_ledger=final["ledger"],
        server_errors=[line for line in server_log.splitlines() if "Traceback" in line][:3],
    )
    print("RESULT " + json.dumps(result), flush=True)


def checks(r: dict) -> list[tuple[str, bool]]:
    """Each line of the verdict, for one database."""
    return [
        ("killed mid-rush, POSTs in flight", r["in_flight_at_kill"] >= 1),
        ("whole process group gone", r["processes_left"] == 0 and not r["still_listening"]),
        ("0 acknowledged lost", r["lost_after_kill"] == 0 and r["final_lost"] == 0),
        ("0 duplicated", r["duplicated_after_kill"] == 0 and r["final_duplicated"] == 0),
        ("ledger intact after restart", r["ledger_after_kill"] == "ok"),
        (
            "every other trainee signed again",
            r["recovered"] == r["signing_again"] and r["retry_errors"] == 0,
        ),
        (
            "one signature each, ledger intact",
            r["final_recorded"] == r["signers"] and r["final_ledger"] == "ok",
        ),
    ]


def report(results: list[dict], args) -> bool:
    print(
        f"SIGKILL mid-rush, {date.today().isoformat()}: {platform.system()} {platform.machine()},"
        f" {os.cpu_count()} cores, Python {platform.python_version()};"
        f" acunum serve (Granian {WORKERS}×{THREADS}) killed with its process group once"
        f" {args.kill_after:.0%} of the trainees were acknowledged;"
        f" {args.cycles} cycles × 14 trainees arriving within {args.seconds:.0f} s"
    )
    print()
    header = (
        f"{'database':<11} {'trainees':>8} {'acked':>6} {'in flight':>9} {'reset':>6}"
        f" {'error':>6} {'not sent':>8} {'kept unacked':>12} {'lost':>5} {'dup':>4}"
        f" {'recovered':>10} {'restart s':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['backend']:<11} {r['signers']:>8} {r['acknowledged']:>6}"
            f" {r['in_flight_at_kill']:>9} {r['reset']:>6} {r['error']:>6} {r['not_sent']:>8}"
            f" {r['recorded_unacknowledged']:>12} {r['lost_after_kill']:>5}"
            f" {r['duplicated_after_kill']:>4}"
            f" {str(r['recovered']) + '/' + str(r['signing_again']):>10}"
            f" {r['restart_seconds']:>9.1f}"
        )
    print()
    print(
        "acked: acknowledged before the kill; in flight: POSTs sent and unanswered at the kill;"
        " reset / error / not sent: outcomes of the others; kept unacked: signatures committed"
        " whose answer the kill swallowed (signing again answers with them); recovered: of the"
        " trainees not acknowledged, those who signed after the restart."
    )
    for r in results:
        print(
            f"{r['backend']}: killed {r['killed_at']:.2f} s into the rush; after restart"
            f" {r['recorded_after_kill']} signatures recorded, ledger: {r['ledger_after_kill']};"
            f" at the end {r['final_recorded']} for {r['signers']} trainees, ledger:"
            f" {r['final_ledger']}"
        )
        for error in (*r["errors_before_kill"], r["retry_first_error"], *r["server_errors"]):
            if error:
                print(f"  error: {error}")
    print()
    verdicts = [checks(r) for r in results]
    print(f"{'check':<36}" + "".join(f"{r['backend']:>12}" for r in results))
    passed = True
    for i, (name, _ok) in enumerate(verdicts[0]):
        cells = ""
        for verdict in verdicts:
            ok = verdict[i][1]
            passed &= ok
            cells += f"{'PASS' if ok else 'FAIL':>12}"
        print(f"{name:<36}" + cells)
    sys.stdout.flush()
    return passed


def child_args(args) -> list[str]:
    return [
        f"--cycles={args.cycles}",
        f"--seconds={args.seconds}",
        f"--kill-after={args.kill_after}",
        f"--timeout={args.timeout}",
        f"--seed={args.seed}",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=1, help="the rush's arrivals span")
    parser.add_argument(
        "--kill-after", type=float, default=0.3, help="share of trainees acknowledged first"
    )
    parser.add_argument("--timeout", type=float, default=30, help="seconds for one request")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/",
        help="the PostgreSQL server; a throwaway database is created there and dropped",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return
    results = []
    for backend in args.databases:
        print(f"{backend}…", file=sys.stderr, flush=True)
        results.append(
            run_backend(backend, args.postgres, child_args(args), Path(__file__).resolve())
        )
    sys.exit(0 if report(results, args) else 1)


if __name__ == "__main__":
    main()
