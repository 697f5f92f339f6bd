"""What every browser test checks on a page: axe-core rules, width on a phone, console errors."""

from __future__ import annotations

import os
from pathlib import Path

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import ConsoleMessage, Error, Page

CHROMIUM = Path("/usr/bin/chromium")
# The machines have no internet: without these switches Chromium keeps trying to reach Google.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Sub-pixel rounding may add one pixel to the scroll width; a real overflow is much wider.
SCROLL_TOLERANCE = 1


def axe_violations(page: Page) -> list[dict]:
    # Sent to the page when needed: as an init script it would be parsed at every navigation.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def describe_violations(violations: list[dict]) -> str:
    """One paragraph per rule, with each offending element and what axe says to fix."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  <{v['helpUrl']}>")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            for summary in (node.get("failureSummary") or "").splitlines():
                lines.append(f"      {summary.strip()}")
    return "\n".join(lines)


def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window: the person would scroll sideways."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def overflowing_elements(page: Page) -> list[str]:
    """The elements that push the page wider than the window, to say what to fix.

    An element inside a box that scrolls or clips sideways is that box's business, unless it
    escapes it (an absolutely positioned child of a box that is not positioned).
    """
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const clipped = (el) => {
            const escapes = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
            for (let box = el.parentElement; box !== document.body; box = box.parentElement) {
              const style = getComputedStyle(box);
              if (style.overflowX !== 'visible' && (!escapes || style.position !== 'static')) {
                return true;
              }
            }
            return false;
          };
          const found = [];
          for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.right <= width + 1 || box.width === 0 || clipped(el)) continue;
            let name = el.tagName.toLowerCase();
            if (el.id) name += '#' + el.id;
            if (el.classList.length) name += '.' + [...el.classList].join('.');
            found.push(name + ' (right edge at ' + Math.round(box.right) + ' px)');
          }
          return found.slice(0, 10);
        }"""
    )


class ConsoleWatch:
    """Collects console errors and uncaught exceptions: CSP refusals are reported there."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def stop(self) -> None:
        self.page.remove_listener("console", self._on_console)
        self.page.remove_listener("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _on_page_error(self, error: Error) -> None:
        self.errors.append(f"uncaught: {error.message}")


def screenshot(page: Page, name: str) -> None:
    """With ACUNUM_E2E_SCREENSHOTS=<folder>, keep a full-page picture to look at by eye."""
    if folder := os.environ.get("ACUNUM_E2E_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def draw_signature(page: Page, canvas: str = "[data-signature-pad] canvas") -> None:
    """Draw a zigzag across the signature box with the mouse, as a person signs: the pad listens
    to pointer events, which a finger, a stylus and a mouse all send."""
    # The mouse acts where the screen shows the box: on a phone it may be further down the page.
    page.locator(canvas).scroll_into_view_if_needed()
    box = page.locator(canvas).bounding_box()
    assert box, f"{canvas} is not on the page"
    left, top, width, height = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(left + width * 0.1, top + height * 0.6)
    page.mouse.down()
    for step in range(1, 13):
        x = left + width * (0.1 + 0.065 * step)
        y = top + height * (0.3 if step % 2 else 0.7)
        page.mouse.move(x, y, steps=4)
    page.mouse.up()
