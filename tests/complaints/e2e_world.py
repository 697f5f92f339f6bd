"""The complaints' part of the browser tests' world (tests/e2e/world.py), built on first use by
the page checks (tests/e2e/test_pages.py) and kept on the world for the others.

A cycle of another structure (Diane is its contact too), Charlie's, trained last spring and in
its accompaniment, with the demo's records (acunum/site/demo_complaints.py): Charlie's file
complete, Lucie's complaint closed with the improvement it caused, the projector incident
answered, an improvement planned from a satisfaction result; plus Diane's report, just received,
so that the acknowledgement's form shows. Malik, of the same cycle, has reported nothing yet.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from acunum.complaints import intake
from acunum.complaints.models import Complaint
from acunum.cycles.models import Cycle
from acunum.site import demo_complaints
from acunum.test import make_structure, make_trainee, schedule_cycle

START = date(2025, 3, 3)


def complaints_world(world) -> dict:
    """The complaints' data of `world`, built the first time it is asked for."""
    if not getattr(world, "complaints", None):
        world.complaints = build_e2e(world)
        # Built from a test, while the browser's event loop runs: Django gave this thread a
        # connection of its own, which nobody else closes. Left open, PostgreSQL would refuse
        # to drop the test database at the end.
        connection.close()
    return world.complaints


def build_e2e(world) -> dict:
    charlie, diane = world.users["charlie"], world.users["diane"]
    structure = make_structure("Centre social des Capucins")
    structure.contacts.add(diane)
    cycle = Cycle.objects.create(
        programme_version=world.passerelle.programme_version,
        structure=structure,
        place="Salle du conseil, 2 rue des Capucins, 69001 Lyon",
        status=Cycle.Status.ACCOMPANIMENT,
    )
    cycle.trainers.add(charlie)
    schedule_cycle(cycle, START)
    tokens = {}
    for first, last, needs in [
        ("Lucie", "Garnier", "Documents en police large"),
        ("Malik", "Bensaïd", ""),
    ]:
        enrolment = make_trainee(cycle, first, last_name=last, accessibility_needs=needs)
        tokens[first] = enrolment.issue_link()
    now = timezone.now()
    demo_complaints.record(charlie, cycle, now)
    received = intake.from_staff(
        diane,
        cycle,
        {
            "kind": Complaint.Kind.COMPLAINT,
            "text": "Les attestations de fin de formation ne sont pas encore arrivées.",
            "wants_answer": True,
        },
        now - timedelta(days=2),
    )
    return {
        "cycle": cycle,
        "tokens": tokens,
        "received": received,
        "closed": Complaint.objects.of_cycle(cycle).complaints().get(status="closed"),
        "incident": Complaint.objects.of_cycle(cycle).incidents().get(),
        "improvement": cycle.improvements.get(),
    }


# Paths and actions of the page checks (tests/e2e/test_pages.py VISITS).


def trainee_url(first_name: str):
    return lambda w: reverse("complaints:trainee", args=[complaints_world(w)["tokens"][first_name]])


def cycle_url(w) -> str:
    return reverse("complaints:cycle", args=[complaints_world(w)["cycle"].code])


def report_url(key: str):
    return lambda w: complaints_world(w)[key].get_absolute_url()


def charlie_url(view: str):
    """A page of Charlie's file, once the world has it."""

    def url(w) -> str:
        complaints_world(w)
        return reverse(f"complaints:{view}", args=[w.users["charlie"].pk])

    return url


def improvement_url(w) -> str:
    return reverse("complaints:improvement-edit", args=[complaints_world(w)["improvement"].pk])


def listing_url(view: str):
    def url(w) -> str:
        complaints_world(w)
        return reverse(f"complaints:{view}")

    return url


def _submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator("main .problems")).to_be_visible()


def upload_not_a_pdf(page: Page, world) -> None:
    page.set_input_files(
        "#id_file",
        files=[{"name": "convention.txt", "mimeType": "text/plain", "buffer": b"not a PDF"}],
    )
    page.fill("#id_signed_on", "2025-01-15")
    page.fill("#id_valid_from", "2025-02-01")
    _submit(page)
    expect(page.locator("#id_file_error")).to_be_visible()


def acknowledge_in_the_future(page: Page, world) -> None:
    page.fill("#id_acknowledged-date", "2099-01-01")
    _submit(page)
    expect(page.locator("#id_acknowledged-date_error")).to_be_visible()
