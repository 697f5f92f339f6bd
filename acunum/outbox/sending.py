"""Sending one message through Django's email API, and what the SMTP server answered.

The SMTP server is configured by environment (ACUNUM_EMAIL_HOST and the others, read in
acunum/settings.py). Without one, nothing is sent: messages wait in the outbox, and the cycle's
outbox page shows the trainer the links to hand out in the room.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends import smtp

from acunum.outbox.models import Message

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# Seconds to wait for the SMTP server at each step, when EMAIL_TIMEOUT does not say: a server
# that hangs must not hold the worker (and its leases) for ever.
TIMEOUT = 30


def mail_configured() -> bool:
    """Whether an SMTP server is configured (ACUNUM_EMAIL_HOST): without one, nothing is sent."""
    return bool(settings.EMAIL_HOST)


class _RecordsReply:
    """Keeps the server's answer to the message's DATA, which smtplib does not return: with a
    real server, "250 2.0.0 Ok: queued as 4ZxK2" names the message in the server's own logs."""

    last_reply = ""

    def data(self, msg):
        code, text = super().data(msg)
        self.last_reply = f"{code} {text.decode(errors='replace')}"
        return code, text


class _SMTP(_RecordsReply, smtplib.SMTP):
    pass


class _SMTP_SSL(_RecordsReply, smtplib.SMTP_SSL):
    pass


class RecordingBackend(smtp.EmailBackend):
    """Django's SMTP backend, unchanged but for keeping the server's answer."""

    @property
    def connection_class(self):
        return _SMTP_SSL if self.use_ssl else _SMTP


def open_connection():
    """A connection to the configured backend; opened on the first message sent through it."""
    if settings.EMAIL_BACKEND == SMTP_BACKEND:
        return RecordingBackend(fail_silently=False, timeout=settings.EMAIL_TIMEOUT or TIMEOUT)
    return get_connection(fail_silently=False)


def close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # A connection already broken: nothing more to say to that server.
        pass


def message_id(message: Message) -> str:
    """The same Message-ID at every attempt: if a message is ever sent twice (see worker.py),
    mail servers and clients that deduplicate by Message-ID show it once."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "acunum.invalid"
    return f"<{message.code}@{domain}>"


def build(message: Message, connection=None) -> EmailMessage:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        connection=connection,
        headers={"Message-ID": message_id(message)},
    )
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


def send(message: Message, connection) -> str:
    """Send the message; returns the server's answer ("" if the backend has none), or raises.

    Raises whatever the server or the network raised: the worker decides what to do with it.
    """
    # Opened here rather than by send(), which would close it after this one message, taking
    # the server's answer with it, and open another connection for the next.
    connection.open()
    sent = build(message, connection).send(fail_silently=False)
    if sent != 1:
        raise smtplib.SMTPException("The email backend did not send the message.")
    return getattr(getattr(connection, "connection", None), "last_reply", "")


def is_permanent(error: Exception) -> bool:
    """The server refused the address for good (5xx): trying again would only be refused again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _text in error.recipients.values())
    return False


def is_about_the_server(error: Exception) -> bool:
    """An error of the server or the network (unreachable, disconnected, login refused), not of
    this message: the other messages would meet it too, so the round stops there."""
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
        return False
    return isinstance(error, OSError)  # smtplib's errors are OSErrors, as the network's are


def describe(error: Exception) -> str:
    """The error in words a person can act on, with the server's code when it gave one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {text.decode(errors='replace')}"
            for address, (code, text) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
