"""Demo requests about personal data (acunum/privacy), so that the audit log and a trainee's
personal data page show real entries at once.

Hugo Perrin, of the finished cycle, asked two weeks ago for a copy of his data: the administrator
exported it (his page shows what an erasure would keep as evidence and what it would remove; the
finished cycle stays whole, its dossier ready for the funder). Inès Garnier had been put on the
finished cycle's list, then left the structure before the training and asked for her data to be
erased: nothing of hers is evidence, so the erasure was full. Claire Rousseau, of the current
cycle, asked for a copy of her data two days ago. Everything goes through the same functions as
the pages.

Call it once both cycles have their data (after the other demo modules); calling it again changes
nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from acunum.accounts import audit
from acunum.accounts.models import AuditEntry, User
from acunum.cycles.models import Cycle, Trainee
from acunum.privacy.erasure import erase
from acunum.privacy.export import export
from acunum.privacy.models import Erasure

# The administrator's laptop on the OF's network.
ADMIN_IP = "192.168.1.20"
REASON = "Partie de la structure avant la formation ; demande d’effacement reçue par courriel."


def _log(admin: User, action: str, trainee, detail: str, at: datetime) -> None:
    # audit.record() reads the request of a page; the demo has none.
    audit.write(admin, action, trainee, detail, ip=ADMIN_IP, at=at)


@transaction.atomic
def record(current: Cycle, finished: Cycle, now: datetime) -> dict:
    if Erasure.objects.exists():
        return {"created": False}
    admin = User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("pk").first()
    asking_early = finished.enrolments.select_related("trainee").get(trainee__last_name="Perrin")
    asking = current.enrolments.select_related("trainee").get(trainee__last_name="Rousseau")
    leaving = Trainee.objects.create(
        structure=finished.structure,
        last_name="Garnier",
        first_name="Inès",
        email="ines.garnier@example.org",
        phone="06 12 34 56 78",
        job="Monitrice-éducatrice",
        status=Trainee.Status.EMPLOYEE,
        accessibility_needs="Documents en gros caractères.",
    )

    exported_at = now - timedelta(days=15)
    export(asking_early.trainee, exported_at)  # what the page hands out, as a check that it runs
    detail = "données personnelles, JSON"
    _log(admin, AuditEntry.Action.EXPORT, asking_early.trainee, detail, exported_at)
    erased_at = now - timedelta(days=14)
    erasure = erase(leaving, admin, REASON, erased_at)
    _log(admin, AuditEntry.Action.ERASE, leaving, erasure.get_scope_display(), erased_at)

    asked_at = now - timedelta(days=2)
    export(asking.trainee, asked_at)
    _log(admin, AuditEntry.Action.EXPORT, asking.trainee, detail, asked_at)
    return {"created": True, "erased": leaving, "exported": asking.trainee}
