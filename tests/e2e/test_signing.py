"""A trainee signs a half-day on a phone, as in the room: link, projected code, drawing."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from acunum.attendance.models import AttendanceEvent
from acunum.cycles.models import trainee_url
from tests.e2e.browser import DESKTOP, PHONE, draw_signature
from tests.e2e.world import SIGN_SLOT

pytestmark = pytest.mark.e2e


def test_a_trainee_signs_on_a_phone_with_the_projected_code_and_the_board_shows_it(
    open_page, world
):
    code = world.passerelle.code
    # The trainer's projector shows the room code.
    projector, projector_console = open_page("bob", DESKTOP)
    projector.goto(reverse("attendance:projector", args=[code, SIGN_SLOT]))
    room_code = projector.locator(".room-code").inner_text().strip()
    assert re.fullmatch(r"\d{4}", room_code), room_code

    # Dominique opens her personal link on her phone; the open half-day is a big button.
    phone, console = open_page(size=PHONE, fresh=True)
    phone.goto(trainee_url(world.token))
    sign_path = reverse("attendance:sign", args=[world.token, SIGN_SLOT])
    button = phone.locator(f'.sign-now a[href="{sign_path}"]')
    expect(button).to_be_visible()
    with phone.expect_navigation():
        button.click()

    # The code field brings up the number pad; the signature is drawn with the finger.
    field = phone.locator("#room-code")
    assert field.get_attribute("inputmode") == "numeric"
    field.fill(room_code)
    # Sending without a drawing is stopped on the phone, with a message that takes the focus.
    phone.get_by_role("button", name="Signer", exact=True).click()
    expect(phone.locator("[data-empty-message]")).to_be_visible()
    expect(phone.locator("[data-empty-message]")).to_be_focused()
    draw_signature(phone)
    assert json.loads(phone.locator("input[name=signature]").input_value())["strokes"]
    with phone.expect_navigation():
        phone.get_by_role("button", name="Signer", exact=True).click()

    confirmation = phone.locator(".sign-done")
    expect(confirmation).to_contain_text(re.compile(r"Votre présence est enregistrée à \d+ h \d\d"))
    # Reloading the confirmation sends nothing again.
    phone.reload()
    expect(confirmation).to_be_visible()
    # Her page marks the half-day signed, and no longer asks her to sign it.
    phone.goto(trainee_url(world.token))
    expect(phone.locator(f'.sign-now a[href="{sign_path}"]')).to_have_count(0)
    expect(phone.locator(".trainee-slot .badge-ok").first).to_contain_text("signé à")

    # The trainer's board shows her signature, made on her phone.
    board, board_console = open_page("bob", DESKTOP)
    board.goto(reverse("attendance:board", args=[code, SIGN_SLOT]))
    row = board.locator("#board-trainees tr", has_text="LEFEBVRE-MARTIN Dominique")
    with translation.override("fr"):
        expect(row).to_contain_text(gettext("signed"))
        expect(row).to_contain_text(str(AttendanceEvent.Method.PHONE.label))

    assert console.errors == [] and board_console.errors == [] and projector_console.errors == []
