"""The paper attendance sheet prints on one A4 page for a full group of 14 trainees."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.e2e.browser import DESKTOP

pytestmark = pytest.mark.e2e


def test_the_paper_sheet_prints_on_one_a4_page_for_a_group_of_fourteen(open_page, world):
    page, console = open_page("bob", DESKTOP)
    page.goto(reverse("attendance:paper", args=[world.passerelle.code, 4]))
    # The world's three trainees and blank rows up to 14: as many rows as a full group.
    assert page.locator(".paper-sheet-table tbody tr").count() == 14
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages == 1, f"the sheet prints on {pages} pages"
    # What is for the screen only stays off paper.
    page.emulate_media(media="print")
    assert not page.locator("#h-upload").is_visible()
    assert page.locator(".paper-trainer-box").is_visible()
    page.emulate_media(media="screen")
    assert not console.errors
