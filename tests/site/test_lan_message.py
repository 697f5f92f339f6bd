"""`serve --lan` and `demo --lan` print the address phones open and its QR code.

No server is started: the commands' `serve` is replaced by a recorder.
"""

from __future__ import annotations

import io
import os

import pytest
import segno
from django.core.management import call_command

from acunum.site import server
from acunum.site.management.commands import demo as demo_command
from acunum.site.management.commands import serve as serve_command

# segno's compact terminal drawing: light modules are ink (for a dark terminal), two rows a line.
HALF_BLOCKS = {"█": (False, False), "▀": (False, True), "▄": (True, False), " ": (True, True)}


def qr_matrix(text: str) -> list[tuple[bool, ...]]:
    """Read the printed QR code back into rows of dark (True) and light modules."""
    lines = [line for line in text.splitlines() if line and set(line) <= set(HALF_BLOCKS)]
    rows = []
    for line in lines:
        top, bottom = zip(*(HALF_BLOCKS[c] for c in line), strict=True)
        rows += [top, bottom]
    return rows


def assert_qr_of(text: str, url: str) -> None:
    expected = [tuple(bool(m) for m in row) for row in segno.make(url, error="m").matrix_iter()]
    printed = qr_matrix(text)
    # An odd number of rows: the last printed line is half quiet zone, half terminal.
    assert len(printed) == len(expected) + 1
    assert printed[: len(expected)] == expected, f"the printed QR code is not that of {url}"


@pytest.fixture
def lan(monkeypatch, settings):
    """A laptop with a Wi-Fi address and a Docker bridge; the environment restored afterwards."""
    for module in (server, demo_command):
        monkeypatch.setattr(module, "lan_addresses", lambda: ["192.168.1.23", "172.17.0.1"])
    monkeypatch.delenv("ACUNUM_ALLOWED_HOSTS", raising=False)
    monkeypatch.delenv("ACUNUM_SITE_URL", raising=False)
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    return settings


def test_the_message_names_the_address_and_its_qr_code_reads_back_as_that_address(lan):
    text = server.lan_message(8000, "/s/abc/")
    assert "http://192.168.1.23:8000/s/abc/" in text
    assert "http://172.17.0.1:8000/s/abc/" in text  # the other network, in case
    assert_qr_of(text, "http://192.168.1.23:8000/s/abc/")


def test_a_console_without_block_characters_gets_a_qr_code_it_can_print(lan):
    text = server.lan_message(8000, encoding="cp1252")
    text.encode("cp1252")  # would raise on a block character
    assert "http://192.168.1.23:8000/" in text
    assert "\x1b[" in text  # drawn with colour escapes instead


def test_with_no_network_the_message_says_what_to_do(monkeypatch):
    monkeypatch.setattr(server, "lan_addresses", lambda: [])
    text = server.lan_message(8000)
    assert "Aucune adresse réseau" in text
    assert "█" not in text


def test_the_address_of_the_route_out_comes_before_a_docker_bridge(monkeypatch):
    monkeypatch.setattr(
        server, "_linux_interface_addresses", lambda: ["172.17.0.1", "192.168.1.23"]
    )
    monkeypatch.setattr(server.socket, "gethostbyname_ex", lambda name: (name, [], ["127.0.1.1"]))
    monkeypatch.setattr(server.sys, "platform", "linux")
    monkeypatch.setattr(server, "_route_address", lambda: "192.168.1.23")
    assert server.lan_addresses() == ["192.168.1.23", "172.17.0.1"]


@pytest.mark.django_db
def test_serve_lan_listens_on_every_interface_accepts_any_host_and_prints_the_qr_code(
    lan, monkeypatch
):
    calls = []
    monkeypatch.setattr(serve_command, "serve", lambda *args: calls.append(args))
    out = io.StringIO()
    call_command("serve", "--lan", "--port", "8123", stdout=out)
    assert calls == [("0.0.0.0", 8123, 2, 4)]
    assert lan.ALLOWED_HOSTS == ["*"]
    # Links printed by the pages (QR cards) point at the laptop, for the workers too.
    assert lan.SITE_URL == "http://192.168.1.23:8123"
    assert os.environ["ACUNUM_ALLOWED_HOSTS"] == "*"
    assert os.environ["ACUNUM_SITE_URL"] == "http://192.168.1.23:8123"
    text = out.getvalue()
    assert "http://192.168.1.23:8123/" in text
    assert_qr_of(text, "http://192.168.1.23:8123/")


@pytest.mark.django_db
def test_serve_without_lan_stays_on_this_computer(lan, monkeypatch):
    calls = []
    monkeypatch.setattr(serve_command, "serve", lambda *args: calls.append(args))
    out = io.StringIO()
    call_command("serve", "--port", "8123", stdout=out)
    assert calls == [("127.0.0.1", 8123, 2, 4)]
    assert lan.ALLOWED_HOSTS == ["localhost", "127.0.0.1"]
    assert "█" not in out.getvalue()


@pytest.mark.django_db
def test_demo_lan_prints_a_trainee_link_on_the_network_and_its_qr_code(lan, monkeypatch):
    monkeypatch.setattr(demo_command, "serve", lambda *args: pytest.fail("no server in tests"))
    out = io.StringIO()
    call_command("demo", "--lan", "--no-serve", "--port", "8124", stdout=out)
    text = out.getvalue()
    link = next(
        line.split(" : ")[1]
        for line in text.splitlines()
        if line.strip().startswith("Lien stagiaire")
    )
    assert link.startswith("http://192.168.1.23:8124/s/")
    assert_qr_of(text, link)
    assert lan.ALLOWED_HOSTS == ["*"]
