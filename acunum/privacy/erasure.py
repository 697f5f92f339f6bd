"""Erasing a trainee's personal data (RGPD article 17), keeping what the law requires an OF to keep.

Legal basis of what is kept. A training organisation must be able to show, to the funder that
paid and to the State's control (articles L6362-5 and following of the Code du travail), that the
training took place and for whom: attendance sheets, certificates of completion, results of the
assessment of learning. The OPCOs require these pieces for RETENTION_EVIDENCE_YEARS years after
the end of the year of the training (6, or 10 when European funds co-finance it). Keeping them is
a legal obligation (RGPD article 6.1.c), and the right to erasure does not apply to what that
obligation requires (article 17.3.b). Qualiopi adds the record of complaints and their handling
(indicator 31) and the proof that the trainee was convened (indicator 9).

So, while one of their cycles' evidence must still be kept (evidence.py), an erasure is PARTIAL:

- kept: last and first name, structure and status (employee or volunteer), enrolments and seats;
  the attendance ledger (its events, with the drawings of the signatures and the IP addresses
  they came from, are hashed: see acunum/attendance/ledger.py) and the paper sheets; the levels
  answered in the positioning and the self-assessment of learning, and the trainer's assessment
  (the attestation prints it); the complaints and incidents they reported, whole (the auditor
  reads the complaint and its answer); that emails of each kind were sent to them, and when;
  that they answered each questionnaire (without what: the response rates stay the same);
- removed: email, phone, job, accessibility needs (health data, article 9); personal links,
  current and past; refused signing attempts; the checklist; the traces lab; typed contributions
  to in-room activities (the chosen options stay, under a neutral pseudonym); comments and dots on
  usages (their proposals stay, with no author); action plan commitments; the free text of their
  positioning and assessment answers; their other named answers are detached from them and kept
  anonymously (every published figure stays the same); the address, body and attachments of
  every email sent to them.

Once every evidence period is over, the erasure is FULL: all of the above, then the name is
replaced by a neutral label ("Stagiaire 3", their seat), the drawings of their signatures are
deleted (recorded, so that the ledger still verifies: drawings.py), and the texts of their
complaints and of the trainer's assessment comments are removed. What stays then identifies
nobody: counts, dates, levels, and the ledger's IP addresses and reasons, which its hash covers.
The retention policy (retention.py) runs the full erasure by itself when the time has come.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from acunum.cycles.models import Trainee
from acunum.privacy import evidence, scrub
from acunum.privacy.models import Erasure


def retention_reason() -> str:
    return gettext("End of the retention period of the training evidence")


def personal(trainee: Trainee, ids: list[int]) -> None:
    """Everything that is not evidence (see the module's docstring)."""
    scrub.messages_to(trainee, ids)  # first: it finds the messages by the address too
    scrub.contact(trainee)
    scrub.links(ids)
    scrub.refusals(ids)
    scrub.checklist(ids)
    scrub.traces(ids)
    scrub.workshops(ids)
    scrub.usages(ids)
    scrub.plans(ids)
    scrub.answers(ids, assessments_too=False)


def anonymise(trainee: Trainee, ids: list[int], now: datetime) -> None:
    """The evidence itself, once it need no longer be kept."""
    scrub.names(trainee, ids)
    scrub.signature_drawings(ids, now)
    scrub.complaint_texts(ids)
    scrub.answers(ids, assessments_too=True)


def erase(trainee: Trainee, by, reason: str, now: datetime | None = None) -> Erasure:
    """Erase the trainee's personal data, in one transaction: PARTIAL while evidence of theirs
    must be kept, FULL otherwise. `by` is the staff user who does it, None for the retention
    policy. Erasing again (data added since, or the evidence period now over) is allowed: the
    first record is kept, and becomes FULL when the anonymisation happens."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise ValueError("An erasure needs a reason.")
    with transaction.atomic():
        trainee = Trainee.objects.select_for_update().get(pk=trainee.pk)
        ids = list(trainee.enrolments.values_list("pk", flat=True))
        full = not evidence.ends_of(trainee).evidence_kept(timezone.localdate(now))
        personal(trainee, ids)
        if full:
            anonymise(trainee, ids, now)
        erasure, created = Erasure.objects.get_or_create(
            trainee_number=trainee.pk,
            defaults={
                "trainee": trainee,
                "at": now,
                "by": by,
                "by_name": by.get_username() if by else "",
                "reason": reason,
                "scope": Erasure.Scope.FULL if full else Erasure.Scope.PARTIAL,
                "anonymised_at": now if full else None,
            },
        )
        if full and not created and not erasure.is_full:
            erasure.scope, erasure.anonymised_at = Erasure.Scope.FULL, now
            erasure.save(update_fields=["scope", "anonymised_at"])
    return erasure
