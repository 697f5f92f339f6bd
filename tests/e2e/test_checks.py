"""The browser checks themselves: each must catch the fault it is there for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.e2e.browser import PHONE, axe_violations, horizontal_overflow

pytestmark = pytest.mark.e2e


def test_the_checks_catch_poor_contrast_a_page_too_wide_and_a_refused_inline_script(
    open_page, world
):
    page, console = open_page(size=PHONE, fresh=True)
    page.goto(reverse("programmes:home"))
    assert axe_violations(page) == [] and horizontal_overflow(page) <= 0 and not console.errors

    page.evaluate(
        """() => {
          const p = document.createElement('p');
          p.textContent = 'Pale grey text on white, wider than any phone.';
          p.style.color = '#bbbbbb';
          p.style.width = '600px';
          document.querySelector('main').append(p);
          const script = document.createElement('script');
          script.textContent = 'window.inline = true';
          document.body.append(script);
        }"""
    )

    assert "color-contrast" in [v["id"] for v in axe_violations(page)]
    assert horizontal_overflow(page) > 200
    assert any("Content Security Policy" in e for e in console.errors), console.errors
    assert page.evaluate("window.inline === undefined")
