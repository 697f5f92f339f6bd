"""What only a real browser shows: keyboard use, focus, and a form that changes the schedule."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from acunum.test import PASSWORD
from tests.e2e.browser import PHONE

pytestmark = pytest.mark.e2e

FOCUSED_ID = "document.activeElement.id"


def focus_is_visible(page: Page) -> bool:
    return page.evaluate(
        """() => {
          const style = getComputedStyle(document.activeElement);
          const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
          return outline || style.boxShadow !== 'none';
        }"""
    )


def tab_until(page: Page, selector: str, limit: int = 25) -> None:
    """Press Tab until `selector` has the focus; every stop on the way must show it has focus."""
    stops = []
    for _press in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
        stop = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        stops.append(stop)
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last control of the page
        assert focus_is_visible(page), f"No visible focus indicator on {stop}"
    raise AssertionError(f"{selector} never got the focus; Tab went through:\n" + "\n".join(stops))


def test_a_person_logs_in_with_the_keyboard_alone_and_reaches_the_dashboard(open_page, world):
    page, console = open_page(fresh=True)
    page.goto(reverse("accounts:login"))

    # The login form puts the focus in its first field (Django's autofocus), or Tab gets there.
    tab_until(page, "#id_username")
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_ID) == "id_password"
    assert focus_is_visible(page)
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == world.url + reverse("cycles:dashboard")
    # The world's Passerelle cycle among the structure's others, by its address.
    cycle = page.get_by_role("link", name="Centre social La Passerelle").and_(
        page.locator(f'[href="{world.passerelle.get_absolute_url()}"]')
    )
    expect(cycle).to_be_visible()
    assert console.errors == []


def test_the_skip_link_comes_first_shows_itself_and_moves_the_focus_to_the_main_content(
    open_page, world
):
    page, _console = open_page("bob", PHONE)
    page.goto(reverse("cycles:detail", args=[world.passerelle.code]))

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, f"Skip link off screen: {box}"
    assert focus_is_visible(page)

    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_ID) == "contenu"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), (
        "After the skip link, Tab should go on inside the main content"
    )


def test_on_a_phone_the_schedule_table_scrolls_sideways_from_the_keyboard(open_page, world):
    page, _console = open_page("bob", PHONE)
    page.goto(reverse("cycles:detail", args=[world.passerelle.code]))
    region = page.locator(".table-scroll").first
    assert page.evaluate("el => el.scrollWidth > el.clientWidth", region.element_handle()), (
        "At 360 px the schedule is expected to be wider than the screen"
    )

    tab_until(page, ".table-scroll", limit=40)
    for _press in range(5):
        page.keyboard.press("ArrowRight")

    # Keyboard scrolling is animated: wait for it (up to 3 s) instead of reading it at once,
    # which failed once on a loaded machine.
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=3000)


def test_proposing_a_schedule_through_the_form_gives_16_half_days_and_no_conflict(open_page, world):
    page, console = open_page("bob")
    cycle_url = reverse("cycles:detail", args=[world.tilleuls.code])
    page.goto(cycle_url)

    page.locator(f"main a[href='{reverse('cycles:schedule', args=[world.tilleuls.code])}']").click()
    # Bob's other cycle runs then: the proposal must go around its half-days.
    page.fill("#id_start", "2026-02-02")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert page.url == world.url + cycle_url
    schedule = page.locator("section[aria-labelledby=h-schedule]")
    expect(schedule.locator("tbody tr")).to_have_count(16)
    expect(schedule).to_contain_text("56 h")
    expect(schedule.locator(".badge-ok")).to_be_visible()
    expect(schedule.locator(".row-conflict")).to_have_count(0)
    assert console.errors == []
