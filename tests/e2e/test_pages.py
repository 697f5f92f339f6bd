"""Every page of the first issue, in each state a person can see, at phone and desktop width.

On each: no WCAG 2.1 AA violation found by axe-core, no sideways scrolling on a 360 px phone,
and no console error (the strict Content-Security-Policy reports its refusals there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from acunum.cycles.models import trainee_url
from tests.complaints import e2e_world as complaints_e2e
from tests.e2e.browser import (
    DESKTOP,
    PHONE,
    SCROLL_TOLERANCE,
    axe_violations,
    describe_violations,
    draw_signature,
    horizontal_overflow,
    overflowing_elements,
    screenshot,
)
from tests.e2e.test_traces import (
    a_phone_compares,
    compare_traces,
    traces_group_url,
    traces_lab_url,
    wait_for_the_script,
)
from tests.e2e.test_usages import open_a_proposal, open_the_tools, send_an_empty_proposal
from tests.e2e.world import CLOSED_SLOT, OPEN_SLOT, SIGN_SLOT, START, World
from tests.outbox import world as outbox_world
from tests.privacy import e2e_world as privacy_e2e

pytestmark = pytest.mark.e2e


def submit(page: Page) -> None:
    """Press the main form's first submit button, as a person would, and wait for the answer."""
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def shows_errors(page: Page) -> None:
    expect(page.locator("main .problems, main .errorlist").first).to_be_visible()


def wrong_password(page: Page, world: World) -> None:
    page.fill("#id_username", "alice")
    page.fill("#id_password", "not-the-password")
    submit(page)
    expect(page.locator("main .problems")).to_be_visible()


def send_empty_form(page: Page, world: World) -> None:
    submit(page)
    shows_errors(page)


def tick_equipment(page: Page, world: World) -> None:
    for label in ("Windows 11", "Android", "Firefox", "Thunderbird"):
        page.get_by_label(label).check()
    submit(page)
    expect(page.locator(".checklist-step").first).to_be_visible()
    page.locator(".checklist-step summary").first.click()


def afternoon_before_morning_ends(page: Page, world: World) -> None:
    page.fill("#id_morning_start", "13:00")
    page.fill("#id_afternoon_start", "14:00")
    submit(page)
    expect(page.locator("main .errorlist")).to_be_visible()


def mondays_only(page: Page, world: World) -> None:
    # Charlie's Mondays are all taken by another cycle for more than a year: nothing can fit.
    page.fill("#id_start", START.isoformat())
    for day in range(1, 5):
        page.uncheck(f"#id_weekdays_{day}")
    submit(page)
    expect(page.locator("main .problems h2")).to_be_visible()


def end_before_start(page: Page, world: World) -> None:
    page.fill("#id_start", "10:00")
    page.fill("#id_end", "09:00")
    submit(page)
    shows_errors(page)


def save_unchanged(page: Page, world: World) -> None:
    # Slot 16 is on a Saturday: saving it again answers with a warning message.
    submit(page)
    expect(page.locator("main .message-warning")).to_be_visible()


def upload_bad_csv(page: Page, world: World) -> None:
    rows = "nom;prénom;email;téléphone;fonction;statut\nDupont;;pas-un-email;;Animatrice;bénévole\n"
    page.set_input_files(
        "#id_file",
        files=[{"name": "stagiaires.csv", "mimeType": "text/csv", "buffer": rows.encode()}],
    )
    submit(page)
    expect(page.locator("main .problems li").first).to_be_visible()


def sign_with_a_wrong_code(page: Page, world: World) -> None:
    page.fill("#room-code", "abcd")  # never a room code, which is four digits
    draw_signature(page)
    submit(page)
    expect(page.locator("main .problems")).to_be_visible()


def kiosk_without_a_name(page: Page, world: World) -> None:
    draw_signature(page)
    submit(page)
    expect(page.locator("main .problems")).to_be_visible()


def print_farids_card(page: Page, world: World) -> None:
    # Farid's card only: the other tests keep using Dominique's and Eden's links.
    with page.expect_navigation():
        page.get_by_role("button", name="Imprimer la carte de Farid").click()
    expect(page.locator(".trainee-card")).to_have_count(1)


def sign_url(token: str, index: int) -> Callable[[World], str]:
    return lambda w: reverse("attendance:sign", args=[getattr(w, token), index])


def paper_url(w: World) -> str:
    return reverse("attendance:paper", args=[w.passerelle.code, 3])


def upload_not_a_scan(page: Page, world: World) -> None:
    page.set_input_files(
        "#id_scan",
        files=[{"name": "feuille.txt", "mimeType": "text/plain", "buffer": b"not a scan"}],
    )
    submit(page)
    expect(page.locator("main .problems")).to_be_visible()


def upload_a_scan(page: Page, world: World) -> None:
    from tests.attendance.test_paper import scan_png

    page.set_input_files(
        "#id_scan",
        files=[{"name": "feuille.png", "mimeType": "image/png", "buffer": scan_png()}],
    )
    submit(page)
    expect(page.locator("main fieldset input[type=checkbox]").first).to_be_visible()


def send_the_convocations(page: Page, world: World) -> None:
    with page.expect_navigation():
        page.locator("main form[action$='/convocations/envoyer/'] button").click()
    expect(page.locator("main .problems li").first).to_be_visible()


def questionnaire_url(first_name: str, slug: str, view: str = "trainee-answer"):
    return lambda w: reverse(f"evaluation:{view}", args=[w.evaluation_tokens[first_name], slug])


def evaluation_url(view: str, slug: str, *extra) -> Callable[[World], str]:
    return lambda w: reverse(f"evaluation:{view}", args=[w.evaluated.code, slug, *extra])


def workshop_url(view: str, role: str) -> Callable[[World], str]:
    def url(w: World) -> str:
        activity = w.workshops[role]
        return reverse(
            f"workshops:{view}",
            args=[w.passerelle.code, activity.sequence.code, activity.join_code],
        )

    return url


def participant_url(role: str) -> Callable[[World], str]:
    return lambda w: reverse(
        "workshops:trainee-activity", args=[w.eden_token, w.workshops[role].join_code]
    )


def open_phone(page: Page, world: World, token: str, role: str) -> Page:
    """A phone beside the staff page, answering from a personal link."""
    phone = page.context.new_page()
    activity = world.workshops[role]
    phone.goto(world.url + reverse("workshops:trainee-activity", args=[token, activity.join_code]))
    return phone


def send_from(phone: Page) -> None:
    with phone.expect_navigation():
        phone.locator("form[data-contribute] button[type=submit]").first.click()
    phone.close()


def a_post_it_arrives(page: Page, world: World) -> None:
    # The facilitator's wall shows Eden's new post-it without reloading, with its buttons, made
    # by the script from the page's own markup (axe then checks that markup too).
    page.evaluate("window.loadedOnce = true")
    text = f"Le site de la mairie, vu à {page.viewport_size['width']} px"
    phone = open_phone(page, world, world.eden_token, "wall")
    phone.check("input[name=column][value='1']")
    phone.fill("#answer-text", text)
    send_from(phone)
    card = page.locator("[data-column='1'] .ws-card").filter(has_text=text)
    expect(card.locator("button[name=direction][value=up]")).to_have_count(1)
    expect(card.locator("button[name=direction][value=down]")).to_have_count(0)
    expect(card.locator("select[name=column] option")).to_have_count(2)
    assert page.evaluate("window.loadedOnce === true")


def an_event_arrives(page: Page, world: World) -> None:
    page.evaluate("window.loadedOnce = true")
    label = f"Première tablette, vue à {page.viewport_size['width']} px"
    phone = open_phone(page, world, world.token, "timeline")
    phone.fill("#answer-year", "1975")
    phone.fill("#answer-label", label)
    send_from(phone)
    expect(page.locator(".ws-frise-group").first).to_contain_text("1975")
    expect(page.locator(".ws-frise-group").first).to_contain_text(label)
    assert page.evaluate("window.loadedOnce === true")


def a_dot_arrives(page: Page, world: World) -> None:
    # Dominique's dot on the last option, which had none: the bars are made again, in order.
    page.evaluate("window.loadedOnce = true")
    before = int(page.locator('[data-field="dots"]').inner_text())
    phone = open_phone(page, world, world.token, "dots")
    with phone.expect_navigation():
        phone.locator("main button[name=option][value='3']").click()
    phone.close()
    expect(page.locator('[data-field="dots"]')).to_have_text(str(before + 1))
    assert page.evaluate("window.loadedOnce === true")


def place_dots_until_refused(page: Page, world: World) -> None:
    # Eden places her dots with the script's fetch, one page each, until one is refused in words.
    for _dot in range(4):
        with page.expect_navigation():
            page.locator("main button[name=option]").first.click()
        if page.locator("main .problems").count():
            break
    expect(page.locator("main .problems a[href='#answer-option']")).to_be_visible()


def plan_url(first_name: str, view: str = "trainee-plan", *extra) -> Callable[[World], str]:
    return lambda w: reverse(f"plans:{view}", args=[w.plans["tokens"][first_name], *extra])


def plans_cycle_url(view: str) -> Callable[[World], str]:
    return lambda w: reverse(f"plans:{view}", args=[w.plans["cycle"].code])


def abandon_without_a_reason(page: Page, world: World) -> None:
    update = page.locator("main details.status-update").first
    update.locator("summary").click()
    form = update.locator("form.status-form")
    form.locator("select").select_option("abandoned")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()


def fill_a_request(page: Page, structure: str) -> None:
    """A structure's request, as a person types it (tests/cycles/requests_world.py's data)."""
    page.fill("#id_structure_name", structure)
    page.select_option("#id_structure_kind", "library")
    page.fill("#id_city", "Lyon")
    page.check("#id_funder_kind_1")  # CNFPT
    page.fill("#id_contact_name", "Nora Belaïd")
    page.fill("#id_contact_email", "nora@mediatheque.example.org")
    page.fill("#id_contact_phone", "04 78 12 34 56")
    page.fill("#id_trainee_count", "8")
    page.fill("#id_trainee_profiles", "Bibliothécaires et médiateurs numériques.")
    page.fill("#id_context", "Accompagner le public sur les démarches en ligne.")
    page.check("#id_disability_0")  # no
    page.fill("#id_preferred_periods", "À l’automne, le mardi.")
    page.check("#id_consent")
    submit(page)


def send_a_request(page: Page, world: World) -> None:
    fill_a_request(page, f"Médiathèque du Parc ({page.viewport_size['width']} px)")
    expect(page.locator("main ol.steps")).to_be_visible()


def open_a_new_request(page: Page, world: World) -> None:
    # The OF's admin sends a request (each one counts in the hour's limit of 5 per address:
    # this visit and request-sent send 4 in all), then opens it from the dashboard.
    structure = f"Bibliothèque des Brotteaux ({page.viewport_size['width']} px)"
    fill_a_request(page, structure)
    page.goto(world.url + reverse("cycles:dashboard"))
    with page.expect_navigation():
        page.locator("#h-new-requests ~ ul a").filter(has_text=structure).click()
    expect(page.locator("main #h-received ~ dl")).to_contain_text(structure)


@dataclass(frozen=True)
class Visit:
    name: str
    username: str | None  # whose session the browser carries; None for the public or a trainee
    path: Callable[[World], str]
    then: Callable[[Page, World], None] | None = None  # what the person does there

    def __str__(self) -> str:
        return self.name


def cycle_url(name: str, view: str = "detail", *extra) -> Callable[[World], str]:
    return lambda w: reverse(f"cycles:{view}", args=[getattr(w, name).code, *extra])


def slot_url(view: str, index: int, query: str = "") -> Callable[[World], str]:
    return lambda w: reverse(f"attendance:{view}", args=[w.passerelle.code, index]) + query


VISITS = [
    Visit("home", None, lambda w: reverse("programmes:home")),
    Visit("programme", None, lambda w: reverse("programmes:public", args=["acunum"])),
    Visit(
        "programme-old-version",
        None,
        lambda w: reverse("programmes:public-version", args=["acunum", 1]),
    ),
    Visit("login", None, lambda w: reverse("accounts:login")),
    Visit("login-wrong-password", None, lambda w: reverse("accounts:login"), wrong_password),
    Visit("dashboard-admin", "alice", lambda w: reverse("cycles:dashboard")),
    Visit("dashboard-trainer", "bob", lambda w: reverse("cycles:dashboard")),
    Visit("dashboard-contact", "diane", lambda w: reverse("cycles:dashboard")),
    Visit("cycle-new", "alice", lambda w: reverse("cycles:new")),
    Visit("cycle-new-errors", "alice", lambda w: reverse("cycles:new"), send_empty_form),
    Visit("cycle-edit", "alice", cycle_url("passerelle", "edit")),
    Visit("cycle-admin", "alice", cycle_url("passerelle")),
    Visit("cycle-trainer", "bob", cycle_url("passerelle")),
    Visit("cycle-contact", "diane", cycle_url("passerelle")),
    Visit("cycle-unscheduled", "alice", cycle_url("pentes")),
    # The Passerelle's half-days have attendance: its schedule can no longer be proposed again.
    Visit("schedule-locked", "bob", cycle_url("passerelle", "schedule")),
    Visit("schedule", "bob", cycle_url("tilleuls", "schedule")),
    Visit(
        "schedule-bad-hours",
        "bob",
        cycle_url("tilleuls", "schedule"),
        afternoon_before_morning_ends,
    ),
    Visit("schedule-impossible", "charlie", cycle_url("pentes", "schedule"), mondays_only),
    Visit("slot", "bob", cycle_url("passerelle", "slot-edit", 16)),
    Visit("slot-errors", "bob", cycle_url("passerelle", "slot-edit", 1), end_before_start),
    Visit(
        "slot-saved-with-conflict", "bob", cycle_url("passerelle", "slot-edit", 16), save_unchanged
    ),
    Visit("trainee-add", "bob", cycle_url("passerelle", "trainee-add")),
    Visit("trainee-add-errors", "bob", cycle_url("passerelle", "trainee-add"), send_empty_form),
    Visit("trainee-import", "bob", cycle_url("passerelle", "trainee-import")),
    Visit(
        "trainee-import-errors",
        "bob",
        cycle_url("passerelle", "trainee-import"),
        upload_bad_csv,
    ),
    Visit("trainee-home", None, lambda w: trainee_url(w.token)),
    # The trainer's side of attendance (issue 3).
    Visit("board-open", "bob", slot_url("board", OPEN_SLOT)),
    Visit("board-open-errors", "bob", slot_url("board", OPEN_SLOT), send_empty_form),
    Visit("board-closed", "bob", slot_url("board", CLOSED_SLOT)),
    Visit("board-not-opened", "bob", slot_url("board", 1)),
    Visit("projector", "bob", slot_url("projector", OPEN_SLOT)),
    Visit("projector-closed", "bob", slot_url("projector", CLOSED_SLOT)),
    Visit("correction", "bob", slot_url("correction", CLOSED_SLOT, "?seat=2")),
    Visit(
        "correction-errors",
        "bob",
        slot_url("correction", CLOSED_SLOT, "?seat=2"),
        send_empty_form,
    ),
    # The trainee's side of attendance (issue 3): Eden's pages, as she never signs half-day 13.
    Visit("sign", None, sign_url("eden_token", SIGN_SLOT)),
    Visit("sign-refused", None, sign_url("eden_token", SIGN_SLOT), sign_with_a_wrong_code),
    Visit("sign-done", None, sign_url("eden_token", OPEN_SLOT)),
    Visit("sign-closed", None, sign_url("token", CLOSED_SLOT)),
    Visit("sign-not-opened", None, sign_url("token", 2)),
    Visit("trainee-home-signed", None, lambda w: trainee_url(w.eden_token)),
    Visit("kiosk", "bob", slot_url("kiosk", SIGN_SLOT)),
    Visit("kiosk-errors", "bob", slot_url("kiosk", SIGN_SLOT), kiosk_without_a_name),
    # The paper fallback (issue 3), on half-day 3: the sheet, a refused file, then a scan kept.
    Visit("paper-sheet", "bob", paper_url),
    Visit("paper-upload-error", "bob", paper_url, upload_not_a_scan),
    Visit("paper-entries", "bob", paper_url, upload_a_scan),
    Visit("cards", "bob", lambda w: reverse("attendance:cards", args=[w.passerelle.code])),
    Visit(
        "cards-printed",
        "bob",
        lambda w: reverse("attendance:cards", args=[w.passerelle.code]),
        print_farids_card,
    ),
    # The outbox (acunum/outbox): a message in each state, with no mail server configured (the
    # notice and the links to hand out); one message with its attachment; and the convocations
    # refused because the Passerelle's access and what to bring are not filled in.
    Visit("outbox", "bob", outbox_world.outbox_url),
    Visit("outbox-message", "bob", outbox_world.message_url),
    Visit("convocations-incomplete", "bob", cycle_url("passerelle"), send_the_convocations),
    # Questionnaires (acunum/evaluation): Gaëlle's hot satisfaction, empty and sent empty; Inès
    # has answered it; Gaëlle's positioning closed; Karima's positioning open; the staff's side.
    Visit("questionnaire", None, questionnaire_url("Gaëlle", "satisfaction-chaud")),
    Visit(
        "questionnaire-errors",
        None,
        questionnaire_url("Gaëlle", "satisfaction-chaud"),
        send_empty_form,
    ),
    Visit("questionnaire-answered", None, questionnaire_url("Inès", "satisfaction-chaud")),
    Visit(
        "questionnaire-thanks",
        None,
        questionnaire_url("Inès", "satisfaction-chaud", "trainee-thanks"),
    ),
    Visit("questionnaire-closed", None, questionnaire_url("Gaëlle", "positionnement")),
    Visit("positioning", None, questionnaire_url("Karima", "positionnement")),
    Visit(
        "positioning-errors", None, questionnaire_url("Karima", "positionnement"), send_empty_form
    ),
    Visit(
        "trainee-home-questionnaires", None, lambda w: trainee_url(w.evaluation_tokens["Gaëlle"])
    ),
    Visit("cycle-evaluations-trainer", "charlie", cycle_url("evaluated")),
    Visit("cycle-evaluations-contact", "diane", cycle_url("evaluated")),
    Visit(
        "sponsor-satisfaction",
        "diane",
        evaluation_url("staff-answer", "satisfaction-commanditaire"),
    ),
    Visit(
        "sponsor-satisfaction-errors",
        "diane",
        evaluation_url("staff-answer", "satisfaction-commanditaire"),
        send_empty_form,
    ),
    Visit("appraisal", "charlie", evaluation_url("staff-answer", "bilan-formateur")),
    Visit("assessments", "charlie", evaluation_url("assessments", "evaluation-acquis-formateur")),
    Visit("assess", "charlie", evaluation_url("assess", "evaluation-acquis-formateur", 1)),
    Visit(
        "assess-errors",
        "charlie",
        evaluation_url("assess", "evaluation-acquis-formateur", 1),
        send_empty_form,
    ),
    # Results (acunum/evaluation/results.py): the chart and its table, the distributions, the
    # named tables for the trainer only; the public page's published indicators (a year with
    # its rates, this year's "not enough answers yet").
    Visit(
        "results-trainer",
        "charlie",
        lambda w: reverse("evaluation:results", args=[w.evaluated.code]),
    ),
    Visit(
        "results-contact",
        "diane",
        lambda w: reverse("evaluation:results", args=[w.evaluated.code]),
    ),
    Visit(
        "programme-indicators",
        None,
        lambda w: reverse("programmes:public", args=["acunum"]) + "#h-results",
    ),
    # In-room activities (acunum/workshops): the trainer's day, form, facilitator and projector
    # pages; the phone's pages from Eden's link and from a code (tests/workshops/e2e_world.py).
    Visit(
        "workshops-day", "bob", lambda w: reverse("workshops:day", args=[w.passerelle.code, "J1"])
    ),
    Visit(
        "workshops-new-errors",
        "bob",
        lambda w: reverse("workshops:new", args=[w.passerelle.code, "J1"]),
        send_empty_form,
    ),
    Visit("workshops-edit", "bob", workshop_url("edit", "poll")),
    # A running activity's deletion page says to close it first; a locked one is running.
    Visit("workshops-delete", "bob", workshop_url("delete", "locked")),
    Visit("workshops-facilitator", "bob", workshop_url("activity", "cloud")),
    Visit("workshops-facilitator-debate", "bob", workshop_url("activity", "debate")),
    Visit("workshops-projector", "bob", workshop_url("projector", "cloud")),
    Visit("workshops-projector-hidden", "bob", workshop_url("projector", "poll")),
    Visit("workshops-projector-debate", "bob", workshop_url("projector", "debate")),
    Visit(
        "workshops-trainee-list",
        None,
        lambda w: reverse("workshops:trainee-list", args=[w.eden_token]),
    ),
    Visit("workshops-participant-cloud", None, participant_url("cloud")),
    Visit("workshops-participant-poll", None, participant_url("poll")),
    Visit("workshops-participant-debate", None, participant_url("debate")),
    Visit("workshops-participant-locked", None, participant_url("locked")),
    Visit("workshops-participant-errors", None, participant_url("cloud"), send_empty_form),
    Visit("workshops-join", None, lambda w: reverse("workshops:join")),
    # "Bien régler son internet": Eden says what she uses (the form, then her checklist); the
    # room's view for the trainer.
    Visit(
        "checklist-equipment-errors",
        None,
        lambda w: reverse("checklist:equipment", args=[w.eden_token]),
        send_empty_form,
    ),
    Visit(
        "checklist-list",
        None,
        lambda w: reverse("checklist:equipment", args=[w.eden_token]),
        tick_equipment,
    ),
    Visit("checklist-room", "bob", lambda w: reverse("checklist:room", args=[w.passerelle.code])),
    Visit("workshops-join-errors", None, lambda w: reverse("workshops:join"), send_empty_form),
    Visit(
        "workshops-pseudonym",
        None,
        lambda w: reverse("workshops:join-activity", args=[w.workshops["cloud"].join_code]),
    ),
    # The second part's kinds: the ligne de vie, the post-it wall (its facilitator's page has
    # each card's buttons) and the dot vote, on the phone and on the projector.
    Visit("workshops-facilitator-wall", "bob", workshop_url("activity", "wall")),
    Visit(
        "workshops-facilitator-wall-live",
        "bob",
        workshop_url("activity", "wall"),
        a_post_it_arrives,
    ),
    Visit(
        "workshops-projector-timeline-live",
        "bob",
        workshop_url("projector", "timeline"),
        an_event_arrives,
    ),
    Visit("workshops-projector-dots-live", "bob", workshop_url("projector", "dots"), a_dot_arrives),
    Visit("workshops-facilitator-timeline", "bob", workshop_url("activity", "timeline")),
    Visit("workshops-facilitator-dots", "bob", workshop_url("activity", "dots")),
    Visit("workshops-projector-wall", "bob", workshop_url("projector", "wall")),
    Visit("workshops-projector-timeline", "bob", workshop_url("projector", "timeline")),
    Visit("workshops-projector-dots", "bob", workshop_url("projector", "dots")),
    Visit("workshops-participant-wall", None, participant_url("wall")),
    Visit("workshops-participant-wall-errors", None, participant_url("wall"), send_empty_form),
    Visit("workshops-participant-timeline", None, participant_url("timeline")),
    Visit(
        "workshops-participant-timeline-errors", None, participant_url("timeline"), send_empty_form
    ),
    Visit("workshops-participant-dots", None, participant_url("dots")),
    Visit(
        "workshops-participant-dots-refused",
        None,
        participant_url("dots"),
        place_dots_until_refused,
    ),
    # The traces lab (acunum/traces): Eden's page once the script has read it, then after she
    # compared; the group's counts for the trainer, once a phone has compared.
    Visit("traces-lab", None, traces_lab_url, wait_for_the_script),
    Visit("traces-lab-compared", None, traces_lab_url, compare_traces),
    Visit("traces-group", "bob", traces_group_url, a_phone_compares),
    # Requested usages (acunum/usages, tests/usages/e2e_world.py): Eden's proposals beside
    # Farid's, one proposal's comments, the plan still to come; Jules's cycle opened early, an
    # empty proposal sent; Hugo's cycle with its plan made (proposals closed); the boards of Bob
    # (open) and Charlie (planned, merged, with the record), a theme's form, sent without a
    # reason, and a theme to change.
    Visit("usages-list", None, lambda w: reverse("usages:proposals", args=[w.eden_token])),
    Visit(
        "usages-list-errors",
        None,
        lambda w: reverse("usages:proposals", args=[w.evaluation_tokens["Jules"]]),
        send_an_empty_proposal,
    ),
    Visit(
        "usages-proposal",
        None,
        lambda w: reverse("usages:proposals", args=[w.eden_token]),
        open_a_proposal,
    ),
    Visit("usages-plan-to-come", None, lambda w: reverse("usages:plan", args=[w.eden_token])),
    Visit(
        "usages-closed",
        None,
        lambda w: reverse("usages:proposals", args=[w.evaluation_tokens["Hugo"]]),
    ),
    Visit(
        "usages-plan", None, lambda w: reverse("usages:plan", args=[w.evaluation_tokens["Hugo"]])
    ),
    Visit(
        "usages-board",
        "bob",
        lambda w: reverse("usages:board", args=[w.passerelle.code]),
        open_the_tools,
    ),
    Visit(
        "usages-board-planned",
        "charlie",
        lambda w: reverse("usages:board", args=[w.evaluated.code]),
    ),
    Visit(
        "usages-theme", "bob", lambda w: reverse("usages:theme", args=[w.passerelle.code, "DJ3"])
    ),
    Visit(
        "usages-theme-errors",
        "bob",
        lambda w: reverse("usages:theme", args=[w.passerelle.code, "DJ3"]),
        send_empty_form,
    ),
    Visit(
        "usages-theme-change",
        "charlie",
        lambda w: reverse("usages:theme", args=[w.evaluated.code, "DJ5"]),
    ),
    # Action plans and accompaniment (acunum/plans, tests/plans/e2e_world.py): Nina's empty plan
    # and its refused first commitment, Omar's and Paule's plans with their histories; the
    # trainer's pages; the accompaniment page for the trainer and for Diane, the structure's
    # contact, who forgets to say why a commitment is abandoned.
    Visit("plans-trainee-empty", None, plan_url("Nina")),
    Visit("plans-trainee-errors", None, plan_url("Nina"), send_empty_form),
    Visit("plans-trainee", None, plan_url("Omar")),
    Visit("plans-trainee-full", None, plan_url("Paule")),
    Visit("plans-trainee-edit", None, plan_url("Omar", "trainee-edit", 1)),
    Visit("plans-cycle", "bob", plans_cycle_url("cycle-plans")),
    Visit("plans-synthesis", "bob", plans_cycle_url("synthesis")),
    Visit("plans-accompaniment-trainer", "bob", plans_cycle_url("accompaniment")),
    Visit("plans-accompaniment-contact", "diane", plans_cycle_url("accompaniment")),
    Visit(
        "plans-accompaniment-contact-errors",
        "diane",
        plans_cycle_url("accompaniment"),
        abandon_without_a_reason,
    ),
    Visit("plans-meeting-new", "bob", plans_cycle_url("meeting-new")),
    Visit("plans-meeting-errors", "bob", plans_cycle_url("meeting-new"), send_empty_form),
    Visit("plans-review", "bob", plans_cycle_url("review")),
    Visit("plans-review-errors", "bob", plans_cycle_url("review"), send_empty_form),
    # Qualiopi evidence (acunum/quality): a cycle's for its trainer and for the OF's admin; a
    # period's, then the same with its end before its start (refused, naming the field); the
    # yearly figures.
    Visit(
        "quality-cycle-trainer", "bob", lambda w: reverse("quality:cycle", args=[w.passerelle.code])
    ),
    Visit(
        "quality-cycle-admin", "alice", lambda w: reverse("quality:cycle", args=[w.evaluated.code])
    ),
    Visit(
        "quality-period",
        "alice",
        lambda w: reverse("quality:period") + "?du=2026-01-01&au=2026-12-31",
    ),
    Visit(
        "quality-period-errors",
        "alice",
        lambda w: reverse("quality:period"),
        lambda page, world: (
            page.fill("#id_du", "2026-12-31"),
            page.fill("#id_au", "2026-01-01"),
            page.locator("main form.period-form button[type=submit]").click(),
            expect(page.locator("#id_au_error")).to_be_visible(),
        ),
    ),
    Visit("quality-yearly", "alice", lambda w: reverse("quality:yearly", args=[2026])),
    # Trainers' files, complaints and improvements (acunum/complaints, built on first use by
    # tests/complaints/e2e_world.py): Lucie's closed complaint and Malik's empty page, with his
    # empty report refused; the cycle's reports for Diane and for Alice; Alice's list, a report
    # received (its acknowledgement dated in the future, refused), the incident answered, the
    # complaint closed with its improvement; the improvements; Charlie's file for Alice and for
    # Charlie, and its forms, a file that is not a PDF refused.
    Visit("complaints-trainee", None, complaints_e2e.trainee_url("Lucie")),
    Visit("complaints-trainee-empty", None, complaints_e2e.trainee_url("Malik")),
    Visit("complaints-trainee-errors", None, complaints_e2e.trainee_url("Malik"), send_empty_form),
    Visit("complaints-cycle-contact", "diane", complaints_e2e.cycle_url),
    Visit("complaints-cycle-contact-errors", "diane", complaints_e2e.cycle_url, send_empty_form),
    Visit("complaints-cycle-admin", "alice", complaints_e2e.cycle_url),
    Visit("complaints-list", "alice", complaints_e2e.listing_url("list")),
    Visit("complaints-new", "alice", complaints_e2e.listing_url("new")),
    Visit("complaints-new-errors", "alice", complaints_e2e.listing_url("new"), send_empty_form),
    Visit("complaints-received", "alice", complaints_e2e.report_url("received")),
    Visit(
        "complaints-received-errors",
        "alice",
        complaints_e2e.report_url("received"),
        complaints_e2e.acknowledge_in_the_future,
    ),
    Visit("complaints-incident-answered", "alice", complaints_e2e.report_url("incident")),
    Visit("complaints-closed", "alice", complaints_e2e.report_url("closed")),
    Visit("complaints-improvements", "alice", complaints_e2e.listing_url("improvement-list")),
    Visit("complaints-improvement-new", "alice", complaints_e2e.listing_url("improvement-new")),
    Visit(
        "complaints-improvement-errors",
        "alice",
        complaints_e2e.listing_url("improvement-new"),
        send_empty_form,
    ),
    Visit("complaints-improvement-edit", "alice", complaints_e2e.improvement_url),
    Visit("complaints-trainers", "alice", complaints_e2e.listing_url("trainer-list")),
    Visit("complaints-trainer-admin", "alice", complaints_e2e.charlie_url("trainer")),
    Visit("complaints-trainer-own", "charlie", complaints_e2e.charlie_url("trainer")),
    Visit("complaints-agreement-new", "alice", complaints_e2e.charlie_url("agreement-new")),
    Visit(
        "complaints-agreement-not-a-pdf",
        "alice",
        complaints_e2e.charlie_url("agreement-new"),
        complaints_e2e.upload_not_a_pdf,
    ),
    Visit("complaints-cv-new", "alice", complaints_e2e.charlie_url("cv-new")),
    Visit(
        "complaints-training-errors",
        "alice",
        complaints_e2e.charlie_url("training-new"),
        send_empty_form,
    ),
    Visit("complaints-evaluation-new", "alice", complaints_e2e.charlie_url("evaluation-new")),
    # A structure's request (acunum/cycles/requests.py): the form on the programme page and on
    # its own, sent empty, then sent; the needs analysis of a cycle without a request, sent
    # empty, and of a request just received, opened from the admin's dashboard.
    # (No "#h-request" in the address: after the "programme" visit, the same page with a fragment
    # would be a same-document navigation, which answers no response.)
    Visit("request-programme-page", None, lambda w: reverse("programmes:public", args=["acunum"])),
    Visit("request-form", None, lambda w: reverse("cycles:request", args=["acunum"])),
    Visit(
        "request-errors",
        None,
        lambda w: reverse("cycles:request", args=["acunum"]),
        send_empty_form,
    ),
    Visit(
        "request-sent", None, lambda w: reverse("cycles:request", args=["acunum"]), send_a_request
    ),
    Visit("request-needs-analysis", "bob", cycle_url("tilleuls", "needs")),
    Visit("request-needs-analysis-errors", "bob", cycle_url("tilleuls", "needs"), send_empty_form),
    Visit(
        "request-needs-analysis-received",
        "alice",
        lambda w: reverse("cycles:request", args=["acunum"]),
        open_a_new_request,
    ),
    # Personal data (acunum/privacy): finding a person, what is held about them, the erasure's
    # confirmation (sent without a reason), and the audit log.
    Visit("privacy-search", "alice", privacy_e2e.search_url),
    Visit("privacy-search-errors", "alice", privacy_e2e.search_url, privacy_e2e.search_for_nothing),
    Visit("privacy-trainee", "alice", privacy_e2e.trainee_url("trainee")),
    Visit("privacy-erase", "alice", privacy_e2e.trainee_url("erase")),
    Visit(
        "privacy-erase-errors",
        "alice",
        privacy_e2e.trainee_url("erase"),
        privacy_e2e.erase_without_a_reason,
    ),
    Visit("privacy-audit", "alice", privacy_e2e.audit_url),
]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["360px", "1280px"])
@pytest.mark.parametrize("visit", VISITS, ids=str)
def test_the_page_meets_wcag_21_aa_fits_a_phone_and_logs_no_error(open_page, world, visit, size):
    page, console = open_page(visit.username, size)
    response = page.goto(visit.path(world))
    assert response is not None and response.ok, f"{visit.path(world)}: {response.status}"
    if visit.then:
        visit.then(page, world)
    screenshot(page, f"{visit.name}-{size['width']}")

    problems = []
    if violations := axe_violations(page):
        problems.append(
            "axe-core finds WCAG 2.1 AA violations:\n" + describe_violations(violations)
        )
    if size == PHONE and (overflow := horizontal_overflow(page)) > SCROLL_TOLERANCE:
        problems.append(
            f"The page is {overflow} px wider than the phone; too wide: "
            + ", ".join(overflowing_elements(page))
        )
    if console.errors:
        problems.append("Console errors:\n" + "\n".join(f"- {e}" for e in console.errors))
    assert not problems, f"{page.url} at {size['width']} px\n\n" + "\n\n".join(problems)
