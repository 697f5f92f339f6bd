"""The reads of a signing POST, each in one SQL statement written once.

Fourteen trainees press "Sign" within seconds of each other in every room, and on a shared
server a hundred rooms may do it in the same minute. Measured (bench/signatures.py), compiling
the ORM's queries cost more than running them; here the statements are plain text and the rows
become model instances through the fields' own converters, as the ORM would make them.

Anything unusual (an unknown, revoked or expired link, a slot of another cycle) is left to the
views' ordinary ORM path, which explains it to the trainee.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from acunum.attendance.models import AttendanceEvent, SigningWindow
from acunum.cycles.models import Cycle, Enrolment, Slot

FIELDS = [
    (Enrolment, ("id", "cycle_id", "trainee_id", "seat")),
    (Cycle, ("id", "code")),
    (Slot, ("id", "cycle_id", "sequence_id", "index", "date", "start", "end")),
    (
        SigningWindow,
        ("id", "slot_id", "opened_at", "opened_by_id", "closes_at", "closed_at", "room_secret"),
    ),
]
SIGNER = """
    SELECT e.id, e.cycle_id, e.trainee_id, e.seat,
           c.id, c.code,
           s.id, s.cycle_id, s.sequence_id, s."index", s."date", s."start", s."end",
           w.id, w.slot_id, w.opened_at, w.opened_by_id, w.closes_at, w.closed_at, w.room_secret
    FROM cycles_enrolment e
    JOIN cycles_cycle c ON c.id = e.cycle_id
    JOIN cycles_slot s ON s.cycle_id = e.cycle_id AND s."index" = %s
    LEFT JOIN attendance_signingwindow w ON w.slot_id = s.id
    WHERE e.token_hash = %s
      AND (SELECT MAX(l."date") FROM cycles_slot l WHERE l.cycle_id = e.cycle_id) >= %s
"""


@functools.cache
def _columns(vendor: str, model, names: tuple[str, ...]) -> list:
    """Each column with the converters the ORM applies to it on this database."""
    columns = []
    for name in names:
        column = model._meta.get_field(name.removesuffix("_id")).get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column)
        columns.append((column, converters + column.get_db_converters(connection)))
    return columns


def _instance(model, names: tuple[str, ...], values):
    """A model instance from raw values, converted as the ORM converts them (dates on SQLite,
    UUIDs, time zones)."""
    converted = []
    for (column, converters), value in zip(
        _columns(connection.vendor, model, names), values, strict=True
    ):
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, names, converted)


def signer(token_hash: str, index: int) -> tuple[Enrolment, Slot] | None:
    """The enrolment of a live link and its cycle's slot `index`, the slot's window cached on it
    (or None: unknown, revoked or expired link, no such slot)."""
    # A link expires LINK_DAYS_AFTER_END days after its cycle's last half-day (cycles.access).
    try:
        alive_since = timezone.localdate() - timedelta(days=settings.LINK_DAYS_AFTER_END)
    except OverflowError:
        alive_since = date.min
    with connection.cursor() as cursor:
        cursor.execute(
            SIGNER, [index, token_hash, connection.ops.adapt_datefield_value(alive_since)]
        )
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = [], 0
    for model, names in FIELDS:
        instances.append(_instance(model, names, row[start : start + len(names)]))
        start += len(names)
    enrolment, cycle, slot, window = instances
    enrolment.cycle = slot.cycle = cycle
    if window.pk is None:
        SigningWindow.slot.field.remote_field.set_cached_value(slot, None)  # not opened yet
    else:
        window.slot = slot  # and slot.window is window
    return enrolment, slot


@dataclass
class Seen:
    """An event a new signature must be checked against."""

    pk: int
    enrolment_id: int | None
    slot_id: int
    kind: str
    data: dict
    image_sha256: str


def seen(slot: Slot, digest: str) -> list[Seen]:
    """The slot's signatures, and any event of the cycle with the same drawing."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, enrolment_id, slot_id, kind, data, image_sha256"
            f" FROM {AttendanceEvent._meta.db_table}"
            " WHERE (slot_id = %s AND kind = %s) OR (cycle_id = %s AND image_sha256 = %s)",
            [slot.pk, AttendanceEvent.Kind.SIGNATURE, slot.cycle_id, digest or "-"],
        )
        rows = cursor.fetchall()
    return [
        Seen(pk, enrolment, slot_id, kind, json.loads(data) if isinstance(data, str) else data, h)
        for pk, enrolment, slot_id, kind, data, h in rows
    ]
