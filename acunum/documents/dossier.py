"""A cycle's dossier: every document of the cycle in one ZIP, as the funder asks for them.

Either the whole dossier or nothing: a document that cannot be issued stops it, with the list of
everything to fill in first (once each, whichever documents need it), so that a dossier sent to
a funder is never missing a piece without anybody noticing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.text import slugify

from acunum.documents import agreement, attestation, certificates, convocation, record, sheets
from acunum.documents.facts import CycleFacts
from acunum.documents.programme import programme_pdf
from acunum.documents.sheets import Incomplete


def documents(cycle, *, base_url: str, now=None) -> Iterator[tuple[str, Callable]]:
    """Each document of the cycle: its path in the ZIP, and how to issue it at a moment. They
    all read the cycle's facts, loaded once."""
    facts = CycleFacts.load(cycle)
    today = timezone.localdate(now or timezone.now())
    ended = bool(facts.slots) and max(slot.date for slot in facts.slots) < today
    facts.events  # noqa: B018 (loaded now, all at once, for the sheets and the records)
    yield "01-programme.pdf", lambda now: programme_pdf(cycle.programme_version, now=now)
    yield "02-devis.pdf", lambda now: agreement.quote(cycle, now=now)
    yield "03-convention.pdf", lambda now: agreement.agreement(cycle, now=now)
    # The objects' cycle is this one, not a copy each would load again.
    for e in facts.enrolments:
        e.cycle = cycle
    for slot in facts.slots:
        slot.cycle = cycle
    for e in facts.enrolments:
        if ended and e.current_link() is None:
            # A convocation prints the trainee's working link. Once the training is over, a
            # link revoked (a trainee's data erased at their request) leaves nothing to convene
            # them to: the dossier goes without that letter rather than stop for a new link.
            continue
        yield (
            f"04-convocations/{_name(e)}.pdf",
            lambda now, e=e: convocation.convocation(e, base_url=base_url, now=now, facts=facts),
        )
    for slot in sorted(facts.slots, key=lambda slot: slot.index):
        yield (
            f"05-emargement/{slot.index:02}-{slot.date:%Y-%m-%d}-{slot.sequence.code}.pdf",
            lambda now, slot=slot: sheets.attendance_sheet(slot, now=now, facts=facts),
        )
    for folder, issue in [
        ("06-releves-individuels", record.attendance_record),
        ("07-certificats-realisation", certificates.completion_certificate),
        ("08-attestations-fin-formation", attestation.attestation),
    ]:
        for e in facts.enrolments:
            yield (
                f"{folder}/{_name(e)}.pdf",
                lambda now, e=e, issue=issue: issue(e, now=now, facts=facts),
            )


def _name(enrolment) -> str:
    # The seat first: two trainees may share a name, never a seat.
    trainee = enrolment.trainee
    return f"{enrolment.seat:02}-{slugify(f'{trainee.last_name} {trainee.first_name}')}"


def dossier(cycle, *, base_url: str, now=None) -> bytes:
    """The ZIP of every document of the cycle, or Incomplete with all that is missing."""
    now = now or timezone.now()
    files, missing = [], []
    for path, issue in documents(cycle, base_url=base_url, now=now):
        try:
            files.append((path, issue(now)))
        except Incomplete as e:
            missing += [m for m in e.missing if m not in missing]
    if missing:
        raise Incomplete(missing)
    buffer = io.BytesIO()
    # Stored, not deflated: PDF streams are compressed already. Dated at the moment of issue,
    # so that the same cycle issued at the same moment gives the same bytes.
    stamp = timezone.localtime(now).timetuple()[:6]
    folder = name(cycle)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path, pdf in files:
            archive.writestr(zipfile.ZipInfo(f"{folder}/{path}", date_time=stamp), pdf)
    return buffer.getvalue()


def name(cycle) -> str:
    """The dossier's name, and its folder's inside the ZIP: whose, and which of their cycles."""
    return f"dossier-{slugify(cycle.structure.name)}-{cycle.code.hex[:8]}"
