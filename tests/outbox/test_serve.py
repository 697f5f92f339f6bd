"""`acunum serve` runs the outbox's worker in a thread of its main process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from unittest import mock

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import TestCase, override_settings

from tests.outbox.smtp import Inbox, free_port
from tests.site.test_serve import get


def test_acunum_serve_sends_an_enqueued_email_through_the_configured_smtp_server(tmp_path):
    inbox = Inbox()
    smtp_port, port = free_port(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = {
        **os.environ,
        "ACUNUM_DATA_DIR": str(tmp_path),
        "ACUNUM_SECRET_KEY": "tests-only-not-secret",
        "ACUNUM_DEBUG": "False",
        "ACUNUM_EMAIL_HOST": "127.0.0.1",
        "ACUNUM_EMAIL_PORT": str(smtp_port),
        "ACUNUM_EMAIL_USE_TLS": "False",
        "ACUNUM_WORKER_INTERVAL": "1",
    }
    env.pop("ACUNUM_DATABASE_URL", None)
    # Two Granian processes: forked (on Linux) while the worker's thread runs.
    server = subprocess.Popen(
        [sys.executable, "-m", "acunum.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        with get(f"http://127.0.0.1:{port}/programmes/acunum/", time.monotonic() + 60) as r:
            assert r.status == 200
        enqueue = (
            "from acunum.outbox.models import Message; "
            "Message.objects.enqueue('other:serve', to='t@example.org', subject='Depuis serve', "
            "body='Bonjour', kind='other', attachments=[('a.bin', bytes(range(256)), "
            "'application/octet-stream')])"
        )
        subprocess.run(
            [sys.executable, "-m", "acunum.cli", "shell", "-c", enqueue], env=env, check=True
        )
        deadline = time.monotonic() + 30
        while not inbox.received and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [m["Subject"] for m in inbox.received] == ["Depuis serve"]
        attachment = next(inbox.received[0].iter_attachments())
        assert attachment.get_content() == bytes(range(256))
        # And the server still answers: the forked processes did not inherit a broken state.
        with get(f"http://127.0.0.1:{port}/programmes/acunum/", time.monotonic() + 10) as r:
            assert r.status == 200
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        controller.stop()
    assert [m["Subject"] for m in inbox.received] == ["Depuis serve"]


class ServeSettingTests(TestCase):
    """`acunum serve` and `acunum demo` both serve through server.serve(), which runs the
    outbox's worker beside Granian."""

    def serve(self) -> mock.Mock:
        with (
            mock.patch("acunum.site.server._granian") as granian,
            mock.patch("acunum.outbox.worker.start_in_thread") as start,
            # The test's database stays open (serve closes connections before forking).
            mock.patch("django.db.connections.close_all"),
        ):
            call_command("serve", stdout=io.StringIO())
        granian.assert_called_once()
        return start

    def test_the_demo_runs_the_worker_too(self):
        with (
            mock.patch("acunum.site.server._granian") as granian,
            mock.patch("acunum.outbox.worker.start_in_thread") as start,
            # The test's database stays open (serve closes connections before forking).
            mock.patch("django.db.connections.close_all"),
        ):
            call_command("demo", stdout=io.StringIO())
        granian.assert_called_once()
        start.assert_called_once_with()

    def test_serve_starts_the_worker_and_stops_it_with_the_server(self):
        start = self.serve()
        start.assert_called_once_with()
        start.return_value.stop.assert_called_once_with()

    @override_settings(WORKER_IN_SERVE=False)
    def test_serve_leaves_the_worker_out_when_told_to(self):
        self.serve().assert_not_called()
