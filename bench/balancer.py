"""A small round-robin TCP balancer: several `acunum serve` behind one address (bench/together.py).

    uv run python bench/balancer.py --backend 127.0.0.1:8001 --backend 127.0.0.1:8002 [--port 0]

A real deployment puts nginx or Caddy in front of several servers; neither can be assumed
installed here, and Granian has no SO_REUSEPORT option to share one port between two servers.
So this process listens on one 127.0.0.1 port and gives each new connection to the next backend
in turn (per connection, as nginx's default round robin does with keep-alive clients), then copies
the bytes both ways until either side closes. It reads no more of HTTP than it takes to count the
requests each backend was sent (the request heads, skipping each body by its Content-Length).

It prints `listening on <port>` once ready; on SIGTERM or SIGINT (or, with --until-stdin-closes,
when its standard input closes) it stops and prints one line, `STATS {...}`: connections and
requests per backend, and connections it could not pass on.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
import signal
import sys
from dataclasses import dataclass, field

HOST = "127.0.0.1"
CHUNK = 64 * 1024
CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.I)


@dataclass
class Backend:
    host: str
    port: int
    connections: int = 0
    requests: int = 0

    @property
    def name(self) -> str:
        return f"{self.host}:{self.port}"


class RequestCounter:
    """Counts the HTTP/1.1 requests in what a client sends: a head ends at a blank line, then
    Content-Length bytes of body. A chunked body (no client of the bench sends one) or a head
    too long to be a request stops the counting on that connection; the bytes still go through.
    """

    def __init__(self, backend: Backend):
        self.backend = backend
        self.head = b""
        self.body_left = 0
        self.lost = False

    def feed(self, data: bytes) -> None:
        while data and not self.lost:
            if self.body_left:
                taken = min(self.body_left, len(data))
                self.body_left -= taken
                data = data[taken:]
                continue
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                self.lost = len(self.head) > CHUNK
                return
            head, data, self.head = self.head[:end], self.head[end + 4 :], b""
            self.backend.requests += 1
            if b"chunked" in head.lower():
                self.lost = True
                return
            length = CONTENT_LENGTH.search(head)
            self.body_left = int(length.group(1)) if length else 0


@dataclass
class Balancer:
    backends: list[Backend]
    refused: int = 0
    _turn: itertools.cycle = field(init=False)

    def __post_init__(self):
        self._turn = itertools.cycle(self.backends)

    async def handle(self, client_reader, client_writer) -> None:
        backend = next(self._turn)
        try:
            reader, writer = await asyncio.open_connection(backend.host, backend.port)
        except OSError:
            self.refused += 1
            client_writer.close()
            return
        backend.connections += 1
        counter = RequestCounter(backend)
        upstream = asyncio.create_task(self.pipe(client_reader, writer, counter.feed))
        downstream = asyncio.create_task(self.pipe(reader, client_writer, None))
        # HTTP/1.1 over keep-alive: when either side closes, the exchange is over. The server
        # closing an idle connection must reach the client, which then opens another, as it does
        # with a server it talks to directly.
        await asyncio.wait({upstream, downstream}, return_when=asyncio.FIRST_COMPLETED)
        for task in (upstream, downstream):
            task.cancel()
        for stream in (writer, client_writer):
            stream.close()

    @staticmethod
    async def pipe(reader, writer, observe) -> None:
        try:
            while data := await reader.read(CHUNK):
                if observe:
                    observe(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass

    def stats(self) -> dict:
        return {
            "backends": {
                b.name: {"connections": b.connections, "requests": b.requests}
                for b in self.backends
            },
            "refused": self.refused,
        }


class _SetOnClose(asyncio.Protocol):
    def __init__(self, event: asyncio.Event):
        self.event = event

    def connection_lost(self, exc) -> None:
        self.event.set()


async def stop_event(until_stdin_closes: bool = False) -> asyncio.Event:
    """Set on SIGTERM or SIGINT; and, if asked, when standard input closes: a parent process
    that dies without terminating this one closes the pipe, and this one does not linger."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if until_stdin_closes:
        await loop.connect_read_pipe(lambda: _SetOnClose(stop), sys.stdin)
    return stop


async def serve(backends: list[Backend], port: int, until_stdin_closes: bool = False) -> Balancer:
    balancer = Balancer(backends)
    server = await asyncio.start_server(balancer.handle, HOST, port, backlog=1024)
    print(f"listening on {server.sockets[0].getsockname()[1]}", flush=True)
    stop = await stop_event(until_stdin_closes)
    async with server:
        await stop.wait()
    return balancer


def backend(text: str) -> Backend:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: expected host:port")
    return Backend(host, int(port))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backend", type=backend, action="append", required=True, help="host:port, repeated"
    )
    parser.add_argument("--port", type=int, default=0, help="the port to listen on; 0: any free")
    parser.add_argument(
        "--until-stdin-closes", action="store_true", help="stop too when standard input closes"
    )
    args = parser.parse_args()
    balancer = asyncio.run(serve(args.backend, args.port, args.until_stdin_closes))
    print("STATS " + json.dumps(balancer.stats()), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
