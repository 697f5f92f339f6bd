"""The trainer's side in a real browser: the projector refreshes itself, and a half-day is opened,
counter-signed by drawing on the pad, and closed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.browser import PHONE
from tests.e2e.world import JOURNEY_SLOT, OPEN_SLOT

pytestmark = pytest.mark.e2e


def draw(page: Page, selector: str) -> None:
    """A zigzag across the box with the mouse, as pointer events, like a finger would."""
    box = page.locator(selector).bounding_box()
    assert box is not None
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.7)
    page.mouse.down()
    for n in range(1, 9):
        page.mouse.move(x + w * (0.1 + n * 0.1), y + h * (0.25 if n % 2 else 0.75), steps=4)
    page.mouse.up()


def test_the_projector_shows_a_new_countdown_without_a_reload(open_page, world):
    page, console = open_page("bob")
    page.goto(reverse("attendance:projector", args=[world.passerelle.code, OPEN_SLOT]))
    code = page.locator(".room-code")
    expect(code).to_have_text(re.compile(r"^\d{4}$"))
    page.evaluate("window.loadedOnce = true")  # gone if the page reloads instead of swapping
    first = page.locator(".room-seconds").inner_text()
    expect(page.locator(".room-seconds")).not_to_have_text(first, timeout=8_000)
    expect(code).to_have_text(re.compile(r"^\d{4}$"))
    assert page.evaluate("window.loadedOnce === true")
    assert console.errors == []


def test_the_trainer_opens_counter_signs_by_drawing_and_closes_a_half_day(open_page, world):
    page, console = open_page("bob", PHONE, fresh=True)
    response = page.goto(reverse("attendance:board", args=[world.passerelle.code, JOURNEY_SLOT]))
    assert response is not None and response.ok
    with page.expect_navigation():
        page.locator(".board-window button[type=submit]").click()
    expect(page.locator(".board-window .badge-ok")).to_be_visible()

    # Submitting an empty pad is stopped in the browser, with a message that takes the focus.
    page.locator("[data-signature-pad] button[type=submit]").click()
    expect(page.locator("[data-empty-message]")).to_be_focused()

    page.locator(".signature-canvas").scroll_into_view_if_needed()
    draw(page, ".signature-canvas")
    with page.expect_navigation():
        page.locator("[data-signature-pad] button[type=submit]").click()
    expect(page.locator("img.counter-signature")).to_be_visible()

    with page.expect_navigation():
        page.locator("form[action$='/fermer/'] button[type=submit]").click()
    expect(page.locator(".board-window .badge")).not_to_have_class("badge badge-ok")
    # Closed: no more marks, and each trainee's row offers a correction.
    expect(page.locator("form[action$='/absence/']")).to_have_count(0)
    expect(page.locator("#board-trainees a[href*='correction']")).to_have_count(3)
    assert console.errors == []
