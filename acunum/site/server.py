"""Run the WSGI application with the production server chosen by bench/server.py: Granian."""

from __future__ import annotations

import os
import socket
import sys


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that phones on the same network can reach.

    Windows and macOS resolve the host name to them; Debian and Ubuntu resolve it to 127.0.1.1,
    so on Linux each network interface is asked for its address. Nothing is sent anywhere.
    """
    addresses = set()
    try:
        addresses.update(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    if sys.platform.startswith("linux"):
        addresses.update(_linux_interface_addresses())
    found = sorted(a for a in addresses if not a.startswith("127."))
    # The address of the route out comes first: a laptop often has others (Docker, a VPN) that
    # phones cannot reach.
    preferred = _route_address()
    if preferred in found:
        found.remove(preferred)
        found.insert(0, preferred)
    return found


def _route_address() -> str | None:
    """The local address the system would send from; a UDP connect sends no packet."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): never routed anywhere
            return sock.getsockname()[0]
    except OSError:
        return None  # no route at all: a laptop that is itself the room's hotspot, say


def _linux_interface_addresses() -> list[str]:
    import fcntl
    import struct

    siocgifaddr = 0x8915
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _index, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(
                    sock.fileno(), siocgifaddr, struct.pack("256s", name.encode()[:15])
                )
            except OSError:
                continue  # an interface with no IPv4 address
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def open_to_lan(port: int) -> None:
    """Accept any Host header, and put the laptop's address in the links the pages print.

    Set in the environment too: Granian's worker processes read the settings afresh.
    """
    from django.conf import settings

    os.environ["ACUNUM_ALLOWED_HOSTS"] = "*"
    settings.ALLOWED_HOSTS = ["*"]
    # Links written with the public address (SITE_URL) must reach this laptop from a phone, not
    # localhost; an address set on purpose (ACUNUM_SITE_URL) is kept.
    addresses = lan_addresses()
    if addresses and not os.getenv("ACUNUM_SITE_URL"):
        os.environ["ACUNUM_SITE_URL"] = settings.SITE_URL = f"http://{addresses[0]}:{port}"


def terminal_qr(url: str, encoding: str | None = None) -> str:
    """The QR code of url, drawn with block characters for a terminal.

    Two modules per character (half blocks) keep it small enough to scan from a phone held at
    the screen. A console whose encoding has no block characters (an old Windows code page) gets
    segno's colour escapes instead.
    """
    import io

    import segno

    buffer = io.StringIO()
    qr = segno.make(url, error="m")
    try:
        "█▀▄".encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        qr.terminal(out=buffer)
    else:
        qr.terminal(out=buffer, compact=True)
    return buffer.getvalue()


def lan_message(port: int, path: str = "/", encoding: str | None = None) -> str:
    """What `serve --lan` and `demo --lan` print: the address phones open, and its QR code."""
    addresses = lan_addresses()
    if not addresses:
        return (
            "  Aucune adresse réseau trouvée : reliez cet ordinateur au Wi-Fi de la salle, puis\n"
            f"  ouvrez sur les téléphones http://<adresse de cet ordinateur>:{port}{path}\n"
        )
    url = f"http://{addresses[0]}:{port}{path}"
    lines = [f"  Sur le réseau de la salle, les téléphones ouvrent : {url}"]
    if len(addresses) > 1:
        others = ", ".join(f"http://{a}:{port}{path}" for a in addresses[1:])
        lines.append(f"  (si ce n’est pas le bon réseau : {others})")
    lines.append("  ou scannent ce code :")
    return "\n".join(lines) + "\n" + terminal_qr(url, encoding)


def serve(host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    """Serve acunum.wsgi with Granian: `workers` processes of `threads` threads each.

    Granian parses HTTP in Rust, outside Python's lock, and its worker processes use both cores
    of a laptop: on the demo's pages it answered 2.7 times as many requests per second as
    waitress with the same eight threads, p95 140 ms against 330 ms (bench/server.py, README).
    It ships wheels for Linux, macOS and Windows, and spawns its workers on Windows and macOS.
    """
    from django.conf import settings
    from django.db import connections

    from acunum.outbox import worker

    # The migrations ran in this process: a forked worker must not inherit their connection.
    connections.close_all()
    # The outbox's worker, in a thread of this main process: Granian's worker processes serve
    # pages only, so there is one outbox worker per server however many processes there are.
    embedded = worker.start_in_thread() if settings.WORKER_IN_SERVE else None
    try:
        _granian(host, port, workers, threads)
    finally:
        if embedded:
            embedded.stop()


def _granian(host: str, port: int, workers: int, threads: int) -> None:
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    Server(
        "acunum.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        respawn_failed_workers=True,
        log_level=LogLevels.warning,
    ).serve()
