"""Dates, times, durations and sums as French documents write them, whatever the reader's
language: a certificate, an agreement or a convocation is French, not the interface's language.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, translation

CENT = Decimal("0.01")
# A no-break space: "9 h 30" is never cut after the 9, "1 234,50 €" never before the sign.
NBSP = "\u00a0"


def french_date(day) -> str:
    """5 janvier 2026, 1er mars 2026."""
    with translation.override("fr"):
        text = formats.date_format(day, "j F Y")
    return f"1er{text[1:]}" if day.day == 1 else text


def french_day(day) -> str:
    """lundi 5 janvier 2026: the day of the week helps to read a schedule."""
    with translation.override("fr"):
        weekday = formats.date_format(day, "l")
    return f"{weekday} {french_date(day)}"


def french_time(moment) -> str:
    """9 h, 12 h 30."""
    text = f"{moment.hour}{NBSP}h"
    return f"{text}{NBSP}{moment.minute:02d}" if moment.minute else text


def french_hours(slot) -> str:
    """A half-day's times: 9 h – 12 h 30."""
    return f"{french_time(slot.start)} – {french_time(slot.end)}"


def french_duration(minutes: int) -> str:
    """The hours, exactly: 56 heures, 52 heures 45 minutes (never a rounded decimal, which would
    certify a few minutes more or fewer than the ledger holds)."""
    h, m = divmod(int(minutes), 60)
    text = f"{h} heure" + ("s" if h > 1 else "")
    if m:
        text += f" {m} minute" + ("s" if m > 1 else "")
    return text


def french_money(amount: Decimal) -> str:
    """1 234,50 €: a narrow no-break space between thousands, a no-break space before the sign,
    so that a sum never breaks across two lines."""
    units, cents = f"{amount.quantize(CENT, ROUND_HALF_UP):.2f}".split(".")
    return f"{int(units):,}".replace(",", "\u202f") + f",{cents}{NBSP}€"


def full_title(version) -> str:
    """ACUNUM — cycle d'Accompagnement aux Cultures et Usages NUMériques."""
    title = version.programme.title
    if long_title := version.data.get("long_title", ""):
        title = f"{title} — {long_title}"
    return title
