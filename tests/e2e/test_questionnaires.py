"""A trainee answers the positioning on a phone, from their own page: told first that the
answers are not anonymous, stopped with the question named when one is missing, then thanked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from acunum.cycles.models import trainee_url
from tests.e2e.browser import PHONE, axe_violations, describe_violations

pytestmark = pytest.mark.e2e


def french(msgid: str) -> str:
    """What the page says, in French once the catalogue has it (the pages are French)."""
    with translation.override("fr"):
        return gettext(msgid)


def no_violation(page) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_a_trainee_answers_the_positioning_on_a_phone(open_page, world):
    token = world.evaluation_tokens["Jules"]
    phone, console = open_page(size=PHONE, fresh=True)
    phone.goto(trainee_url(token))
    link = phone.locator(
        f'a[href="{reverse("evaluation:trainee-answer", args=[token, "positionnement"])}"]'
    )
    expect(link).to_be_visible()
    with phone.expect_navigation():
        link.click()

    expect(phone.locator(".anonymity")).to_contain_text(french("Your answers are not anonymous"))
    phone.get_by_label("Oui, au moins une fois par semaine").check()
    phone.get_by_role("group", name="Cherchez-vous des informations").get_by_label(
        "Oui, de temps en temps, seul·e"
    ).check()
    phone.get_by_role("group", name="Rédigez-vous des documents").get_by_label(
        "Oui, des documents simples"
    ).check()
    for objective, value in (("objectif_1", "2"), ("objectif_2", "3"), ("objectif_3", "2")):
        phone.locator(f"#q-{objective} input[value='{value}']").check()
    # The expectations are forgotten: the page says which question, and keeps the rest.
    with phone.expect_navigation():
        phone.get_by_role("button", name=french("Send my answers")).click()
    summary = phone.locator("#answers-problems")
    expect(summary).to_contain_text("Attentes")
    expect(phone.get_by_label("Oui, au moins une fois par semaine")).to_be_checked()
    no_violation(phone)

    summary.get_by_role("link").first.click()
    expect(phone.locator("#q-attentes-input")).to_be_focused()
    phone.locator("#q-attentes-input").fill(
        "Savoir mieux accompagner les jeunes dans leurs démarches en ligne."
    )
    with phone.expect_navigation():
        phone.get_by_role("button", name=french("Send my answers")).click()
    expect(phone.locator(".sign-done")).to_contain_text("Questionnaire de positionnement")
    no_violation(phone)

    # Back on the questionnaire: answered, no second submission offered.
    phone.goto(reverse("evaluation:trainee-answer", args=[token, "positionnement"]))
    expect(phone.locator("form.answers-form")).to_have_count(0)
    assert not console.errors, console.errors
