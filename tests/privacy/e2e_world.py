"""The personal data pages' part of the browser tests' world (tests/e2e/world.py), built on first
use by the page checks (tests/e2e/test_pages.py).

Dominique's data exported by Alice; a person enrolled nowhere (no evidence of hers is kept)
erased, so that the audit log shows a trainee's link and an erased person. Nobody else's data
changes: the other browser tests see the world as it was.
"""

from __future__ import annotations

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from acunum.accounts.models import AuditEntry, User
from acunum.cycles.models import Trainee
from acunum.privacy.erasure import erase


def privacy_world(world) -> dict:
    if not getattr(world, "privacy", None):
        alice = User.objects.get(username="alice")
        trainee = world.enrolment.trainee
        gone = Trainee.objects.create(
            structure=trainee.structure,
            last_name="Sans-Cycle",
            first_name="Zoé",
            email="zoe@example.org",
            job="Animatrice",
            status=Trainee.Status.VOLUNTEER,
        )
        for target, action in ((trainee, "export"), (gone, "export"), (gone, "erase")):
            AuditEntry.objects.create(
                user=alice,
                user_name="alice",
                action=action,
                target_type="trainee",
                target_id=target.pk,
                detail="données personnelles, JSON" if action == "export" else "",
                ip="127.0.0.1",
                at=timezone.now(),
            )
        erase(gone, alice, "Demande reçue par courriel")
        world.privacy = {"trainee": trainee.pk}
        # Built from a test, while the browser's event loop runs (see tests/complaints/e2e_world).
        connection.close()
    return world.privacy


def search_url(world) -> str:
    privacy_world(world)
    return reverse("privacy:search") + "?q=Lefebvre"


def trainee_url(view: str):
    return lambda world: reverse(f"privacy:{view}", args=[privacy_world(world)["trainee"]])


def audit_url(world) -> str:
    privacy_world(world)
    return reverse("privacy:audit")


def erase_without_a_reason(page: Page, world) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator("#id_reason_error")).to_be_visible()


def search_for_nothing(page: Page, world) -> None:
    page.fill("#id_q", "")
    with page.expect_navigation():
        page.locator("main form[method=get] button[type=submit]").first.click()
    expect(page.locator("#id_q_error")).to_be_visible()
