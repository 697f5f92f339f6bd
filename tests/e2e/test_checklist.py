"""The "bien régler son internet" checklist in a real browser: a trainee builds hers on a phone,
asks for help with a note, and the trainer's room view shows the request without being reloaded
by hand; the trainer marks it answered."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from acunum.checklist.catalogue import catalogue
from tests.e2e.browser import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def french(msgid: str) -> str:
    with translation.override("fr"):
        return translation.gettext(msgid)


def test_a_phone_asks_for_help_and_the_room_view_shows_it(open_page, world):
    room, room_console = open_page("bob", DESKTOP, fresh=True)
    room.goto(reverse("checklist:room", args=[world.passerelle.code]))
    expect(room.locator("#h-help")).to_be_visible()
    room.evaluate("window.loadedOnce = true")

    phone, phone_console = open_page(None, PHONE, fresh=True)
    phone.goto(reverse("checklist:checklist", args=[world.token]))
    # The first time, the phone asks what she uses.
    phone.get_by_label("Android").check()
    phone.get_by_label("Firefox").check()
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    step = catalogue().of("os_mobile", "android")[0]
    item = phone.locator(f'[id="etape-{step.id}"]')
    expect(item.locator("h4")).to_have_text(step.title)
    # How to do it, folded until asked for.
    expect(item.locator(".checklist-how")).not_to_be_visible()
    item.locator("summary").click()
    expect(item.locator(".checklist-how li").first).to_have_text(step.how[0])
    item.get_by_label(french("I need help")).check()
    item.locator("textarea").fill("Je ne trouve pas ce menu sur mon Samsung")
    with phone.expect_navigation():
        item.locator("button[type=submit]").click()
    expect(phone.locator(".messages")).to_contain_text(
        french("Your trainer sees your request: they will come to you.")
    )
    expect(phone.locator(f'[id="etape-{step.id}"] .badge')).to_have_text(french("I need help"))

    # The room view loads itself again and shows the request, with its note, first.
    request = room.locator(".checklist-help li").filter(has_text="mon Samsung")
    expect(request).to_contain_text(step.title, timeout=15_000)
    assert room.evaluate("window.loadedOnce === undefined")
    expect(room.locator(".checklist-grid tbody tr").first.locator("th")).to_contain_text(
        str(world.enrolment.trainee)
    )
    with room.expect_navigation():
        request.locator("button").click()
    expect(room.locator(".checklist-help li")).to_have_count(0)
    assert room_console.errors == []
    assert phone_console.errors == []
