"""The outbox's worker: asks the producers what has become due, claims due messages, sends them.

It runs in a thread of `acunum serve` (in the main process, not in Granian's worker processes:
one worker per server, however many processes serve pages) and alone as `acunum worker`.
Several may run at once (`acunum worker` beside a server, two servers on one PostgreSQL): each
message is claimed by one worker only.

The order of the steps is chosen so that a message is never lost:

1. Claim, in a short transaction of its own: the message becomes `sending`, with a lease (this
   worker's name and claimed_until = now + LEASE), and the transaction commits before anything
   is sent. No other worker can claim it while the lease runs.
2. Send it through the SMTP server.
3. Right after the server accepted it, mark it `sent`, in a transaction of its own.

A crash between 1 and 2 (or during 2) leaves the message `sending`; when its lease runs out,
another worker (or this one, restarted) claims it again. The one window no order can close is a
crash after the server accepted the message and before step 3 is written: the message is then
sent a second time once the lease has run out. That is the price of never losing one: marking it
sent before sending would turn the same crash into a message recorded as sent and never sent,
which is worse for a convocation and false as a proof. The duplicate carries the same Message-ID
(sending.message_id), which many mail servers and clients show once. The lease (10 minutes) is
far longer than a sending takes, so a slow but live worker keeps its messages.

A failed sending is tried again later, with a delay that doubles at each attempt, and is given up
as `failed`, with the error kept, after MAX_ATTEMPTS attempts (at once if the server refused the
address for good).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from acunum.outbox import producers, sending
from acunum.outbox.models import Message

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 8
FIRST_DELAY = timedelta(minutes=2)
LONGEST_DELAY = timedelta(hours=1)  # 2, 4, 8, 16, 32, 60, 60 minutes: about 3 hours in all
ROUND = 50  # messages sent at most in a round, so that a round ends and the loop goes on


def worker_name() -> str:
    """Who holds a lease: the machine, the process and the thread, readable in the database."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_native_id()}"[:200]


def backoff(attempts: int) -> timedelta:
    """The wait before the next attempt, after `attempts` attempts."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), LONGEST_DELAY)


def claim(worker: str, now: datetime) -> Message | None:
    """The next due message, now `sending` under this worker's lease (committed), or None."""
    with transaction.atomic():
        candidates = Message.objects.claimable(now).order_by("due_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: lock the first due row no other worker holds. Another worker's SELECT
            # skips the locked row instead of waiting for it, and takes the next one.
            candidates = candidates.select_for_update(skip_locked=True)
        # SQLite has no row locks, and needs none here: settings.py makes every transaction
        # BEGIN IMMEDIATE, which takes the database's write lock before this SELECT runs.
        # Another worker's transaction waits at its own BEGIN until this one has committed,
        # then reads this row as `sending`, so a plain select-then-update cannot pick the same
        # message twice.
        while (message := candidates.first()) is not None:
            lease_ran_out = message.status == Message.Status.SENDING
            if lease_ran_out:
                note = (
                    f"The worker {message.claimed_by} stopped while sending it (its lease ran "
                    "out): it may have been sent already."
                )
                logger.warning("Outbox message %s: %s", message.key, note)
                message.last_error = note
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = Message.Status.FAILED
                    message.claimed_until = None
                    message.save(update_fields=["status", "claimed_until", "last_error"])
                    continue
            message.status = Message.Status.SENDING
            message.claimed_by = worker
            message.claimed_until = now + LEASE
            message.attempts += 1
            message.save(
                update_fields=["status", "claimed_by", "claimed_until", "attempts", "last_error"]
            )
            return message
    return None


def mark_sent(message: Message, worker: str, reply: str) -> None:
    """Record that the server accepted the message, at once and in a transaction of its own."""
    for attempt in range(3):
        try:
            updated = (
                Message.objects.filter(pk=message.pk)
                .exclude(status=Message.Status.SENT)
                .update(
                    status=Message.Status.SENT,
                    sent_at=timezone.now(),
                    smtp_reply=reply,
                    claimed_by=worker,
                    claimed_until=None,
                )
            )
            break
        except DatabaseError:
            # The message is sent: a database that hiccups (a busy SQLite, a restarted server)
            # must not turn that into a second sending when the lease runs out.
            if attempt == 2:
                logger.exception("Outbox message %s was sent but not marked sent", message.key)
                raise
            connection.close_if_unusable_or_obsolete()
            time.sleep(1)
    if not updated:
        logger.warning(
            "Outbox message %s was sent again: another worker had sent it after this one's "
            "lease ran out",
            message.key,
        )


def record_failure(message: Message, worker: str, error: Exception, now: datetime) -> None:
    why = sending.describe(error)
    if sending.is_permanent(error) or message.attempts >= MAX_ATTEMPTS:
        changes = {"status": Message.Status.FAILED}
        logger.warning("Outbox message %s failed for good: %s", message.key, why)
    else:
        changes = {
            "status": Message.Status.PENDING,
            "due_at": now + backoff(message.attempts),
            "claimed_by": "",
        }
        logger.warning("Outbox message %s not sent, will try again: %s", message.key, why)
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING, claimed_by=worker).update(
        last_error=why, claimed_until=None, **changes
    )


def run_once(now: datetime | None = None, *, worker: str | None = None, limit: int = ROUND) -> int:
    """One round: call the producers, then claim and send due messages; returns how many sent.

    Without an SMTP server configured, the producers still run (their messages wait in the
    outbox, for the trainer to see) and nothing is sent. `now` is for tests: the moment the
    round believes it is, for what is due and for leases.
    """
    producers.run(now or timezone.now())
    if not sending.mail_configured():
        return 0
    worker = worker or worker_name()
    sent = 0
    mail = sending.open_connection()
    try:
        for _ in range(limit):
            moment = now or timezone.now()
            message = claim(worker, moment)
            if message is None:
                break
            try:
                reply = sending.send(message, mail)
            except Exception as error:  # One bad message must not stop the others.
                record_failure(message, worker, error, moment)
                sending.close_quietly(mail)  # a session that failed may be in any state
                if sending.is_about_the_server(error):
                    break  # the others would meet the same closed door: next round
                continue
            mark_sent(message, worker, reply)
            sent += 1
    finally:
        sending.close_quietly(mail)
    return sent


# Held during each round of an embedded worker, and by any fork of this process (see below).
_between_rounds = threading.RLock()
_forks_guarded = False


def _guard_forks() -> None:
    """On Linux, Granian forks its worker processes from the process this thread runs in, at
    start-up and whenever one must be replaced. A fork copies memory, not threads: a database
    connection this thread held open would be copied into a process that never uses it but may
    close it (SQLite says never to carry a connection across a fork). So a fork waits for the
    end of the current round, and this thread closes its connections before each round ends.
    """
    global _forks_guarded
    if _forks_guarded or not hasattr(os, "register_at_fork"):
        return
    os.register_at_fork(
        before=_between_rounds.acquire,
        after_in_parent=_between_rounds.release,
        after_in_child=_between_rounds.release,
    )
    _forks_guarded = True


def run(stop_event: threading.Event, interval: float | None = None) -> None:
    """Rounds every `interval` seconds (settings.WORKER_INTERVAL) until stop_event is set.

    Nothing stops the loop but the event: a round that fails (a database restarting, a bug) is
    logged, and the next one starts on time.
    """
    interval = settings.WORKER_INTERVAL if interval is None else interval
    worker = worker_name()
    while not stop_event.is_set():
        with _between_rounds:
            try:
                run_once(worker=worker)
            except Exception:
                logger.exception("Outbox round failed; the next one is in %s s", interval)
            finally:
                # Asleep, the worker holds no database connection (nor a PostgreSQL slot).
                connections.close_all()
        stop_event.wait(interval)


@dataclass
class Embedded:
    thread: threading.Thread
    stop_event: threading.Event

    def stop(self, timeout: float = 30) -> None:
        """Let the current round finish (a message half sent is a message sent twice)."""
        self.stop_event.set()
        self.thread.join(timeout)


def start_in_thread(interval: float | None = None) -> Embedded:
    """The worker in a daemon thread of this process, for `acunum serve`."""
    _guard_forks()
    stop_event = threading.Event()
    thread = threading.Thread(
        target=run, args=(stop_event, interval), name="acunum-outbox-worker", daemon=True
    )
    thread.start()
    return Embedded(thread, stop_event)
