"""Demo requests about personal data (acunum/privacy), so that the audit log and a trainee's
personal data page show real entries at once.

Hugo Perrin, of the finished cycle, asked two weeks ago for a copy of his data and then for its
erasure: the administrator exported it, then erased it. His cycle ended less than
RETENTION_EVIDENCE_YEARS ago, so the erasure is partial: his name, attendance and learning
results stay as evidence, the rest went. Claire Rousseau, of the current cycle, asked for a copy
of her data two days ago. Everything goes through the same functions as the pages.

Call it once both cycles have their data (after the other demo modules); calling it again changes
nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from acunum.accounts.models import AuditEntry, User
from acunum.cycles.models import Cycle
from acunum.privacy.erasure import erase
from acunum.privacy.export import export
from acunum.privacy.models import Erasure

# The administrator's laptop on the OF's network.
ADMIN_IP = "192.168.1.20"
REASON = "Demande d’effacement reçue par courriel, après l’envoi de la copie de ses données."


def _log(admin: User, action: str, trainee, detail: str, at: datetime) -> None:
    # audit.record() reads the request of a page; the demo writes the same entry itself.
    AuditEntry.objects.create(
        at=at,
        user=admin,
        user_name=admin.get_username(),
        action=action,
        target_type=trainee._meta.model_name,
        target_id=trainee.pk,
        detail=detail,
        ip=ADMIN_IP,
    )


@transaction.atomic
def record(current: Cycle, finished: Cycle, now: datetime) -> dict:
    if Erasure.objects.exists():
        return {"created": False}
    admin = User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("pk").first()
    leaving = finished.enrolments.select_related("trainee").get(trainee__last_name="Perrin")
    asking = current.enrolments.select_related("trainee").get(trainee__last_name="Rousseau")

    exported_at = now - timedelta(days=15)
    export(leaving.trainee, exported_at)  # what the page hands out, as a check that it runs
    _log(
        admin, AuditEntry.Action.EXPORT, leaving.trainee, "données personnelles, JSON", exported_at
    )
    erased_at = now - timedelta(days=14)
    erasure = erase(leaving.trainee, admin, REASON, erased_at)
    _log(admin, AuditEntry.Action.ERASE, leaving.trainee, erasure.get_scope_display(), erased_at)

    asked_at = now - timedelta(days=2)
    export(asking.trainee, asked_at)
    _log(admin, AuditEntry.Action.EXPORT, asking.trainee, "données personnelles, JSON", asked_at)
    return {"created": True, "erased": leaving.trainee, "exported": asking.trainee}
