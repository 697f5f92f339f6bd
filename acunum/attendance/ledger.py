"""The attendance ledger: an append-only hash chain of every attendance event, one per cycle.

Each event's hash is SHA-256(previous hash ‖ canonical JSON of the event). The canonical form
holds every field that matters to a controller, including the SHA-256 of the drawn signature,
so altering a stored event, its image, or the order of events (removing, inserting, swapping)
breaks the chain at the first record concerned. `verify()` recomputes it.

What a record names is hashed too: the cycle's code, the slot's number, the trainee and their
seat. Moving a signature to another trainee by editing their enrolment (its seat or its trainee)
therefore breaks the chain at that trainee's first record, on purpose: it would silently change
what was signed. Nothing in the application edits those fields (the back office shows them
read-only once a cycle has attendance); a break there means someone wrote to the database.

Each cycle has its own chain (seq 1, 2, … within the cycle): rooms signing at the same moment
never queue behind each other's lock, and a cycle's evidence stands on its own.

What a chain cannot prove alone: someone able to write to the database could cut the last
records and rewrite the head to match. `verify-ledger` prints each cycle's head hash; a copy
kept elsewhere (printed on a sheet, sent by email) shows such a cut.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(fields: dict) -> str:
    """One byte-exact text for a dict: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(previous: str, fields: dict) -> str:
    return hashlib.sha256((previous + canonical(fields)).encode()).hexdigest()


def around_seq(fields: dict) -> tuple[str, str]:
    """The canonical text of `fields` cut where the record's position goes, for a database that
    numbers the record itself: `before + str(seq) + after == canonical({**fields, "seq": seq})`.

    Keys are sorted and "seq" is followed by "slot", "slot_date", "slot_hours" and "trainee",
    plain values: the last `"seq":0,` is the record's own, whatever its data holds.
    """
    text = canonical({**fields, "seq": 0})
    cut = text.rindex('"seq":0,') + len('"seq":')
    return text[:cut], text[cut + 1 :]


def image_digest(image: bytes | None) -> str:
    return hashlib.sha256(image).hexdigest() if image else ""


@dataclass
class Break:
    seq: int | None
    reason: str
    chain: str = ""  # which cycle's chain

    def __str__(self) -> str:
        where = f"record {self.seq}" if self.seq is not None else "ledger"
        return f"{self.chain}, {where}: {self.reason}" if self.chain else f"{where}: {self.reason}"


_erasures = []


def register_erasures(fn) -> None:
    """fn(cycle id) → the ids of that cycle's events whose drawing was erased at the end of its
    retention period, each erasure recorded and sealed (acunum/privacy, an app below this one,
    registers it at start-up)."""
    _erasures[:] = [fn]


def erased_drawings(cycle_id: int) -> set[int]:
    return set(_erasures[0](cycle_id)) if _erasures else set()


def verify(events) -> Break | None:
    """The first break in a chain, or None. `events` are one cycle's events in seq order.

    An event whose image is gone passes only if its drawing was erased at the end of its
    retention period, as recorded (erased_drawings, read once, at the first image missing): the
    hash still covers the image's SHA-256, kept on the event. A drawing removed any other way is
    reported as altered."""
    previous = GENESIS
    expected_seq = 1
    erased = None
    for event in events:  # in seq order
        if event.seq != expected_seq:
            return Break(
                event.seq, f"expected record {expected_seq}: a record was removed or inserted"
            )
        if event.prev_hash != previous:
            return Break(event.seq, "its link to the previous record does not match")
        if event.image_sha256 != image_digest(event.image):
            if event.image is None and erased is None:
                erased = erased_drawings(event.cycle_id)
            if event.image is not None or event.pk not in erased:
                return Break(event.seq, "its signature image was altered")
        if event.hash != chain_hash(previous, event.hashed_fields()):
            return Break(event.seq, "its content was altered")
        previous = event.hash
        expected_seq += 1
    return None
