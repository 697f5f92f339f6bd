"""The audit log of staff actions on personal data (RGPD article 32: who did what, when).

Views call `record()` after the action succeeded, in the same transaction when there is one, so
that the log never shows an action that did not happen, nor misses one that did.
"""

from __future__ import annotations

from django.utils import timezone

from acunum.accounts.models import AuditEntry

Action = AuditEntry.Action


def write(user, action: str, target, detail: str = "", *, ip=None, at=None) -> AuditEntry:
    """Log that `user` (None: Acunum itself, such as the retention policy) did `action` on
    `target` (a model instance). `detail` must not name a person: say "14 stagiaires" or
    "certificat de réalisation", not who."""
    return AuditEntry.objects.create(
        at=at or timezone.now(),
        user=user,
        user_name=user.get_username() if user else "",
        action=action,
        target_type=target._meta.model_name,
        target_id=target.pk,
        detail=detail[:200],
        ip=ip,
    )


def record(request, action: str, target, detail: str = "") -> AuditEntry:
    """Log what request.user did, from the request's address."""
    user = request.user if request.user.is_authenticated else None
    return write(user, action, target, detail, ip=request.META.get("REMOTE_ADDR") or None)
