"""In-room activities in a real browser: two phones answer an anonymous word cloud, the projector
shows their words without reloading, the facilitator hides one, nobody's name shows, and an answer
sent while the Wi-Fi is down arrives once when it comes back."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.e2e.browser import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def french(msgid: str) -> str:
    with translation.override("fr"):
        return translation.gettext(msgid)


def staff_url(world, view: str, role: str) -> str:
    activity = world.workshops[role]
    return reverse(
        f"workshops:{view}",
        args=[world.passerelle.code, activity.sequence.code, activity.join_code],
    )


def send(page: Page) -> None:
    with page.expect_navigation():
        page.locator("form[data-contribute] button[type=submit]").click()


def word(page: Page, text: str):
    return page.locator(".ws-cloud .ws-word").filter(has_text=text)


def test_two_phones_the_projector_moderation_and_anonymity(open_page, world):
    journey = world.workshops["journey"]
    projector, projector_console = open_page("bob", DESKTOP, fresh=True)
    projector.goto(staff_url(world, "projector", "journey"))
    expect(projector.locator(".ws-join-code")).to_contain_text(journey.spaced_code)
    projector.evaluate("window.loadedOnce = true")  # gone if the page reloads instead of updating
    facilitator, facilitator_console = open_page("bob", DESKTOP, fresh=True)
    facilitator.goto(staff_url(world, "activity", "journey"))
    expect(facilitator.locator("[data-queue-empty]")).to_be_visible()

    # A first phone joins with the code, as the projector shows it, and a pseudonym.
    aline, aline_console = open_page(None, PHONE, fresh=True)
    aline.goto(reverse("workshops:join"))
    aline.fill("#id_code", journey.spaced_code.lower())
    with aline.expect_navigation():
        aline.locator("main form button[type=submit]").click()
    aline.fill("#id_pseudonym", "Aline")
    with aline.expect_navigation():
        aline.locator("main form button[type=submit]").click()
    # Before answering, the page says that the activity is anonymous.
    expect(aline.locator(".anonymity h2")).to_have_text(french("This activity is anonymous"))
    aline.fill("#answer-word", "Réseaux")
    aline.fill("#answer-word-2", "lien")
    send(aline)
    expect(aline.locator(".messages")).to_contain_text(french("Your words are recorded."))

    # A second phone, from Dominique's personal link.
    dominique, _console = open_page(None, PHONE, fresh=True)
    dominique.goto(reverse("workshops:trainee-activity", args=[world.token, journey.join_code]))
    expect(dominique.locator(".anonymity h2")).to_have_text(french("This activity is anonymous"))
    dominique.fill("#answer-word", "réseaux ")
    dominique.fill("#answer-word-2", "<b>gras</b>")
    send(dominique)

    # The projector shows both phones' words, the same word counted once per person, and the
    # markup as text; without reloading.
    expect(word(projector, "réseaux")).to_contain_text("(2)")
    expect(word(projector, "lien")).to_contain_text("(1)")
    expect(word(projector, "gras")).to_have_text("b>gras</b (1)")
    expect(projector.locator(".ws-cloud b")).to_have_count(0)
    expect(projector.locator('[data-field="participants"]')).to_have_text("2")
    assert projector.evaluate("window.loadedOnce === true")

    # The facilitator's queue filled itself; hiding a word takes it off the projector.
    item = facilitator.locator(".ws-queue-item").filter(has_text="gras")
    expect(item).to_have_count(1)
    expect(facilitator.locator(".ws-queue-item")).to_have_count(4)
    with facilitator.expect_navigation():
        item.locator("button[type=submit]").click()
    expect(facilitator.locator(".ws-queue-item.is-hidden")).to_have_count(1)
    expect(word(projector, "gras")).to_have_count(0)
    expect(word(projector, "réseaux")).to_contain_text("(2)")

    # Anonymity holds: neither screen names anyone, not even the pseudonym.
    for page in (projector, facilitator):
        for name in ("Aline", "Dominique", "Lefebvre"):
            expect(page.locator("body")).not_to_contain_text(name)

    # The Wi-Fi drops as Dominique sends her third word: the phone says so, keeps the answer and
    # sends it again when the network is back; it is stored once.
    dominique.context.set_offline(True)
    dominique.fill("#answer-word", "écran")
    dominique.locator("form[data-contribute] button[type=submit]").click()
    expect(dominique.locator("[data-form-status]")).to_have_text(
        french(
            "No network: your answer is kept on this phone and will be sent again as soon as "
            "the network is back."
        )
    )
    dominique.context.set_offline(False)
    expect(dominique.locator("form[data-contribute]")).to_have_count(0, timeout=15_000)
    expect(word(projector, "écran")).to_contain_text("(1)")
    expect(facilitator.locator(".ws-queue-item")).to_have_count(5)

    for console in (projector_console, facilitator_console, aline_console):
        assert console.errors == []


def test_a_poll_shows_its_results_only_when_the_trainer_reveals_them(open_page, world):
    poll = world.workshops["poll"]
    projector, console = open_page("bob", DESKTOP, fresh=True)
    projector.goto(staff_url(world, "projector", "poll"))
    expect(projector.locator(".ws-waiting")).to_be_visible()
    expect(projector.locator(".ws-bars")).to_have_count(0)

    eden, _console = open_page(None, PHONE, fresh=True)
    eden.goto(reverse("workshops:trainee-activity", args=[world.eden_token, poll.join_code]))
    eden.locator("input[name=choice][value='2']").check()
    send(eden)
    expect(projector.locator('[data-field="contributions"]')).to_have_text("2")
    expect(projector.locator(".ws-bars")).to_have_count(0)

    facilitator, _console = open_page("bob", DESKTOP, fresh=True)
    facilitator.goto(staff_url(world, "activity", "poll"))
    with facilitator.expect_navigation():
        facilitator.locator("form[action$='/resultats/'] button").click()
    # The projector notices the change and shows the counts: Farid's and Eden's answers.
    rows = projector.locator(".ws-bar-row .ws-bar-value")
    expect(rows).to_have_text(["0 · 0 %", "1 · 50 %", "1 · 50 %"])
    assert console.errors == []


def test_a_phone_follows_the_trainer_without_losing_what_is_typed(open_page, world):
    debate = world.workshops["follow"]
    facilitator, console = open_page("bob", DESKTOP, fresh=True)
    facilitator.goto(staff_url(world, "activity", "follow"))
    eden, eden_console = open_page(None, PHONE, fresh=True)
    eden.goto(reverse("workshops:trainee-activity", args=[world.eden_token, debate.join_code]))
    expect(eden.locator("form[data-contribute]")).to_have_count(1)
    expect(eden.locator("[data-watch-reload]")).to_be_hidden()

    # The trainer locks the débat: the phone, untouched, shows it by itself.
    with facilitator.expect_navigation():
        facilitator.locator("form[action$='/etat/'] button[value=locked]").first.click()
    expect(eden.locator(".notice")).to_contain_text(
        french(
            "This activity is locked for the moment: it takes no answer. "
            "Wait for your trainer to open it again."
        ),
        timeout=15_000,
    )
    expect(eden.locator("form[data-contribute]")).to_have_count(0)

    # Opened again, the phone's form comes back; Eden ticks a position. When the trainer locks
    # the débat again, the phone keeps her choice and offers to show the change.
    with facilitator.expect_navigation():
        facilitator.locator("form[action$='/etat/'] button[value=open]").first.click()
    expect(eden.locator("form[data-contribute]")).to_have_count(1, timeout=15_000)
    eden.locator("input[name=position][value='1']").check()
    with facilitator.expect_navigation():
        facilitator.locator("form[action$='/etat/'] button[value=locked]").first.click()
    expect(eden.locator("[data-watch-status]")).to_have_text(
        french("Your trainer has changed the activity: show the change once your answer is sent."),
        timeout=15_000,
    )
    expect(eden.locator("input[name=position][value='1']")).to_be_checked()
    with eden.expect_navigation():
        eden.locator("[data-watch-reload]").click()
    expect(eden.locator("form[data-contribute]")).to_have_count(0)
    assert console.errors == []
    assert eden_console.errors == []
