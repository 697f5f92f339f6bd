"""Which production server should `acunum serve` run? Measure it.

    uv run python bench/server.py [--seconds 8] [--rounds 5] [--connections 16]

Builds a throwaway data directory with the demo data (`acunum demo --no-serve`), then starts each
candidate server on a free 127.0.0.1 port, one at a time, with the same budget suited to a 2-core
machine, and drives it from this process with a small asyncio HTTP/1.1 client (keep-alive
connections, like phones in a room). The load is bounded in time and in requests and only ever
targets 127.0.0.1. Each request takes the next of three real pages in turn: the public programme
page, a trainee's token page (the phones' page) and a static file.

Rounds are interleaved (every server once, then every server again) so that a slow spell of this
noisy machine hits all of them; the spread of the reference's rounds shows the noise. Prints, for
each server: requests per second (median of the rounds, and their spread), p50, p95 and p99
latency over every round, errors, and the ratio of requests per second to waitress, the reference,
measured in the same run (the median of the per-round ratios).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
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

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
STATIC = "/static/css/acunum.css"
PROGRAMME = "/programmes/acunum/"


@dataclass(frozen=True)
class Server:
    name: str
    package: str
    args: list[str]  # after `python -m`, with {port} to fill in


# The same budget for each: eight threads (phones wait on SQLite and on the network, not only on
# the CPU), in one process, or split across two processes to use both cores.
SERVERS = [
    Server(
        "waitress 1×8",
        "waitress",
        [
            "waitress",
            "--host",
            HOST,
            "--port",
            "{port}",
            "--threads",
            "8",
            "acunum.wsgi:application",
        ],
    ),
    Server(
        "granian 1×8",
        "granian",
        [
            "granian",
            "--interface",
            "wsgi",
            "--host",
            HOST,
            "--port",
            "{port}",
            "--workers",
            "1",
            "--blocking-threads",
            "8",
            "--log-level",
            "warning",
            "acunum.wsgi:application",
        ],
    ),  # fmt: skip
    Server(
        "granian 2×4",
        "granian",
        [
            "granian",
            "--interface",
            "wsgi",
            "--host",
            HOST,
            "--port",
            "{port}",
            "--workers",
            "2",
            "--blocking-threads",
            "4",
            "--log-level",
            "warning",
            "acunum.wsgi:application",
        ],
    ),  # fmt: skip
    # Django runs a synchronous view under ASGI in one thread per process (thread_sensitive),
    # so the process count is uvicorn's only knob.
    Server(
        "uvicorn 1",
        "uvicorn",
        [
            "uvicorn",
            "--host",
            HOST,
            "--port",
            "{port}",
            "--workers",
            "1",
            "--no-access-log",
            "--log-level",
            "warning",
            "acunum.asgi:application",
        ],
    ),  # fmt: skip
    Server(
        "uvicorn 2",
        "uvicorn",
        [
            "uvicorn",
            "--host",
            HOST,
            "--port",
            "{port}",
            "--workers",
            "2",
            "--no-access-log",
            "--log-level",
            "warning",
            "acunum.asgi:application",
        ],
    ),  # fmt: skip
]
REFERENCE = SERVERS[0].name


@dataclass
class Result:
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    first_error: str = ""

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.latencies.values())


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def build_demo(env: dict[str, str]) -> str:
    """Create the demo data and return the path of a trainee's token page."""
    out = subprocess.run(
        [sys.executable, "-m", "acunum.cli", "demo", "--no-serve"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"(/s/[^/\s]+/)", out)
    if not match:
        sys.exit(f"No trainee link in the output of `acunum demo --no-serve`:\n{out}")
    return match.group(1)


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one HTTP/1.1 response; return its status and whether the connection stays open."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed by the server")
    status = int(status_line.split()[1])
    length, chunked, keep = 0, False, True
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            keep = False
    if chunked:
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    elif length:
        await reader.readexactly(length)
    return status, keep


async def drive(port, paths, seconds, max_requests, connections, timeout) -> Result:
    result = Result(latencies={p: [] for p in paths})
    budget = [max_requests]
    deadline = time.perf_counter() + seconds

    async def connection(offset: int) -> None:
        reader = writer = None
        turn = offset
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            path = paths[turn % len(paths)]
            turn += 1
            request = (
                f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept-Language: fr\r\n"
                "Accept-Encoding: identity\r\nUser-Agent: acunum-bench\r\n\r\n"
            ).encode()
            start = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection(HOST, port), timeout
                    )
                writer.write(request)
                status, keep = await asyncio.wait_for(read_response(reader), timeout)
            except (
                OSError,
                ValueError,
                IndexError,
                TimeoutError,
                asyncio.IncompleteReadError,
            ) as e:
                result.errors += 1
                result.first_error = result.first_error or f"{path}: {e!r}"
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            if status != 200:
                result.errors += 1
                result.first_error = result.first_error or f"{path}: HTTP {status}"
            else:
                result.latencies[path].append(time.perf_counter() - start)
            if not keep:
                writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(connection(i) for i in range(connections)))
    result.seconds = time.perf_counter() - began
    return result


def wait_until_ready(process: subprocess.Popen, port: int, log, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            sys.exit(
                f"The server stopped on start (exit code {process.returncode}):\n"
                + log.read().decode(errors="replace")
            )
        try:
            with socket.create_connection((HOST, port), timeout=1) as s:
                s.sendall(f"GET {PROGRAMME} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
                if s.recv(12).endswith(b"200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    sys.exit(f"The server did not answer on port {port} within {limit:.0f} s.")


def run_one(server: Server, env, paths, args) -> Result:
    port = free_port()
    command = [sys.executable, "-m", *(a.format(port=port) for a in server.args)]
    # The server's own messages (waitress's "Task queue depth", Django's warning about WhiteNoise's
    # synchronous file iterator under ASGI) go to a log shown only if the server fails to start.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
    try:
        wait_until_ready(process, port, log)
        # Warm up (templates, connections, imports in every worker), then measure.
        asyncio.run(drive(port, paths, args.warmup, 10_000, args.connections, args.timeout))
        return asyncio.run(
            drive(port, paths, args.seconds, args.max_requests, args.connections, args.timeout)
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8, help="measured time per round")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured time first")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients")
    parser.add_argument("--max-requests", type=int, default=50_000, help="per round at most")
    parser.add_argument("--timeout", type=float, default=10, help="seconds for one request")
    parser.add_argument("--only", nargs="*", help="server names to run (reference always runs)")
    args = parser.parse_args()

    servers = [s for s in SERVERS if not args.only or s.name == REFERENCE or s.name in args.only]
    with tempfile.TemporaryDirectory(prefix="acunum-bench-") as data:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ACUNUM_")}
        env.update(
            DJANGO_SETTINGS_MODULE="acunum.settings",
            ACUNUM_DATA_DIR=data,
            ACUNUM_SECRET_KEY="bench-only-not-secret",
            ACUNUM_DEBUG="False",
            ACUNUM_LOG_LEVEL="ERROR",
        )
        paths = [PROGRAMME, build_demo(env), STATIC]
        results: dict[str, list[Result]] = {s.name: [] for s in servers}
        for round_ in range(args.rounds):
            for server in servers:
                result = run_one(server, env, paths, args)
                results[server.name].append(result)
                rate = result.count / result.seconds
                print(
                    f"  round {round_ + 1}, {server.name}: {rate:.0f} req/s,"
                    f" {result.errors} errors",
                    file=sys.stderr,
                )

    print(
        f"Server benchmark, {date.today().isoformat()}: {platform.system()} {platform.machine()},"
        f" {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {args.connections} keep-alive connections, {args.rounds} × {args.seconds:.0f} s each;"
        f" pages in turn: programme, trainee token page, static CSS"
    )
    print(
        "Versions: "
        + ", ".join(f"{p} {version(p)}" for p in sorted({s.package for s in servers} | {"django"}))
    )
    print()
    header = (
        f"{'server':<14} {'req/s':>7} {'rounds':>11} {'p50 ms':>7} {'p95 ms':>7}"
        f" {'p99 ms':>7} {'errors':>7} {'× ' + REFERENCE.split()[0]:>11}"
    )
    print(header)
    print("-" * len(header))
    # Each round's rate is compared with the reference's in the same round, measured moments
    # apart, so that a slow spell of the machine cancels out; the median of these ratios is shown.
    reference_rates = [r.count / r.seconds for r in results[REFERENCE]]
    for name, rounds in results.items():
        rates = [r.count / r.seconds for r in rounds]
        rate = statistics.median(rates)
        ratio = statistics.median(x / ref for x, ref in zip(rates, reference_rates, strict=True))
        every = [x for r in rounds for v in r.latencies.values() for x in v]
        print(
            f"{name:<14} {rate:>7.0f} {f'{min(rates):.0f}–{max(rates):.0f}':>11}"
            f" {percentile(every, 0.50) * 1000:>7.1f} {percentile(every, 0.95) * 1000:>7.1f}"
            f" {percentile(every, 0.99) * 1000:>7.1f} {sum(r.errors for r in rounds):>7}"
            f" {ratio:>11.2f}"
        )
    print()
    print("p50 ms by page:  " + "  ".join(f"{p:<22}" for p in ("programme", "token", "static")))
    for name, rounds in results.items():
        cells = []
        for path in paths:
            values = [x for r in rounds for x in r.latencies[path]]
            cells.append(f"{percentile(values, 0.50) * 1000:<22.1f}")
        print(f"{name:<16} " + "  ".join(cells))
    failures = [f"{n}: {r.first_error}" for n, rs in results.items() for r in rs if r.first_error]
    if failures:
        print("\nFirst errors:\n  " + "\n  ".join(failures))


if __name__ == "__main__":
    main()
