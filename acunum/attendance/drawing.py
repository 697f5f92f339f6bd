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
# dash or an empty canvas is not a signature. Nor is a canvas mostly covered: a filled background.
MIN_INK = 150
MAX_INK_SHARE = 0.5
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
        if image.format != "PNG" or image.mode != "RGBA":
            # The pad's canvas always sends RGBA: anything else was not drawn on it.
            raise DrawingError(_("The signature image is damaged: draw it again."))
        if image.width > MAX_SIDE or image.height > MAX_SIDE:
            raise DrawingError(_("The signature image is too large."))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise DrawingError(_("The signature image is damaged: draw it again.")) from None
    # Ink is what the pen made fully opaque on the transparent canvas (the edges of a stroke are
    # partly transparent). The alpha channel alone says it, at a sixth of the cost of also reading
    # the colours: this runs for every signature of a rush.
    alpha = image.getchannel("A")
    inked = alpha.tobytes().count(255)
    box = alpha.getbbox()
    if (
        not box
        or inked < MIN_INK
        or (box[2] - box[0]) < MIN_WIDTH
        or (box[3] - box[1]) < MIN_HEIGHT
    ):
        raise DrawingError(_("This drawing is too small to be a signature: sign in the box."))
    if inked > MAX_INK_SHARE * image.width * image.height:
        raise DrawingError(_("This image is not a drawing made in the box: sign in the box."))
    return png
