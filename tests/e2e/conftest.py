"""Browser tests: Debian's Chromium driven by Playwright, against a live Acunum server.

One browser, one server and one data world serve the whole package: building them per test would
take most of the run. Without /usr/bin/chromium the tests skip, unless ACUNUM_REQUIRE_BROWSER=1
(CI sets it), where a missing browser is a failure rather than a silent green.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import modify_settings, override_settings
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.e2e.browser import CHROMIUM, DESKTOP, LAUNCH_ARGS, ConsoleWatch
from tests.e2e.world import World, build_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Create the test database even when only browser tests run.

    pytest-django creates it for the tests that declare a database (its marker or db fixture).
    Browser tests cannot declare one: that would wrap each test in a transaction, or flush the
    shared world after each test. Without this, they would write into the real database.
    """
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    connection = connections["default"]
    if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
        yield  # Already the test database: pytest-django made it for another test.
        return
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="package")
def chromium() -> str:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("ACUNUM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (ACUNUM_REQUIRE_BROWSER=1 requires them)", pytrace=False)
        pytest.skip(reason)
    return str(CHROMIUM)


@pytest.fixture(scope="package")
def world(chromium, django_db_setup, django_db_blocker) -> Iterator[World]:
    """A live server over committed data, shared by every browser test and flushed at the end.

    pytest-django's own live_server fixture would flush the database after every test, so the
    world would have to be rebuilt each time: this one keeps it for the package.
    """
    from django.db import connection

    # The world is flushed at the end: make sure it is never anything but the test database.
    assert connection.settings_dict["NAME"] == connection.creation._get_test_db_name()
    # MD5 only here: the real hasher would spend seconds on each login through the form.
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    served = modify_settings(ALLOWED_HOSTS={"append": "localhost"})
    with django_db_blocker.unblock(), fast_hashing, served:
        server = LiveServer("localhost")
        try:
            yield build_world(server.url)
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="package")
def browser(chromium, world) -> Iterator[Browser]:
    """One headless Chromium for the package, started after the world is built.

    While Playwright's event loop runs in this thread, Django hands the thread another set of
    database connections (asgiref treats it as async code): the world is therefore built before
    the browser starts and flushed after it stops, and tests talk to the server only.
    """
    # Django refuses ORM calls from a thread with a running event loop; allow them, as Django's
    # own Selenium and Playwright tests do, in case a test needs one.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=LAUNCH_ARGS
            )
            yield launched
            launched.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def tabs(browser, world) -> Iterator[dict]:
    """One page per person and window size, reused from test to test: a new page costs more
    than a navigation. Each context carries that person's session cookie, as after a login."""
    opened: dict[tuple[str | None, int], Page] = {}
    yield opened
    for page in opened.values():
        page.context.close()


@pytest.fixture
def open_page(browser, world, tabs) -> Iterator[Callable[..., tuple[Page, ConsoleWatch]]]:
    """A page at the given size, logged in as `username` if given, and its console's errors.

    `fresh=True` gives a page of its own, for a test that logs in or out and so must not change
    the cookies other tests share.
    """
    watches: list[ConsoleWatch] = []
    own: list[Page] = []

    def open_(
        username: str | None = None, size: dict = DESKTOP, fresh: bool = False
    ) -> tuple[Page, ConsoleWatch]:
        if fresh:
            page = new_page(browser, world, username, size)
            own.append(page)
        else:
            key = (username, size["width"])
            if key not in tabs:
                tabs[key] = new_page(browser, world, username, size)
            page = tabs[key]
        watch = ConsoleWatch(page)
        watches.append(watch)
        return page, watch

    yield open_
    for watch in watches:
        watch.stop()
    for page in own:
        page.context.close()


def new_page(browser: Browser, world: World, username: str | None, size: dict) -> Page:
    # French is the default language of the product, and its longer words test the layout.
    context = browser.new_context(viewport=size, locale="fr-FR", base_url=world.url)
    context.set_default_timeout(10_000)
    if username:
        cookie = {"name": settings.SESSION_COOKIE_NAME, "value": world.sessions[username]}
        context.add_cookies([{**cookie, "url": world.url}])
    return context.new_page()
