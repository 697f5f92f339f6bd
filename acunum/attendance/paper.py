"""The paper fallback: a sheet printed for the slot, signed in the room, scanned and uploaded;
then the trainer enters who signed it. Each step is a ledger event, the scan included.

Controllers accept paper, as long as the sheet names the session and is signed by the trainees
and the trainer (reference §4.2). What they sanction is a sheet filled in afterwards: so the scan
comes first, its digest is chained, and each presence entered names the scan it comes from.
"""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from acunum.attendance.models import AttendanceEvent, LedgerHead, PaperSheet, append
from acunum.attendance.signing import Refused
from acunum.attendance.state import slot_presences

Kind = AttendanceEvent.Kind
Method = AttendanceEvent.Method

# A phone photo of an A4 sheet is 2 to 5 MB; a scanned PDF, less.
MAX_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def scan_type(data: bytes) -> str:
    """The content type of a scan (PDF, PNG or JPEG), or Refused with a French message."""
    if not data:
        raise Refused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise Refused(_("The file is too large: 10 MB at most."))
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        image = Image.open(io.BytesIO(data))
        kind = image.format
        image.verify()  # reads the whole file: a truncated photo is refused now, not when viewed
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    if kind not in IMAGE_TYPES:
        raise Refused(_("This file is not a PDF, nor a PNG or JPEG photo of the sheet."))
    return IMAGE_TYPES[kind]


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, refusing an oversized one before reading it."""
    if upload.size > MAX_BYTES:
        raise Refused(_("The file is too large: 10 MB at most."))
    return b"".join(upload.chunks())


@transaction.atomic
def upload_sheet(slot, data: bytes, user, *, at: datetime | None = None) -> PaperSheet:
    """Keep the signed sheet's scan and chain its SHA-256. The same file twice is kept once."""
    content_type = scan_type(data)
    if (at or timezone.now()) < slot.starts_at():
        raise Refused(_("This half-day has not started: upload its sheet once it has been signed."))
    digest = hashlib.sha256(data).hexdigest()
    if existing := PaperSheet.objects.filter(slot=slot, sha256=digest).first():
        return existing
    event = append(
        Kind.PAPER_SHEET,
        slot,
        actor=user,
        method=Method.PAPER,
        data={"sha256": digest, "bytes": len(data), "type": content_type},
        at=at,
    )
    sheet = PaperSheet(
        slot=slot,
        sha256=digest,
        content_type=content_type,
        uploaded_by=user,
        uploaded_at=event.created_at,
        event=event,
    )
    # Written before the row: should the row fail, a stray file is harmless, a row without
    # its file would not be.
    sheet.file.save("scan", ContentFile(data), save=False)
    sheet.save()
    return sheet


@transaction.atomic
def record_paper(slot, sheet: PaperSheet, enrolments, user, *, at: datetime | None = None):
    """One PAPER event per trainee ticked as having signed the sheet; all of them or none.

    A trainee already present (signed on a phone, the kiosk or an earlier entry) is refused:
    the sheet would count them twice.
    """
    if sheet.slot_id != slot.pk:
        raise ValueError("The sheet belongs to another half-day.")
    if not enrolments:
        raise Refused(_("Tick the trainees who signed the sheet."))
    if any(e.cycle_id != slot.cycle_id for e in enrolments):
        raise ValueError("A trainee of another cycle.")
    # Checked under the ledger's lock: two entries of the same sheet at once would both pass a
    # check made before it (on SQLite the IMMEDIATE transaction already holds the write lock).
    LedgerHead.lock(slot.cycle_id)
    presences = slot_presences(slot)
    already = [e for e in enrolments if getattr(presences.get(e.pk), "status", "") == "present"]
    if already:
        raise Refused(
            _("Already present for this half-day, nothing was recorded: %(names)s.")
            % {"names": ", ".join(str(e.trainee) for e in already)}
        )
    return [
        append(
            Kind.PAPER,
            slot,
            enrolment=enrolment,
            actor=user,
            method=Method.PAPER,
            data={"sheet": sheet.sha256},
            at=at,
        )
        for enrolment in enrolments
    ]


def sheet_intact(sheet: PaperSheet) -> bool:
    """The stored file is the one whose digest the ledger holds."""
    try:
        with sheet.file.open("rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
    except (FileNotFoundError, OSError):
        return False
    return digest == sheet.sha256 == sheet.event.data.get("sha256")
