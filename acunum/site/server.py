"""Run the WSGI application with the production server chosen in bench/server.py."""

from __future__ import annotations

import socket


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that phones on the same network can reach."""
    try:
        _name, _aliases, addresses = socket.gethostbyname_ex(socket.gethostname())
    except OSError:
        return []
    return sorted({a for a in addresses if not a.startswith("127.")})


def serve(host: str, port: int, threads: int) -> None:
    from waitress import serve as waitress_serve

    from acunum.wsgi import application

    # Waitress is pure Python: the same server on a trainer's Windows laptop and on Linux.
    waitress_serve(application, host=host, port=port, threads=threads, ident="acunum")
