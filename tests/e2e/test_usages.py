"""Requested usages in a real browser: Dominique and Eden propose and vote on their phones (a
fourth dot refused in words, a dot taken back), the trainer merges a duplicate and gives the five
half-days DJ3 to DJ7 their themes on a desktop, and the phones then see the plan."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.e2e.browser import DESKTOP, PHONE, axe_violations, describe_violations, screenshot

pytestmark = pytest.mark.e2e

THEMES = {
    "DJ3": "Mastodon : ouvrir le compte de la structure",
    "DJ4": "Tourner une vidéo au smartphone",
    "DJ5": "Cartopartie du quartier",
    "DJ6": "Le téléphone de service",
    "DJ7": "Accompagner une démarche en ligne",
}


def french(msgid: str) -> str:
    with translation.override("fr"):
        return translation.gettext(msgid)


def submit(page: Page, form: str = "main form[method=post]") -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def card(page: Page, title: str):
    return page.locator(".usage-card").filter(has=page.get_by_role("heading", name=title))


def propose(page: Page, title: str, category: str, description: str = "") -> None:
    page.fill("#id_title", title)
    page.fill("#id_description", description)
    page.check(f"input[name=category][value={category}]")
    submit(page, "#proposer form")
    expect(page.locator(".message-success")).to_be_visible()
    expect(card(page, title)).to_be_visible()


def dot(page: Page, title: str, button: str = "Place a dot") -> None:
    with page.expect_navigation():
        card(page, title).get_by_role("button", name=french(button)).click()


def no_violation(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_two_phones_propose_and_vote_then_the_trainer_assigns_and_the_phones_see_the_plan(
    open_page, world
):
    dominique, dominique_console = open_page(None, PHONE, fresh=True)
    eden, eden_console = open_page(None, PHONE, fresh=True)
    for page, token in ((dominique, world.token), (eden, world.eden_token)):
        page.goto(reverse("usages:proposals", args=[token]))
        expect(page.locator(".usage-left")).to_contain_text("3")

    # Dominique proposes; Eden proposes the same usage in other words.
    propose(
        dominique,
        "Découvrir Mastodon",
        "social_network",
        "Pour quitter X sans perdre nos partenaires.",
    )
    propose(eden, "Mastodon pour la structure", "social_network")
    eden.reload()
    expect(card(eden, "Découvrir Mastodon")).to_be_visible()

    # Eden places her three dots, two on one proposal; a fourth is refused naming the limit.
    dot(eden, "Découvrir Mastodon")
    dot(eden, "Découvrir Mastodon")
    dot(eden, "Animer la page Facebook du centre social")
    expect(eden.locator(".usage-left")).to_contain_text("0")
    dot(eden, "Mastodon pour la structure")
    expect(eden.locator(".message-error")).to_contain_text("3")
    no_violation(eden)
    # She takes one back from Facebook and gives it to her own proposal.
    dot(eden, "Animer la page Facebook du centre social", "Take a dot back")
    dot(eden, "Mastodon pour la structure")
    expect(card(eden, "Mastodon pour la structure").locator(".usage-dot-count")).to_have_text("1")
    expect(card(eden, "Découvrir Mastodon").locator(".usage-dot-count")).to_have_text("2")

    # Dominique votes, then comments on Eden's proposal from its page.
    dominique.reload()
    dot(dominique, "Organiser une cartopartie du quartier avec OpenStreetMap")
    with dominique.expect_navigation():
        card(dominique, "Mastodon pour la structure").get_by_role("link").click()
    dominique.fill("#id_text", "C’est la même idée que la mienne : on les réunit ?")
    submit(dominique, "#commentaires form")
    expect(dominique.locator(".usage-comments")).to_contain_text("la même idée")
    no_violation(dominique)
    screenshot(dominique, "usages-journey-comment-360")

    # The trainer merges the duplicate: its dot and the comment follow.
    bob, bob_console = open_page("bob", DESKTOP, fresh=True)
    bob.goto(reverse("usages:board", args=[world.passerelle.code]))
    duplicate = card(bob, "Mastodon pour la structure")
    duplicate.locator("summary").click()
    duplicate.locator("select[name=into]").select_option(label="Découvrir Mastodon")
    with bob.expect_navigation():
        duplicate.get_by_role("button", name=french("Merge")).click()
    kept = card(bob, "Découvrir Mastodon")
    expect(kept.locator(".usage-dot-count")).to_have_text("3")
    expect(kept.locator(".usage-comments")).to_contain_text("la même idée")
    expect(card(bob, "Mastodon pour la structure")).to_have_count(0)
    expect(bob.locator("#h-merged")).to_be_visible()

    # A theme for each of the five half-days, each change with its reason.
    for code, title in THEMES.items():
        with bob.expect_navigation():
            bob.locator(f"a[href$='/usages/themes/{code}/']").click()
        bob.fill("#id_title", title)
        bob.fill("#id_objectives", f"Ce que le groupe saura faire : {title.lower()}.")
        bob.fill("#id_resources", "Les smartphones des stagiaires.")
        if code == "DJ3":
            bob.get_by_label("Découvrir Mastodon").check()
        bob.fill("#id_reason", "Les gommettes du groupe.")
        submit(bob)
        expect(bob.locator(".message-success")).to_contain_text(code)
    expect(bob.locator(".usage-complete")).to_be_visible()
    expect(bob.locator(".usage-adaptation")).to_have_count(5)
    expect(bob.locator(".usage-adaptation").first).to_contain_text("Les gommettes du groupe.")
    no_violation(bob)
    screenshot(bob, "usages-journey-board-1280")

    # The phones: proposals closed, the plan with its five themes, the schedule renamed.
    dominique.goto(reverse("usages:proposals", args=[world.token]))
    expect(dominique.locator(".notice")).to_contain_text("DJ3–DJ7")
    expect(dominique.get_by_role("button", name=french("Place a dot"))).to_have_count(0)
    dominique.goto(reverse("usages:plan", args=[world.token]))
    for title in THEMES.values():
        expect(dominique.locator(".usage-plan")).to_contain_text(title)
    expect(dominique.locator(".usage-half-day").first).to_contain_text("Découvrir Mastodon")
    no_violation(dominique)
    screenshot(dominique, "usages-journey-plan-360")
    eden.goto(reverse("cycles:trainee-home", args=[world.eden_token]))
    expect(eden.locator(".trainee-slots").last).to_contain_text(THEMES["DJ5"])

    for console in (dominique_console, eden_console, bob_console):
        assert console.errors == []


# What the page checks (tests/e2e/test_pages.py) do on these pages before axe looks at them.
def send_an_empty_proposal(page: Page, world) -> None:
    submit(page, "#proposer form")
    expect(page.locator("main .problems")).to_be_visible()


def open_a_proposal(page: Page, world) -> None:
    with page.expect_navigation():
        page.locator(".usage-card a").first.click()
    expect(page.locator("#h-comments")).to_be_visible()


def open_the_tools(page: Page, world) -> None:
    page.locator(".usage-tools summary").first.click()
    expect(page.locator(".usage-tools select").first).to_be_visible()
