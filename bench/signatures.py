"""The signature rush: 100 cycles × 14 trainees sign within a minute. Is anything lost?

    uv run python bench/signatures.py [--cycles 100] [--seconds 60] [--connections 48]
    uv run python bench/signatures.py --quick        # 3 cycles, a few seconds: a smoke test

For each database (SQLite in a throwaway data directory; PostgreSQL in a throwaway database
created next to --postgres and dropped at the end), a child process of this script:

1. builds the data with the models: N cycles of 16 slots with 14 enrolments each, one trainer
   each, a personal link issued to every trainee, and the first slot's signing window opened;
2. starts the real server, `acunum serve` (Granian, 2 processes × 4 threads), on a free
   127.0.0.1 port, with bench/settings.py: the product's URLs plus `bench/insert/`, the
   reference, a bare Django view doing one INSERT;
3. the rush: every trainee arrives at a random moment within --seconds, GETs the signing page
   (for the CSRF cookie and token, as a phone does) and POSTs the room code and a drawn PNG
   signature; one in twenty submits twice at once (a double tap). Latency is timed from the
   moment the trainee is ready to send, so waiting for a free connection counts;
4. capacity, for the ratio: the second slot's windows are opened and every trainee signs it as
   fast as --connections keep-alive connections allow, in rounds interleaved with as many
   POSTs of the same body to the bare INSERT view; ratio = signatures/s ÷ INSERTs/s, the median
   of the per-round ratios (the machine is noisy: only ratios measured moments apart compare);
5. stops the server and counts in the database: lost = acknowledged (HTTP 200 with the
   confirmation) but not in the ledger; duplicated = more than one signature for a trainee and
   a slot; then runs `verify_ledger`.

Every load is bounded (requests and time), targets only 127.0.0.1 and stops by itself. Prints
one table for both databases and PASS/FAIL per budget line (DESIGN §8: 0 lost, 0 duplicated,
p95 < 250 ms, ratio ≥ 0.5); exits 1 if a budget line fails.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import io
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    # Run as a script from bench/: import `bench.settings` as a package, and nothing else of
    # bench/ as a top-level module.
    sys.path[0] = str(ROOT)

BUDGET_P95_MS = 250
BUDGET_RATIO = 0.5
DOUBLE_TAP_EVERY = 20
WORKERS, THREADS = 2, 4  # acunum serve's defaults


# ---------------------------------------------------------------------------------------------
# A small HTTP/1.1 client: keep-alive connections, a cookie per trainee, bounded timeouts.


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k == name]


class Connection:
    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def submit(self, path: str, form) -> Response:
        return await self.request("POST", path, *form())

    async def request(self, method: str, path: str, headers: dict, body: bytes = b"") -> Response:
        try:
            return await asyncio.wait_for(self._request(method, path, headers, body), self.timeout)
        except BaseException:
            self.close()  # a half-read response would poison the next request on it
            raise

    async def _request(self, method, path, headers, body) -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed by the server")
        status = int(status_line.split()[1])
        received, length, chunked, keep = [], 0, False, True
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            received.append((name, value))
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                keep = False
        content = b""
        if chunked:
            parts = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                parts.append((await self.reader.readexactly(size + 2))[:-2])
            await self.reader.readline()
            content = b"".join(parts)
        elif length:
            content = await self.reader.readexactly(length)
        if not keep:
            self.close()
        return Response(status, received, content)


class Pool:
    """Connections shared by the trainees, like a room's phones sharing the laptop's threads."""

    def __init__(self, port: int, size: int, timeout: float):
        self.queue: asyncio.Queue[Connection] = asyncio.Queue()
        for _ in range(size):
            self.queue.put_nowait(Connection(port, timeout))

    async def request(self, method: str, path: str, headers, body: bytes = b"") -> Response:
        connection = await self.queue.get()
        try:
            return await connection.request(method, path, headers, body)
        finally:
            self.queue.put_nowait(connection)

    async def submit(self, path: str, form) -> Response:
        """POST form() built once a connection is free: the room code is read when sending."""
        connection = await self.queue.get()
        try:
            return await connection.request("POST", path, *form())
        finally:
            self.queue.put_nowait(connection)

    def close(self) -> None:
        while not self.queue.empty():
            self.queue.get_nowait().close()


FAILURES = (OSError, ValueError, IndexError, TimeoutError, asyncio.IncompleteReadError)
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def drawn_signature(seed: int) -> str:
    """What a phone's pad sends: the strokes of a scribble, in CSS pixels of a 320×140 box.

    Each trainee draws anew for each half-day: the same drawing twice is refused as copied. As
    long as a real signature: some 240 points (a two-second signature at 120 events a second).
    """
    rng = random.Random(seed)
    strokes = []
    for part in range(3):  # first name, surname, flourish
        x0, stroke = 15 + part * 95, []
        for i in range(80):
            stroke += [round(x0 + i * 1.1, 1), round(70 + rng.uniform(-45, 45), 1)]
        strokes.append(stroke)
    return json.dumps({"w": 320, "h": 140, "strokes": strokes})


@dataclass
class Signer:
    """One trainee and one slot: what the phone knows (its link), and what the bench counts."""

    enrolment: int
    slot: int
    path: str  # the signing page
    window: object  # the SigningWindow, to compute the room code shown on the projector
    signature: str  # the drawing, as the pad sends it
    cookies: dict = field(default_factory=dict)  # the phone's: CSRF, and its device name
    form_token: str = ""
    acknowledged: bool = False

    def keep_cookies(self, response: Response) -> None:
        for header in response.header("set-cookie"):
            name, _, value = header.split(";")[0].partition("=")
            self.cookies[name.strip()] = value.strip()

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


@dataclass
class Samples:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""

    def fail(self, what: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or what


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


# ---------------------------------------------------------------------------------------------
# The child process: Django set up on the bench settings and one throwaway database.


def build(cycles: int) -> tuple[list, list]:
    """N cycles of 16 slots and 14 trainees; returns each cycle's two slots and its enrolments."""
    from django.db import transaction
    from django.utils import timezone

    from acunum.cycles import schedule
    from acunum.cycles.models import Structure
    from acunum.programmes.loader import load_programme

    version, _created = load_programme()
    today = timezone.localdate()
    planned = schedule.propose(
        schedule.sequence_specs(version),
        schedule.Constraints(start=today, weekdays=frozenset(range(7)), max_days_per_week=7),
    )
    structure = Structure.objects.create(
        name="Structure du banc d’essai",
        kind=Structure.Kind.SOCIOCULTURAL,
        funder_kind=Structure.FunderKind.OPCO,
        funder_name="Uniformation",
        city="Lyon",
    )
    rooms = []
    for n in range(cycles):
        with transaction.atomic():  # one commit per cycle: SQLite syncs once, not 60 times
            rooms.append(_room(n, version, structure, planned))
    return rooms


def _room(n, version, structure, planned):
    """One trainer's cycle: 16 slots, 14 trainees, the first half-day's signing opened."""
    from django.utils import timezone

    from acunum.accounts.models import User
    from acunum.attendance.signing import open_window
    from acunum.cycles import schedule
    from acunum.cycles.models import Cycle, Enrolment, Trainee

    trainer = User.objects.create_user(
        username=f"formateur{n}", role=User.Role.TRAINER, first_name="Formateur", last_name=str(n)
    )
    cycle = Cycle.objects.create(
        programme_version=version,
        structure=structure,
        place=f"Salle {n}",
        status=Cycle.Status.AGREED,
    )
    cycle.trainers.add(trainer)
    schedule.save_schedule(cycle, planned)
    enrolments = []
    for seat in range(version.max_trainees):
        trainee = Trainee.objects.create(
            structure=structure,
            last_name=f"Stagiaire {n}-{seat}",
            first_name="Camille",
            email=f"stagiaire{n}-{seat}@exemple.org",
            job="Animateur",
            status=Trainee.Status.EMPLOYEE,
        )
        enrolments.append(Enrolment.objects.enrol(cycle, trainee))
    cycle.change_status(Cycle.Status.SCHEDULED)
    cycle.change_status(Cycle.Status.IN_TRAINING)
    # Signing opens on a half-day's own day: the first day, morning and afternoon, is today
    # (even when the schedule would have skipped a public holiday).
    cycle.slots.filter(index__in=(1, 2)).update(date=timezone.localdate())
    slots = list(cycle.slots.order_by("index")[:2])
    open_window(slots[0], trainer)
    return trainer, slots, enrolments


def raw_link(enrolment) -> str:
    """The token of the trainee's link: issued now if links are stored hashed."""
    if hasattr(enrolment, "issue_link"):
        return enrolment.issue_link()
    return enrolment.token


def signers_for(rooms, slot_number: int, tokens: dict[int, str]) -> list[Signer]:
    from django.urls import reverse

    from acunum.attendance.models import SigningWindow

    signers = []
    for _trainer, slots, enrolments in rooms:
        slot = slots[slot_number]
        window = SigningWindow.objects.get(slot=slot)
        for enrolment in enrolments:
            path = reverse("attendance:sign", args=[tokens[enrolment.pk], slot.index])
            seed = enrolment.pk * 100 + slot.index
            signers.append(Signer(enrolment.pk, slot.pk, path, window, drawn_signature(seed)))
    return signers


def start_server(
    port: int,
    env: dict,
    *,
    workers: int = WORKERS,
    threads: int = THREADS,
    ready: str = "/",
    new_session: bool = False,
) -> tuple[subprocess.Popen, object]:
    """`acunum serve` on `port`, once `ready` answers 200 (bench/workshops.py uses it too).

    new_session: in a process group of its own, which bench/crash.py kills whole (the main
    process and Granian's workers) with one signal.
    """
    log = tempfile.TemporaryFile()
    command = [sys.executable, "-m", "acunum.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--threads", str(threads)]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=new_session
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            sys.exit(f"The server stopped on start:\n{log.read().decode(errors='replace')}")
        try:
            with socket.create_connection((HOST, port), timeout=1) as s:
                s.sendall(f"GET {ready} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
                if s.recv(12).endswith(b"200"):
                    return process, log
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    sys.exit(f"The server did not answer on port {port} within 90 s.")


def stop_server(process: subprocess.Popen, log) -> str:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.seek(0)
    text = log.read().decode(errors="replace")
    log.close()
    return text


class Phones:
    """What each trainee's phone does: GET the page, then POST the code and the drawing."""

    def __init__(self, port: int):
        self.port = port
        self.base = {"Accept-Language": "fr", "Accept-Encoding": "identity"}

    async def open_page(self, pool: Pool, signer: Signer, samples: Samples) -> bool:
        start = time.perf_counter()
        try:
            response = await pool.request("GET", signer.path, self.base)
        except FAILURES as e:
            samples.fail(f"GET {signer.path}: {e!r}")
            return False
        signer.keep_cookies(response)
        match = CSRF_FIELD.search(response.body)
        if response.status != 200 or not match or "csrftoken" not in signer.cookies:
            samples.fail(f"GET {signer.path}: HTTP {response.status}, no form or no CSRF cookie")
            return False
        samples.latencies.append(time.perf_counter() - start)
        signer.form_token = html.unescape(match.group(1).decode())
        return True

    def form(self, signer: Signer) -> tuple[dict, bytes]:
        # The code shown on the projector now: the phone's user reads it off the screen.
        fields = {
            "csrfmiddlewaretoken": signer.form_token,
            "code": signer.window.room_code(),
            "signature": signer.signature,
        }
        headers = {
            **self.base,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": signer.cookie_header(),
            "Origin": f"http://{HOST}:{self.port}",
            "Referer": f"http://{HOST}:{self.port}{quote(signer.path)}",
        }
        return headers, urlencode(fields).encode()

    async def post(self, submit, signer: Signer) -> tuple[bool, str]:
        """POST the form; the view answers a recorded signature by a redirect to the page."""
        response = await submit(signer.path, lambda: self.form(signer))
        signer.keep_cookies(response)
        if accepted(response, signer.path):
            signer.acknowledged = True
            return True, ""
        return False, f"POST {signer.path}: HTTP {response.status} {refusal(response)}"

    async def sign(self, pool: Pool, signer: Signer, samples: Samples) -> None:
        """Press "Sign" and wait for the confirmation, as the trainee does."""
        start = time.perf_counter()
        try:
            ok, what = await self.post(pool.submit, signer)
            if ok:
                headers = {**self.base, "Cookie": signer.cookie_header()}
                page = await pool.request("GET", signer.path, headers)
                if not (page.status == 200 and CONFIRMATION in page.body):
                    ok, what = False, f"GET {signer.path} after signing: no confirmation"
        except FAILURES as e:
            ok, what = False, f"POST {signer.path}: {e!r}"
        if ok:
            samples.latencies.append(time.perf_counter() - start)
        else:
            samples.fail(what)


# What the trainee sees once the signature is recorded (templates/attendance/sign.html).
CONFIRMATION = b'class="sign-done"'


def accepted(response: Response, path: str) -> bool:
    """The signing view redirects to its own page once sign() has recorded the signature."""
    location = urlsplit(next(iter(response.header("location")), "")).path
    return response.status == 302 and location == path


def refusal(response: Response) -> str:
    """The message of a refused signature, to say why in the report."""
    match = re.search(rb'role="alert"[^>]*>\s*(?:<p>)?\s*(.*?)\s*<', response.body, re.S)
    return html.unescape(match.group(1).decode(errors="replace")) if match else ""


async def rush(port, signers, phones, seconds, connections, timeout, seed) -> dict:
    """Every trainee arrives at a random moment within `seconds`: page, then signature."""
    pool = Pool(port, connections, timeout)
    pages, posts = Samples(), Samples()
    rng = random.Random(seed)
    arrivals = sorted(rng.uniform(0, seconds) for _ in signers)
    order = signers[:]
    rng.shuffle(order)  # rooms do not sign one after the other
    acknowledged_at: list[float] = []
    began = time.perf_counter()

    async def trainee(signer: Signer, at: float, double_tap: bool) -> None:
        await asyncio.sleep(max(0.0, began + at - time.perf_counter()))
        if not await phones.open_page(pool, signer, pages):
            return
        taps = 2 if double_tap else 1
        await asyncio.gather(*(phones.sign(pool, signer, posts) for _ in range(taps)))
        if signer.acknowledged:
            acknowledged_at.append(time.perf_counter() - began)

    await asyncio.gather(
        *(
            trainee(s, at, i % DOUBLE_TAP_EVERY == 0)
            for i, (s, at) in enumerate(zip(order, arrivals, strict=True))
        )
    )
    pool.close()
    elapsed = max(acknowledged_at, default=time.perf_counter() - began)
    return {
        "signers": len(signers),
        "acknowledged": sum(s.acknowledged for s in signers),
        "seconds": elapsed,
        "rate": sum(s.acknowledged for s in signers) / elapsed,
        "page_p95": percentile(pages.latencies, 0.95),
        "p50": percentile(posts.latencies, 0.50),
        "p95": percentile(posts.latencies, 0.95),
        "p99": percentile(posts.latencies, 0.99),
        "posts": len(posts.latencies) + posts.errors,
        "errors": pages.errors + posts.errors,
        "first_error": pages.first_error or posts.first_error,
    }


async def closed_loop(port, items, connections, timeout, send) -> tuple[float, Samples]:
    """Send every item as fast as `connections` keep-alive connections allow; return rate/s."""
    samples = Samples()
    queue = list(reversed(items))

    async def worker() -> None:
        connection = Connection(port, timeout)
        while queue:
            item = queue.pop()
            start = time.perf_counter()
            try:
                ok, what = await send(connection, item)
            except FAILURES as e:
                ok, what = False, repr(e)
            if ok:
                samples.latencies.append(time.perf_counter() - start)
            else:
                samples.fail(what)
        connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(connections, len(items)))))
    return len(samples.latencies) / (time.perf_counter() - began), samples


async def capacity(port, signers, phones, rounds, connections, timeout) -> dict:
    """Signatures/s against bare INSERTs/s at full load, in interleaved rounds."""
    warm = Samples()
    pool = Pool(port, connections, timeout)
    # Every phone has its page and its CSRF cookie before the timed part (not timed here).
    await asyncio.gather(*(phones.open_page(pool, s, warm) for s in signers))
    pool.close()
    ready = [s for s in signers if s.form_token]

    async def sign(connection: Connection, signer: Signer):
        # The signing request alone, like the INSERT: the confirmation page is not fetched.
        return await phones.post(connection.submit, signer)

    inserts_sent = []

    async def insert(connection: Connection, signer: Signer):
        headers, body = phones.form(signer)  # the same body and headers as the signature
        response = await connection.request("POST", "/bench/insert/", headers, body)
        inserts_sent.append(response.status == 200 and response.body == b"ok")
        return inserts_sent[-1], f"HTTP {response.status}"

    chunks = [ready[i::rounds] for i in range(rounds)]
    sign_rates, insert_rates, ratios = [], [], []
    errors, first_error, sign_latencies, insert_latencies = warm.errors, warm.first_error, [], []
    for chunk in chunks:
        insert_rate, inserted = await closed_loop(port, chunk, connections, timeout, insert)
        sign_rate, signed = await closed_loop(port, chunk, connections, timeout, sign)
        insert_rates.append(insert_rate)
        sign_rates.append(sign_rate)
        ratios.append(sign_rate / insert_rate if insert_rate else float("nan"))
        sign_latencies += signed.latencies
        insert_latencies += inserted.latencies
        errors += inserted.errors + signed.errors
        first_error = first_error or signed.first_error or inserted.first_error
    return {
        "signers": len(signers),
        "acknowledged": sum(s.acknowledged for s in signers),
        "sign_rate": statistics.median(sign_rates),
        "insert_rate": statistics.median(insert_rates),
        "ratio": statistics.median(ratios),
        "sign_p50": percentile(sign_latencies, 0.5),
        "insert_p50": percentile(insert_latencies, 0.5),
        "inserts_acknowledged": sum(inserts_sent),
        "errors": errors,
        "first_error": first_error,
    }


def count(signers: list[Signer], inserts_acknowledged: int) -> dict:
    """What the database holds, against what the server acknowledged."""
    from django.core.management import CommandError, call_command
    from django.db import connection
    from django.db.models import Count

    from acunum.attendance.models import AttendanceEvent, Refusal

    recorded = {
        (row["slot_id"], row["enrolment_id"]): row["n"]
        for row in AttendanceEvent.objects.filter(kind=AttendanceEvent.Kind.SIGNATURE)
        .values("slot_id", "enrolment_id")
        .annotate(n=Count("id"))
    }
    acknowledged = {(s.slot, s.enrolment) for s in signers if s.acknowledged}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM bench_insert")
        inserted = cursor.fetchone()[0]
    try:
        call_command("verify_ledger", stdout=io.StringIO())
        ledger = "ok"
    except CommandError as e:
        ledger = str(e)
    return {
        "lost": len(acknowledged - recorded.keys()),
        "duplicated": sum(n - 1 for n in recorded.values() if n > 1),
        "recorded": sum(recorded.values()),
        "unacknowledged_recorded": len(recorded.keys() - acknowledged),
        "refusals": Refusal.objects.count(),
        # The reference too: an acknowledged INSERT that is not in its table.
        "inserts_lost": max(0, inserts_acknowledged - inserted),
        "ledger": ledger,
    }


def child(args) -> None:
    """Everything for one database, in a process whose settings point at it."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from acunum.attendance.signing import open_window
    from bench.urls import CREATE_TABLE

    def say(message: str) -> None:
        print(f"  [{connection.vendor}] {message}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE[connection.vendor])
    rooms = build(args.cycles)
    with transaction.atomic():
        tokens = {e.pk: raw_link(e) for _t, _s, enrolments in rooms for e in enrolments}
    first = signers_for(rooms, 0, tokens)
    took = time.perf_counter() - started
    say(f"built {args.cycles} cycles, {len(first)} trainees in {took:.0f} s")
    connection.close()  # the server's processes are the ones working now

    port = free_port()
    process, log = start_server(port, dict(os.environ), ready="/programmes/acunum/")
    phones = Phones(port)
    try:
        say(f"server on {HOST}:{port}; rush: {len(first)} trainees over {args.seconds:.0f} s")
        result = asyncio.run(
            rush(port, first, phones, args.seconds, args.connections, args.timeout, args.seed)
        )
        say(
            f"rush: {result['acknowledged']}/{result['signers']} signed,"
            f" p95 {result['p95'] * 1000:.0f} ms, {result['errors']} errors"
        )
        # The trainers open the next half-day; everyone signs it as fast as the server allows.
        for trainer, slots, _enrolments in rooms:
            open_window(slots[1], trainer)
        second = signers_for(rooms, 1, tokens)
        connection.close()
        load = asyncio.run(
            capacity(port, second, phones, args.rounds, args.connections, args.timeout)
        )
        say(
            f"capacity: {load['sign_rate']:.0f} signatures/s,"
            f" {load['insert_rate']:.0f} INSERTs/s, ratio {load['ratio']:.2f}"
        )
    finally:
        server_log = stop_server(process, log)
    counts = count(first + second, load["inserts_acknowledged"])
    result.update(
        backend=connection.vendor,
        database=f"{connection.vendor} {connection.Database.sqlite_version}"
        if connection.vendor == "sqlite"
        else f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}",
        capacity=load,
        server_errors=[line for line in server_log.splitlines() if "Traceback" in line][:3],
        **counts,
    )
    print("RESULT " + json.dumps(result), flush=True)


# ---------------------------------------------------------------------------------------------
# The parent: one child per database, then the table.


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def admin_connection(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or HOST,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )


def run_backend(backend: str, postgres: str, child_args: list[str], script: Path) -> dict:
    """Run `script --child child_args` on its own database (a temporary SQLite file, or a
    PostgreSQL database created on `postgres`'s server and dropped after), and return the
    dict its last RESULT line holds. bench/workshops.py uses it too."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACUNUM_")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(ROOT),
        ACUNUM_SECRET_KEY="bench-only-not-secret",
        ACUNUM_DEBUG="False",
        ACUNUM_LOG_LEVEL="ERROR",
    )
    database = f"acunum_bench_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="acunum-bench-") as data:
        env["ACUNUM_DATA_DIR"] = data
        if backend == "postgresql":
            base = postgres.rstrip("/")
            base = base[: base.rfind("/")] if urlsplit(base).path.strip("/") else base
            env["ACUNUM_DATABASE_URL"] = f"{base}/{database}"
            with admin_connection(postgres) as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
        command = [sys.executable, str(script), "--child", *child_args]
        try:
            process = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        finally:
            if backend == "postgresql":
                with admin_connection(postgres) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    lines = [x for x in process.stdout.splitlines() if x.startswith("RESULT ")]
    if process.returncode or not lines:
        sys.exit(f"The {backend} run failed (exit code {process.returncode}):\n{process.stdout}")
    return json.loads(lines[-1][len("RESULT ") :])


def child_args(args) -> list[str]:
    return [
        f"--cycles={args.cycles}",
        f"--seconds={args.seconds}",
        f"--connections={args.connections}",
        f"--rounds={args.rounds}",
        f"--timeout={args.timeout}",
        f"--seed={args.seed}",
    ]


def report(results: list[dict], args) -> bool:
    signers = results[0]["signers"]
    print(
        f"Signature rush, {date.today().isoformat()}: {platform.system()} {platform.machine()},"
        f" {os.cpu_count()} cores, Python {platform.python_version()};"
        f" acunum serve (Granian {WORKERS}×{THREADS}) on {HOST};"
        f" {args.cycles} cycles × 14 trainees = {signers} signing within {args.seconds:.0f} s,"
        f" {args.connections} connections, 1 in {DOUBLE_TAP_EVERY} submits twice;"
        f" load average {LOAD_BEFORE:.1f} before, {load_average():.1f} after"
    )
    print(
        "Versions: "
        + ", ".join(f"{p} {version(p)}" for p in ("django", "granian", "psycopg", "pillow"))
        + ", "
        + ", ".join(r["database"] for r in results)
    )
    print()
    header = (
        f"{'database':<11} {'signed':>11} {'sig/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
        f" {'lost':>5} {'dup':>4} {'errors':>6} {'max sig/s':>10} {'INSERT/s':>9} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        c = r["capacity"]
        signed = f"{r['acknowledged']}/{r['signers']}"
        print(
            f"{r['backend']:<11} {signed:>11} {r['rate']:>6.1f}"
            f" {r['p50'] * 1000:>7.1f} {r['p95'] * 1000:>7.1f} {r['p99'] * 1000:>7.1f}"
            f" {r['lost']:>5} {r['duplicated']:>4} {r['errors'] + c['errors']:>6}"
            f" {c['sign_rate']:>10.1f} {c['insert_rate']:>9.1f} {c['ratio']:>6.2f}"
        )
    print()
    print(
        "signed, sig/s, p50–p99: the rush; latency from pressing Sign (the phone ready to send) to"
        " the confirmation page (POST, redirect, GET). max sig/s, INSERT/s, ratio: the signing POST"
        " against the bare INSERT view, both at full load over the same connections, interleaved."
    )
    for r in results:
        c = r["capacity"]
        print(
            f"{r['backend']}: signing page p95 {r['page_p95'] * 1000:.0f} ms;"
            f" {r['recorded']} signatures in the ledger for"
            f" {r['acknowledged'] + c['acknowledged']} acknowledged"
            f" ({r['unacknowledged_recorded']} recorded without an answer);"
            f" {r['refusals']} refusals; {c['inserts_acknowledged']} INSERTs acknowledged,"
            f" {r['inserts_lost']} lost; ledger: {r['ledger']}"
        )
        for error in (r["first_error"], c["first_error"], *r["server_errors"]):
            if error:
                print(f"  first error: {error}")
    print()
    checks = [
        ("0 lost", lambda r: r["lost"] == 0 and r["inserts_lost"] == 0),
        ("0 duplicated", lambda r: r["duplicated"] == 0),
        (f"p95 < {BUDGET_P95_MS} ms", lambda r: r["p95"] * 1000 < BUDGET_P95_MS),
        (f"ratio ≥ {BUDGET_RATIO}", lambda r: r["capacity"]["ratio"] >= BUDGET_RATIO),
        (
            "every trainee signed, no error",
            lambda r: (
                r["acknowledged"] == r["signers"]
                and r["capacity"]["acknowledged"] == r["capacity"]["signers"]
                and r["errors"] + r["capacity"]["errors"] == 0
            ),
        ),
        ("verify_ledger: chain intact", lambda r: r["ledger"] == "ok"),
    ]
    print(f"{'budget':<32}" + "".join(f"{r['backend']:>12}" for r in results))
    passed = True
    for name, check in checks:
        cells = []
        for r in results:
            ok = check(r)
            passed &= ok
            cells.append(f"{'PASS' if ok else 'FAIL':>12}")
        print(f"{name:<32}" + "".join(cells))
    sys.stdout.flush()
    return passed


def load_average() -> float:
    """Other work on this machine skews every figure: the report says how busy it was."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


LOAD_BEFORE = load_average()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60, help="the rush's arrivals span")
    parser.add_argument("--connections", type=int, default=48, help="concurrent connections")
    parser.add_argument("--rounds", type=int, default=4, help="capacity rounds, interleaved")
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
    parser.add_argument(
        "--quick", action="store_true", help="3 cycles within 5 s, 2 rounds: a smoke test"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.cycles, args.seconds, args.rounds = 3, 5, 2
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
