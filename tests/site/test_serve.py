"""`acunum serve` runs the production server (Granian, chosen by bench/server.py) for real."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, deadline: float) -> http.client.HTTPResponse:
    """GET url, retrying while the server starts."""
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "ACUNUM_DATA_DIR": str(tmp_path),
        "ACUNUM_SECRET_KEY": "tests-only-not-secret",
        "ACUNUM_DEBUG": "False",
    }
    env.pop("ACUNUM_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "acunum.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process, port
    if process.poll() is None:
        process.kill()
        process.wait()


def test_serve_migrates_loads_the_programme_and_answers_pages_and_static_files(server):
    process, port = server
    deadline = time.monotonic() + 60
    base = f"http://127.0.0.1:{port}"

    with get(f"{base}/programmes/acunum/", deadline) as response:
        assert response.status == 200
        assert "ACUNUM" in response.read().decode()
    with get(f"{base}/static/css/acunum.css", deadline) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/css")


def test_serve_stops_every_worker_on_sigterm(server):
    process, port = server
    with get(f"http://127.0.0.1:{port}/programmes/acunum/", time.monotonic() + 60):
        pass

    process.terminate()
    assert process.wait(timeout=30) is not None

    # A worker left behind would still hold the listening socket and answer.
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port)):
        pass
