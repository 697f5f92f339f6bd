"""The audit log of staff actions on personal data (RGPD article 32: who did what, when).

Views call `record()` after the action succeeded, in the same transaction when there is one, so
that the log never shows an action that did not happen, nor misses one that did.
"""

from __future__ import annotations

from acunum.accounts.models import AuditEntry

Action = AuditEntry.Action


def record(request, action: str, target, detail: str = "") -> AuditEntry:
    """Log that request.user did `action` on `target` (a model instance). `detail` must not
    name a person: say "14 stagiaires" or "certificat de réalisation", not who."""
    user = request.user if request.user.is_authenticated else None
    return AuditEntry.objects.create(
        user=user,
        user_name=user.get_username() if user else "",
        action=action,
        target_type=target._meta.model_name,
        target_id=target.pk,
        detail=detail[:200],
        ip=request.META.get("REMOTE_ADDR") or None,
    )
