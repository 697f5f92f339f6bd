"""Word cloud: each person sends up to N words; the same word, however typed, counts as one.

French-aware normalisation keeps the accents (unlike some commercial tools, which merge "été" and
"ete"): Unicode NFC, lower case, spaces trimmed and collapsed, typographic apostrophes made plain,
punctuation and symbols stripped at both ends. "Réseaux", "réseaux " and "RÉSEAUX" are one word;
"thé" and "the" stay two.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acunum.workshops.kinds import Entry, Invalid, raw_values, whole

VALUE = "word_cloud"
MAX_WORDS_PER_PERSON = 10
# A word, or a short expression ("logiciel libre"): longer is a sentence, not a word.
MAX_WORD_LENGTH = 40
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})


def normalise(text: str) -> str:
    """The form a word is counted under: see the module's docstring."""
    text = unicodedata.normalize("NFC", text or "")
    # Invisible characters (zero-width spaces, direction marks) would make two equal words differ.
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    text = " ".join(text.translate(APOSTROPHES).split()).lower()
    # Spaces too: "réseaux !" loses its space with its exclamation mark.
    return text.strip("".join(_end_marks(text)) + " ")


def _end_marks(text: str) -> set[str]:
    # Punctuation (P*) and symbols (S*: "<", "#", "€"…) found in the text, stripped at the ends.
    return {ch for ch in text if unicodedata.category(ch)[0] in "PS"}


def size(count: int) -> int:
    """From 1 to 5, on a logarithmic scale of the count itself: 1, 2–3, 4–7, 8–15, 16 and more.

    Absolute rather than relative to the largest count, so that a word said twice is not drawn
    five times larger than a word said once (lectureStudio #1051).
    """
    return min(5, 1 + int(math.log2(max(count, 1))))


def _sort_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class WordCloud:
    value = VALUE

    def default_settings(self) -> dict:
        return {"words_per_person": 3}

    def clean_settings(self, raw: Mapping[str, Any]) -> dict:
        n = whole(
            raw.get("words_per_person", 3),
            "words_per_person",
            1,
            MAX_WORDS_PER_PERSON,
            _("Words per person: a whole number from 1 to %(max)s.")
            % {"max": MAX_WORDS_PER_PERSON},
        )
        return {"words_per_person": n}

    def validate(self, settings, data, sent, current=None) -> list[dict]:
        allowed = settings["words_per_person"]
        words: dict[str, str] = {}
        for raw in raw_values(data, "word"):
            key = normalise(raw)
            if not key:
                continue
            if len(key) > MAX_WORD_LENGTH:
                raise Invalid(
                    {
                        "word": _("“%(start)s…” is too long: %(max)s characters at most.")
                        % {"start": key[:20], "max": MAX_WORD_LENGTH}
                    }
                )
            words.setdefault(key, key)  # the same word twice in one answer counts once
        if not words:
            raise Invalid({"word": _("Write at least one word.")})
        if sent + len(words) > allowed:
            left = max(allowed - sent, 0)
            raise Invalid(
                {
                    "word": ngettext(
                        "%(max)s word per person: you may send %(left)s more.",
                        "%(max)s words per person: you may send %(left)s more.",
                        allowed,
                    )
                    % {"max": allowed, "left": left}
                }
            )
        return [{"word": key} for key in words]

    def describe(self, settings, payload) -> str:
        return payload["word"]

    def aggregate(self, settings, entries: list[Entry], round: int) -> dict:
        counts = Counter(e.payload["word"] for e in entries)
        words = sorted(counts.items(), key=lambda kv: (-kv[1], _sort_key(kv[0]), kv[0]))
        return {
            "words": [{"text": w, "count": n, "size": size(n)} for w, n in words],
            "total": sum(counts.values()),
        }


KIND = WordCloud()
