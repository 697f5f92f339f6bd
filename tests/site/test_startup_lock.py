"""Several application servers on one PostgreSQL database run their start-up steps one at a time."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from acunum.site.management.commands import serve


@pytest.mark.django_db(transaction=True)
def test_two_servers_starting_together_migrate_one_after_the_other(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite queues its writers itself: the lock is PostgreSQL's")
    spans = []

    def slow_step(name, **options):
        started = time.monotonic()
        time.sleep(0.05)
        spans.append((threading.current_thread().name, started, time.monotonic()))

    monkeypatch.setattr(serve, "call_command", slow_step)

    def start():
        try:
            serve.start_up()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start, name=f"server-{n}") for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(spans) == 6
    # Each server's three steps run together: the other server's never fall in between.
    names = [name for name, _start, _end in sorted(spans, key=lambda span: span[1])]
    assert names[:3] == [names[0]] * 3 and names[3:] == [names[3]] * 3
    assert names[0] != names[3]
