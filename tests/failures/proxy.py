"""A TCP proxy that can cut the line: between `acunum serve` and PostgreSQL, in failure tests.

cut() closes every connection it carries and refuses new ones (reset at once, as a database
server that is down or unreachable does); reopen() lets new connections through again. Threads,
not asyncio: the test drives the server from its own event loop meanwhile.
"""

from __future__ import annotations

import socket
import struct
import threading


class Proxy:
    def __init__(self, target: tuple[str, int], host: str = "127.0.0.1"):
        self.target = target
        self.listener = socket.create_server((host, 0))
        self.host, self.port = host, self.listener.getsockname()[1]
        self.open = True
        self.carried = 0  # connections let through
        self.refused = 0  # connections reset because the line was cut
        self.pairs: set[tuple[socket.socket, socket.socket]] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return  # closed
            if not self.open:
                self.refused += 1
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            pair = (client, upstream)
            with self.lock:
                self.pairs.add(pair)
                self.carried += 1
            for source, sink in (pair, pair[::-1]):
                threading.Thread(target=self._pump, args=(source, sink, pair), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, pair) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        self._drop(pair)

    def _drop(self, pair, reset: bool = False) -> None:
        with self.lock:
            self.pairs.discard(pair)
        for sock in pair:
            if reset:
                _reset(sock)
            else:
                _close(sock)

    def cut(self) -> None:
        """Every carried connection reset, and new ones refused until reopen()."""
        self.open = False
        with self.lock:
            pairs = list(self.pairs)
        for pair in pairs:
            self._drop(pair, reset=True)

    def reopen(self) -> None:
        self.open = True

    def close(self) -> None:
        self.cut()
        _close(self.listener)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in recv()
    except OSError:
        pass
    sock.close()


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset (linger 0): the other end reads "connection reset" at once."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
