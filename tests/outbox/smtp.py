"""A real SMTP server in the test process (aiosmtpd), and Django pointed at it.

The server runs in a thread of its own; what it receives is kept as parsed emails. It can be
told to refuse the message (451, a temporary refusal) or the recipient (550, for good).
"""

from __future__ import annotations

import email
import socket
import threading
from collections import Counter
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.test import override_settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: keeps every message it accepts."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[EmailMessage] = []
        self.refuse_data: str | None = None  # e.g. "451 4.3.0 Try again later"
        self.refused: dict[str, str] = {}  # address -> reply, e.g. "550 5.1.1 No such user"

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
        self.refuse_data = None
        self.refused = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return self.refused[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            return self.refuse_data
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(parsed)
            number = len(self.received)
        return f"250 2.0.0 Ok: queued as TEST{number}"

    def message_ids(self) -> Counter:
        with self.lock:
            return Counter(m["Message-ID"] for m in self.received)


def smtp_settings(port: int) -> override_settings:
    """Django's SMTP backend, pointed at the test server, as ACUNUM_EMAIL_HOST would set it."""
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_TIMEOUT=10,
        DEFAULT_FROM_EMAIL="of@example.org",
    )


class SmtpServerMixin:
    """Starts the server once per test class, with Django's email settings pointed at it;
    `self.inbox` is emptied and accepts everything again before each test."""

    inbox: Inbox

    @classmethod
    def setUpClass(cls):
        cls.inbox = Inbox()
        cls.smtp_port = free_port()
        cls.controller = Controller(cls.inbox, hostname="127.0.0.1", port=cls.smtp_port)
        cls.controller.start()
        cls._smtp_settings = smtp_settings(cls.smtp_port)
        cls._smtp_settings.enable()
        try:
            super().setUpClass()
        except Exception:
            cls._smtp_settings.disable()
            cls.controller.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._smtp_settings.disable()
        cls.controller.stop()

    def setUp(self):
        super().setUp()
        self.inbox.reset()


def attachments_of(received: EmailMessage) -> list[tuple[str, bytes, str]]:
    return [
        (part.get_filename(), part.get_content(), part.get_content_type())
        for part in received.iter_attachments()
    ]
