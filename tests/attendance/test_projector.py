"""The projector page: a room code readable from the back of the room, its QR code, and how many
have signed, but never who."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import segno
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from acunum.attendance import signing
from acunum.attendance.models import ROOM_CODE_PERIOD, SigningWindow
from acunum.attendance.views.trainer import qr_text
from acunum.test import BaseTestCase, open_today
from tests.attendance import test_core


def signed(n: int, total: int) -> str:
    return ngettext("%(n)s of %(total)s signed", "%(n)s of %(total)s signed", n) % {
        "n": n,
        "total": total,
    }


class ProjectorTests(BaseTestCase):
    def setUp(self):
        self.slot = self.cycle.slots.get(index=1)
        self.login(self.bob)

    def url(self, name: str = "projector") -> str:
        return reverse(f"attendance:{name}", args=[self.cycle.code, 1])

    def test_the_page_shows_the_current_room_code_its_qr_code_and_when_it_changes(self):
        window = open_today(self.slot, self.bob)
        r = self.client.get(self.url())
        code = window.room_code()
        self.assertContains(r, f'<p class="room-code" aria-describedby="room-label">{code}</p>')
        self.assertContains(r, 'class="qr"')
        self.assertContains(r, 'role="img"')
        self.assertContains(r, str(window.seconds_to_next_code()))
        self.assertContains(r, "projector-page")

    def test_the_qr_code_is_a_full_qr_code_of_the_room_code_that_a_phone_camera_reads(self):
        window = open_today(self.slot, self.bob)
        r = self.client.get(self.url("room-code"))
        code = window.room_code()
        self.assertEqual(qr_text(code), f"Acunum {code}")
        expected = segno.make(qr_text(code), micro=False)
        self.assertFalse(expected.is_micro)
        # The page's drawing is exactly the QR code of that text: the same modules.
        path = expected.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None)
        self.assertIn(path.split('d="')[1].split('"')[0], r.content.decode())

    def test_the_code_polled_by_the_page_changes_with_time(self):
        window = open_today(self.slot, self.bob)
        now = timezone.now()
        later = now + timedelta(seconds=ROOM_CODE_PERIOD * 3)
        # Three periods apart, two codes could still be equal by chance: find a period that
        # differs, as a person watching the screen would see it change.
        while window.room_code(later) == window.room_code(now):
            later += timedelta(seconds=ROOM_CODE_PERIOD)
        with mock.patch("django.utils.timezone.now", return_value=now):
            first = self.client.get(self.url("room-code"))
        with mock.patch("django.utils.timezone.now", return_value=later):
            second = self.client.get(self.url("room-code"))
        self.assertContains(first, window.room_code(now))
        self.assertContains(second, window.room_code(later))
        self.assertNotContains(second, f">{window.room_code(now)}<")

    def test_the_fragment_polls_itself_every_few_seconds_while_open(self):
        open_today(self.slot, self.bob)
        r = self.client.get(self.url("room-code"))
        self.assertNotContains(r, "<html")
        self.assertContains(r, 'hx-trigger="every 3s"')
        self.assertContains(r, f'hx-get="{self.url("room-code")}"')

    def test_it_counts_who_signed_without_naming_anyone(self):
        window = open_today(self.slot, self.bob)
        signing.sign(
            self.eden,
            self.slot,
            code=window.room_code(),
            strokes=test_core.drawn_signature(),
        )
        for name in ("projector", "room-code"):
            r = self.client.get(self.url(name))
            self.assertContains(r, signed(1, 2))
            self.assertNotContains(r, "Eden")
            self.assertNotContains(r, "Dominique")

    def test_once_closed_it_says_so_shows_no_code_and_stops_polling(self):
        window = open_today(self.slot, self.bob)
        code = window.room_code()
        signing.counter_sign(self.slot, self.bob, strokes=test_core.drawn_signature())
        signing.close_window(window, self.bob)
        r = self.client.get(self.url("room-code"))
        self.assertContains(r, escape(gettext("Signing is closed.")))
        self.assertNotContains(r, "hx-trigger")
        self.assertNotContains(r, 'class="qr"')
        self.assertNotContains(r, f">{code}<")

    def test_past_the_end_of_the_window_it_says_signing_is_closed(self):
        window = open_today(self.slot, self.bob)
        SigningWindow.objects.filter(pk=window.pk).update(
            opened_at=timezone.now() - timedelta(hours=4),
            closes_at=timezone.now() - timedelta(seconds=1),
        )
        r = self.client.get(self.url())
        self.assertContains(r, escape(gettext("Signing is closed.")))
        self.assertNotContains(r, 'class="qr"')

    def test_before_opening_it_says_signing_is_not_open(self):
        r = self.client.get(self.url())
        self.assertContains(r, escape(gettext("Signing is not open yet.")))
        self.assertNotContains(r, 'class="qr"')

    def test_only_those_who_run_the_cycle_see_the_code(self):
        open_today(self.slot, self.bob)
        self.login(self.diane)
        self.assertEqual(self.client.get(self.url()).status_code, 403)
        self.assertEqual(self.client.get(self.url("room-code")).status_code, 403)
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url("room-code")).status_code, 404)
        self.client.logout()
        r = self.client.get(self.url("room-code"))
        self.assertEqual(r.status_code, 302)
