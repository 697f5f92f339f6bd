"""What must be enqueued when its time comes (an invitation, a reminder) is found by producers.

An app registers a function at start-up (in its AppConfig.ready); the worker calls each one with
the current time before each round of sending, so that what has become due is sent in the same
round. A producer enqueues with a key that says what the message is for, so calling it again
enqueues nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

logger = logging.getLogger(__name__)

Producer = Callable[[datetime], object]

_producers: list[Producer] = []


def register(fn: Producer) -> Producer:
    """Call fn(now) before each round of sending. Registering the same function twice (a
    ready() run again by a test) registers it once. Returns fn, to be used as a decorator."""
    if fn not in _producers:
        _producers.append(fn)
    return fn


def unregister(fn: Producer) -> None:
    if fn in _producers:
        _producers.remove(fn)


def run(now: datetime) -> None:
    """Call every producer; one that fails is logged and the others still run."""
    for fn in list(_producers):
        try:
            fn(now)
        except Exception:
            logger.exception("Outbox producer %s failed", getattr(fn, "__qualname__", fn))
