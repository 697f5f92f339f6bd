"""Post-it wall: columns named by the trainer; each person writes cards, one at a time, in the
column of their choice; the facilitator hides cards, orders them within a column and moves them
from one column to another (wall.py), and the projector shows the columns with their cards.

A card is plain text: markup is stored as typed and always escaped where it is shown. Line breaks
are kept (a post-it may hold two short lines); invisible characters are dropped, as a direction
override would otherwise turn the rest of the projector's line around.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from acunum.workshops.kinds import Entry, Invalid, lines, raw_values

VALUE = "post_it_wall"
MIN_COLUMNS, MAX_COLUMNS = 2, 6
MAX_COLUMN_LENGTH = 60
MAX_TEXT_LENGTH = 280
# Far more than a wall needs from one person: a stuck button or a script cannot fill it.
MAX_CARDS_PER_PERSON = 30
ZERO_WIDTH_JOINER = "\u200d"  # kept: it joins emoji into one (a family, a flag)


def clean_text(raw: str) -> str:
    """A card's text as stored: NFC, invisible characters out, spaces collapsed within each line,
    at most one blank line in a row, nothing around."""
    text = unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        ch
        for ch in text
        if ch in ("\n", ZERO_WIDTH_JOINER) or unicodedata.category(ch) not in ("Cc", "Cf")
    )
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _column(settings: dict, values: list[str]) -> int:
    if not values or not values[0].strip():
        raise Invalid({"column": _("Column: choose where your post-it goes.")})
    raw = values[0].strip()
    if not raw.isdigit() or not 0 <= int(raw) < len(settings["columns"]):
        raise Invalid({"column": _("This column is not one of the wall’s.")})
    return int(raw)


class PostItWall:
    value = VALUE

    def default_settings(self) -> dict:
        return {"columns": []}

    def clean_settings(self, raw: Mapping[str, Any]) -> dict:
        columns = lines(
            raw.get("columns", ""), "columns", _("Columns: a list of names, one per line.")
        )
        if not MIN_COLUMNS <= len(columns) <= MAX_COLUMNS:
            raise Invalid(
                {
                    "columns": _("Columns: from %(min)s to %(max)s, one per line.")
                    % {"min": MIN_COLUMNS, "max": MAX_COLUMNS}
                }
            )
        for name in columns:
            if len(name) > MAX_COLUMN_LENGTH:
                raise Invalid(
                    {
                        "columns": _("Columns: “%(start)s…” is too long (%(max)s characters).")
                        % {"start": name[:20], "max": MAX_COLUMN_LENGTH}
                    }
                )
        if len({c.casefold() for c in columns}) != len(columns):
            raise Invalid({"columns": _("Columns: the same name is written twice.")})
        return {"columns": columns}

    def validate(self, settings, data, sent, current=None) -> list[dict]:
        errors = {}
        try:
            column = _column(settings, raw_values(data, "column"))
        except Invalid as invalid:
            errors.update(invalid.errors)
        texts = raw_values(data, "text")
        text = clean_text(texts[0]) if texts else ""
        if not text:
            errors["text"] = _("Post-it: write something on it.")
        elif len(text) > MAX_TEXT_LENGTH:
            errors["text"] = _(
                "Post-it: %(max)s characters at most (yours has %(n)s): shorten it, or write "
                "a second post-it."
            ) % {"max": MAX_TEXT_LENGTH, "n": len(text)}
        if errors:
            raise Invalid(errors)
        if sent >= MAX_CARDS_PER_PERSON:
            raise Invalid(
                {
                    "text": _("You have written %(max)s post-its: the most one person may.")
                    % {"max": MAX_CARDS_PER_PERSON}
                }
            )
        return [{"column": column, "text": text}]

    def describe(self, settings, payload) -> str:
        return _("%(column)s: %(text)s") % {
            "column": settings["columns"][payload["column"]],
            "text": payload["text"],
        }

    def aggregate(self, settings, entries: list[Entry], round: int) -> dict:
        columns = [
            {"index": i, "name": name, "cards": []} for i, name in enumerate(settings["columns"])
        ]
        # The facilitator's order first (wall.py numbers a column's cards when arranging it);
        # cards not arranged yet follow, in the order they arrived.
        order = sorted(
            range(len(entries)),
            key=lambda n: (entries[n].rank is None, entries[n].rank or 0, n),
        )
        for n in order:
            entry = entries[n]
            card = {"text": entry.payload["text"]}
            if entry.key:
                card["id"] = entry.key
            columns[entry.payload["column"]]["cards"].append(card)
        return {"columns": columns, "cards": len(entries)}


KIND = PostItWall()
