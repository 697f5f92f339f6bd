"""Join codes: six characters that a room reads aloud and types on a phone without a mistake."""

from __future__ import annotations

import re
import secrets

# No 0, O, 1 or I: read aloud or on a projector, they are mistaken for one another.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 6
SHAPE = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def clean(typed: str) -> str:
    """What a person typed, as a code: upper case, without the spaces and dashes they may add
    ("abc def", "ABC-DEF"). The result may still be no code at all: see `is_code`."""
    return re.sub(r"[\s\-.]", "", typed or "").upper()[: LENGTH * 2]


def is_code(value: str) -> bool:
    return bool(SHAPE.match(value))


def spaced(code: str) -> str:
    """Two groups of three, as the projector shows it: easier to read aloud."""
    return f"{code[:3]} {code[3:]}"
