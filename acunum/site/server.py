"""Run the WSGI application with the production server chosen by bench/server.py: Granian."""

from __future__ import annotations

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
    return sorted(a for a in addresses if not a.startswith("127."))


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


def serve(host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    """Serve acunum.wsgi with Granian: `workers` processes of `threads` threads each.

    Granian parses HTTP in Rust, outside Python's lock, and its worker processes use both cores
    of a laptop: on the demo's pages it answered 2.7 times as many requests per second as
    waitress with the same eight threads, p95 140 ms against 330 ms (bench/server.py, README).
    It ships wheels for Linux, macOS and Windows, and spawns its workers on Windows and macOS.
    """
    from django.db import connections
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    # The migrations ran in this process: a forked worker must not inherit their connection.
    connections.close_all()
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
