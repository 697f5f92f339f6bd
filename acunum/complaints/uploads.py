"""The PDFs of a trainer's file (agreement, CV): checked once on upload, then kept in the
database like the organisation's logo (acunum/documents/letterhead.py).

Only the file's first bytes say what it is: a browser's content type and the file's name are
whatever the sender's machine claims.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF"


def read_pdf(upload, label: str) -> bytes:
    """The bytes of an uploaded PDF, or ValidationError naming the field (`label`)."""
    # Refused on its announced size before anything is read, then on what was actually read:
    # a client can announce any size it likes.
    if upload.size > MAX_BYTES:
        raise _too_large(label, upload.size)
    data = b"".join(upload.chunks())
    if len(data) > MAX_BYTES:
        raise _too_large(label, len(data))
    if not data.startswith(PDF_MAGIC):
        raise ValidationError(
            _("“%(field)s” must be a PDF file: this file is not one.") % {"field": label},
            code="not_pdf",
        )
    return data


def _too_large(label: str, size: int) -> ValidationError:
    return ValidationError(
        _("“%(field)s” is too large: %(size)s MB, at most %(max)s MB.")
        % {
            "field": label,
            "size": number_format(size / 1024 / 1024, 1),
            "max": MAX_BYTES // 1024 // 1024,
        },
        code="too_large",
    )
