"""A drawn signature: the strokes the pad recorded, checked, kept as sent, drawn as SVG.

The pad sends its strokes, not a picture: `{"w": 320, "h": 140, "strokes": [[x, y, x, y, …], …]}`
in CSS pixels of its box. A few kilobytes instead of tens of kilobytes of PNG (an old phone on
the room's Wi-Fi), nothing to decode on the server (fourteen arrive at once), and only a pen on
the pad makes one: an image pasted from elsewhere cannot be sent. The ledger keeps the strokes
exactly as the phone sent them; `to_svg` draws them, sharp at any size on sheets and
certificates.

Signatures recorded as PNG before the pad sent strokes stay PNG: `data_url` shows either.
"""

from __future__ import annotations

import base64
import json
import math
from operator import sub

from django.utils.translation import gettext as _

MAX_CHARS = 60_000  # of the JSON; a long signature is about 3,000
MAX_STROKES = 300
MAX_POINTS = 6_000
MIN_SIDE, MAX_SIDE = 60, 2_000  # of the pad's box
MARGIN = 4  # a pointer captured by the pad may stray a little past its edge
# A signature spans at least this box and is at least this long: a dot, a short dash or an
# empty pad is not a signature.
MIN_WIDTH, MIN_HEIGHT = 40, 12
MIN_LENGTH = 60
INK = "#14143c"


class DrawingError(ValueError):
    pass


def check(data: str) -> bytes:
    """The strokes as they will be kept, if they make a signature; else DrawingError with a
    French message.

    It runs for every signature of a rush: each pass over the points is C-level (map, min, max).
    """
    damaged = DrawingError(_("The signature is damaged: draw it again."))
    if not data:
        raise DrawingError(_("The signature is missing: draw it in the box."))
    if len(data) > MAX_CHARS:
        raise DrawingError(_("The signature is too large: draw it again, smaller."))
    try:
        width, height, strokes = _parse(data)
    except (ValueError, TypeError, KeyError):
        raise damaged from None
    if not (_numbers([width, height]) and isinstance(strokes, list)):
        raise damaged
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise damaged
    if not strokes or len(strokes) > MAX_STROKES:
        raise DrawingError(_("The signature is missing: draw it in the box."))
    points = 0
    left, top, right, bottom, length = math.inf, math.inf, -math.inf, -math.inf, 0.0
    for stroke in strokes:
        if not isinstance(stroke, list) or not stroke or len(stroke) % 2 or not _numbers(stroke):
            raise damaged
        xs, ys = stroke[0::2], stroke[1::2]
        points += len(xs)
        if points > MAX_POINTS:
            raise DrawingError(_("The signature is too large: draw it again, smaller."))
        left, right = min(left, *xs), max(right, *xs)
        top, bottom = min(top, *ys), max(bottom, *ys)
        length += sum(map(math.hypot, map(sub, xs[1:], xs), map(sub, ys[1:], ys)))
    if left < -MARGIN or top < -MARGIN or right > width + MARGIN or bottom > height + MARGIN:
        raise damaged
    if right - left < MIN_WIDTH or bottom - top < MIN_HEIGHT or length < MIN_LENGTH:
        raise DrawingError(_("This drawing is too small to be a signature: sign in the box."))
    return data.encode()


def _parse(data: str) -> tuple:
    drawing = json.loads(data, parse_constant=_no_constant)  # no NaN nor Infinity
    return drawing["w"], drawing["h"], drawing["strokes"]


def _no_constant(name: str):
    raise ValueError(name)


def _numbers(values: list) -> bool:
    # Exactly int or float: JSON's true and false are bools, which Python counts as ints.
    return set(map(type, values)) <= {int, float}


def to_svg(image: bytes) -> str:
    """A signature kept as strokes, drawn as SVG ("M x y x y …": after a move, pairs are lines);
    one kept as a PNG before the pad sent strokes, wrapped in an SVG."""
    if image.startswith(b"\x89PNG"):
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' viewBox="0 0 3 1"><image width="3" height="1" preserveAspectRatio="xMidYMid meet"'
            f' xlink:href="data:image/png;base64,{base64.b64encode(image).decode()}"/></svg>'
        )
    width, height, strokes = _parse(image.decode())
    paths = " ".join(
        "M" + " ".join(f"{v:g}" for v in stroke) + (" l0 0" if len(stroke) == 2 else "")
        for stroke in strokes
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}"'
        f' width="{width:g}" height="{height:g}"><path d="{paths}" fill="none" stroke="{INK}"'
        ' stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/></svg>'
    )


def data_url(image: bytes) -> str:
    """A kept signature, to show in an <img>: drawn from its strokes, or a PNG of old."""
    if image.startswith(b"\x89PNG"):
        return f"data:image/png;base64,{base64.b64encode(image).decode()}"
    return f"data:image/svg+xml;base64,{base64.b64encode(to_svg(image).encode()).decode()}"
