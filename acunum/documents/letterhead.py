"""The training organisation's logo on its documents: a PNG or JPEG, checked once on upload.

Typst reads data only as JSON text, so the image travels inside a small SVG (base64), drawn in a
fixed box at the left of the header whatever its proportions.
"""

from __future__ import annotations

import base64

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.lib.typesetting import DocumentError, render

MAX_BYTES = 512 * 1024
KINDS = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
# The box of the header the logo fits in, in millimetres (common.typ draws it at this size).
BOX = (45, 15)


def media_type(data: bytes) -> str | None:
    return next((kind for magic, kind in KINDS.items() if data.startswith(magic)), None)


def data_url(data: bytes) -> str | None:
    """The logo, to show in an <img> of the back office."""
    kind = media_type(data) if data else None
    return f"data:{kind};base64,{base64.b64encode(data).decode()}" if kind else None


def logo_svg(data: bytes) -> str | None:
    """The logo wrapped in an SVG for the header, or None when the OF has none."""
    kind = media_type(data) if data else None
    if kind is None:
        return None
    width, height = BOX
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' viewBox="0 0 {width} {height}"><image width="{width}" height="{height}"'
        ' preserveAspectRatio="xMinYMid meet"'
        f' xlink:href="data:{kind};base64,{base64.b64encode(data).decode()}"/></svg>'
    )


def check_logo(data: bytes) -> bytes:
    """The uploaded file if every document can print it, or ValidationError saying why.

    A file that only starts like a PNG would vanish from every document without a word; so Typst
    decodes it once here, on its own, before it is kept.
    """
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The logo is too large: %(size)s kB, at most %(max)s kB.")
            % {"size": len(data) // 1024, "max": MAX_BYTES // 1024}
        )
    if media_type(data) is None:
        raise ValidationError(_("The logo must be a PNG or JPEG image."))
    try:
        render("logo_check.typ", {"bytes": list(data)}, issued=timezone.now())
    except DocumentError:
        raise ValidationError(
            _("This file cannot be read as an image: save it again as PNG and upload it.")
        ) from None
    return data
