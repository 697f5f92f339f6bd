"""A signature is the strokes the pad sends: checked, kept as sent, drawn as SVG."""

from __future__ import annotations

import base64
import json

from django.test import SimpleTestCase
from django.utils.translation import gettext

from acunum.attendance import drawing


def pad(*strokes, w=320, h=140) -> str:
    return json.dumps({"w": w, "h": h, "strokes": [list(s) for s in strokes]})


SIGNATURE = pad((20, 90, 80, 30, 140, 100), (180, 40, 300, 70.5))


class DrawingTests(SimpleTestCase):
    def test_strokes_are_kept_exactly_as_the_pad_sent_them(self):
        self.assertEqual(drawing.check(SIGNATURE), SIGNATURE.encode())

    def test_a_kept_signature_is_drawn_as_one_svg_path_through_its_points(self):
        svg = drawing.to_svg(drawing.check(SIGNATURE))
        self.assertIn('viewBox="0 0 320 140"', svg)
        self.assertIn('d="M20 90 80 30 140 100 M180 40 300 70.5"', svg)

    def test_a_single_point_stroke_stays_visible_as_a_dot(self):
        svg = drawing.to_svg(drawing.check(pad((20, 90, 200, 30, 140, 100), (250, 60))))
        self.assertIn("M250 60 l0 0", svg)

    def test_a_signature_shows_as_svg_and_an_older_png_as_png(self):
        url = drawing.data_url(drawing.check(SIGNATURE))
        self.assertTrue(url.startswith("data:image/svg+xml;base64,"))
        self.assertIn(b"<path", base64.b64decode(url.split(",")[1]))
        png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
        self.assertTrue(drawing.data_url(png).startswith("data:image/png;base64,"))

    def test_what_is_not_a_pads_drawing_is_refused_as_damaged(self):
        for data in (
            '{"w": 320, "h": 140, "strokes": [[NaN, 10, 300, 90]]}',
            pad((True, 10, 300, 90)),
            pad((10, 10, 300, 90), w=10),  # no pad is that small
            pad((10, 10, 300, 90), w=True),
            pad((10, -30, 300, 90)),
        ):
            with (
                self.subTest(data=data),
                self.assertRaisesMessage(
                    drawing.DrawingError, gettext("The signature is damaged: draw it again.")
                ),
            ):
                drawing.check(data)

    def test_a_dot_or_a_short_dash_is_too_small_to_be_a_signature(self):
        for data in (pad((100, 50)), pad((100, 50, 130, 50)), pad((100, 50, 160, 55))):
            with (
                self.subTest(data=data),
                self.assertRaisesMessage(
                    drawing.DrawingError,
                    gettext("This drawing is too small to be a signature: sign in the box."),
                ),
            ):
                drawing.check(data)
