"""The traces lab in a real browser: on a phone, the script reads the active part, the trainee
compares and sees her counts, and not one request leaves for another host. Without JavaScript,
the passive part is there and says the rest needs it.

The helpers at the top are also the page checks' actions (test_pages.py VISITS), which run axe.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.browser import PHONE
from tests.e2e.world import World

pytestmark = pytest.mark.e2e


def traces_lab_url(w: World) -> str:
    return reverse("traces:lab", args=[w.eden_token])


def traces_group_url(w: World) -> str:
    return reverse("traces:group", args=[w.passerelle.code])


def wait_for_the_script(page: Page, world: World | None = None) -> None:
    expect(page.locator("[data-traces-active]")).to_have_attribute("data-state", "ready")


def compare_traces(page: Page, world: World | None = None) -> dict:
    """Press the button, as a person would; returns the server's answer to the script."""
    wait_for_the_script(page)
    with page.expect_response(lambda r: r.url.endswith("/traces/comparer/")) as answer:
        page.locator("form[data-traces-compare] button[type=submit]").click()
    expect(page.locator("[data-traces-active]")).to_have_attribute("data-compared", "yes")
    return answer.value.json()


def a_phone_compares(page: Page, world: World) -> None:
    """Dominique compares from her phone; the trainer's page, loaded again, counts her."""
    phone = page.context.new_page()
    phone.goto(world.url + reverse("traces:lab", args=[world.token]))
    compare_traces(phone)
    phone.close()
    page.reload()
    expect(page.locator(".traces-figures").first).to_be_visible()


def only_this_server(world: World, urls: list[str]) -> list[str]:
    """The requests that went anywhere but the test server (data: URLs never leave the page)."""
    here = urlsplit(world.url).netloc
    return [url for url in urls if not url.startswith("data:") and urlsplit(url).netloc != here]


def test_on_a_phone_the_lab_reads_the_browser_compares_and_asks_nothing_of_another_host(
    browser, world
):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", base_url=world.url)
    context.set_default_timeout(10_000)
    requests: list[str] = []
    errors: list[str] = []
    try:
        first = context.new_page()
        second = context.new_page()
        for page in (first, second):
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))

        # Dominique opens her lab: the active part is read by the script, in the browser.
        first.goto(reverse("traces:lab", args=[world.token]))
        expect(first.locator('[data-field="screen.size"]')).to_have_text("360 × 740")
        wait_for_the_script(first)
        for field in ["timezone.zone", "languages.list", "canvas.fingerprint", "fonts.count"]:
            expect(first.locator(f'[data-field="{field}"] .trace-absent')).to_have_count(0)
        expect(first.locator('[data-field="canvas.fingerprint"]')).to_have_text(
            re.compile(r"^[0-9a-f]{16}…$")
        )
        # The passive part: what this very browser sent.
        user_agent = first.evaluate("navigator.userAgent")
        expect(first.locator("#trace-user-agent dd code")).to_have_text(user_agent)

        answer = compare_traces(first)
        assert answer["ok"], answer
        expect(first.locator('[data-share="screen"]')).to_have_text(
            answer["shares"]["screen"]["text"]
        )
        expect(first.locator("[data-traces-forget]")).to_be_visible()

        # Eden, on a phone of the same kind, compares: she shares Dominique's screen, at least.
        second.goto(traces_lab_url(world))
        answer = compare_traces(second)
        screen = answer["shares"]["screen"]
        assert screen["others"] >= 1 and screen["compared"] >= 2, screen
        expect(second.locator('[data-share="screen"]')).to_have_text(screen["text"])
        expect(second.locator("[data-traces-result]")).to_contain_text(answer["summary"])
    finally:
        context.close()

    assert requests, "the network log saw nothing: the listener is not working"
    assert any(url.endswith("/traces/comparer/") for url in requests)
    assert only_this_server(world, requests) == []
    assert errors == []


def test_without_javascript_the_passive_part_is_there_and_compares_alone(browser, world):
    context = browser.new_context(
        viewport=PHONE, locale="fr-FR", base_url=world.url, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(reverse("traces:lab", args=[world.token]))
        expect(page.locator("[data-traces-status].notice")).to_be_visible()
        expect(page.locator('[data-field="screen.size"] .trace-absent')).to_have_count(1)
        expect(page.locator("#trace-user-agent dd code")).not_to_be_empty()
        with page.expect_navigation():
            page.locator("form[data-traces-compare] button[type=submit]").click()
        expect(page.locator('[data-share="user-agent"]')).not_to_be_empty()
        expect(page.locator('[data-share="screen"]')).to_be_empty()
    finally:
        context.close()
