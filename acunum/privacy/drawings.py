"""Erasing the drawings of signatures at the end of their retention period, and saying so to the
ledger.

A ledger event's hash covers the SHA-256 of its drawing, not the drawing: deleting the image
keeps the chain intact, and `verify-ledger` would still call it altered, rightly, unless the
erasure is recorded. Each erasure is an ErasedDrawing row sealed with a keyed digest of the
event's hash and its image's SHA-256: someone able to write to the database but without the
server's secret key cannot make a drawing they removed pass for one erased here. The seal is
checked against the current key and the previous ones (SECRET_KEY_FALLBACKS), so a key rotated
the documented way keeps the erasures valid.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from acunum.attendance.models import AttendanceEvent
from acunum.privacy.models import ErasedDrawing

SALT = "acunum.privacy.erased-drawing"


def seal(event_hash: str, image_sha256: str, secret: str | None = None) -> str:
    message = f"{event_hash}:{image_sha256}"
    return salted_hmac(SALT, message, secret=secret, algorithm="sha256").hexdigest()


def _sealed(record: ErasedDrawing, event_hash: str) -> bool:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return bool(record.image_sha256) and any(
        constant_time_compare(record.seal, seal(event_hash, record.image_sha256, key))
        for key in keys
    )


def erased_drawings(cycle_id: int) -> set[int]:
    """The ids of the cycle's events whose drawing was erased here, with a valid seal and the
    SHA-256 the event still holds. Registered with the ledger (apps.py)."""
    records = ErasedDrawing.objects.filter(event__cycle_id=cycle_id).select_related("event")
    return {
        r.event_id
        for r in records
        if r.event.image_sha256 == r.image_sha256 and _sealed(r, r.event.hash)
    }


def erase(events, now: datetime) -> int:
    """Delete the drawings of these ledger events (a queryset), recording each erasure; returns
    how many. Events without a drawing are left alone."""
    found = list(
        events.exclude(image=None)
        .exclude(image_sha256="")
        .values_list("pk", "hash", "image_sha256")
    )
    ErasedDrawing.objects.bulk_create(
        ErasedDrawing(
            event_id=pk, image_sha256=digest, erased_at=now, seal=seal(event_hash, digest)
        )
        for pk, event_hash, digest in found
    )
    # An update of the image only: AttendanceEvent.save refuses any change, on purpose.
    AttendanceEvent.objects.filter(pk__in=[pk for pk, _hash, _digest in found]).update(image=None)
    return len(found)
