"""Checks on a drawn signature: a real PNG, of bounded size, with a real drawing on it."""

from __future__ import annotations

import base64
import binascii
import io

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 150_000
MAX_SIDE = 1600
# A drawing covers at least this many inked pixels and spans at least this box: a dot, a short
# dash or an empty canvas is not a signature.
MIN_INK = 150
MIN_WIDTH, MIN_HEIGHT = 40, 12


class DrawingError(ValueError):
    pass


def decode(data_url: str) -> bytes:
    """The PNG bytes of a `data:image/png;base64,…` URL, as the canvas sends them."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        raise DrawingError(_("The signature is missing: draw it in the box."))
    if len(data_url) > MAX_BYTES * 4 // 3 + len(prefix) + 4:
        raise DrawingError(_("The signature image is too large."))
    try:
        return base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise DrawingError(_("The signature image is damaged: draw it again.")) from None


def check(png: bytes) -> bytes:
    """Return the PNG if it holds a real drawing, or raise DrawingError with a French message."""
    if len(png) > MAX_BYTES:
        raise DrawingError(_("The signature image is too large."))
    try:
        image = Image.open(io.BytesIO(png))
        if image.format != "PNG":
            raise DrawingError(_("The signature image is damaged: draw it again."))
        if image.width > MAX_SIDE or image.height > MAX_SIDE:
            raise DrawingError(_("The signature image is too large."))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise DrawingError(_("The signature image is damaged: draw it again.")) from None
    # Ink is whatever is neither transparent nor near-white.
    alpha = image.convert("RGBA").getchannel("A")
    grey = image.convert("L")
    ink = Image.eval(grey, lambda v: 255 if v < 200 else 0)
    mask = Image.composite(
        ink, Image.new("L", image.size, 0), alpha.point(lambda a: 255 if a > 128 else 0)
    )
    inked = mask.histogram()[255]
    box = mask.getbbox()
    if (
        not box
        or inked < MIN_INK
        or (box[2] - box[0]) < MIN_WIDTH
        or (box[3] - box[1]) < MIN_HEIGHT
    ):
        raise DrawingError(_("This drawing is too small to be a signature: sign in the box."))
    return png
