"""System checks, run by `acunum check` and by every management command (serve included)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register

from acunum.evaluation.due import WINDOWS


@register()
def check_links_outlive_the_cold_satisfaction(app_configs, **kwargs):
    """Trainees answer the cold satisfaction questionnaire through their personal link: the
    link must still work when the questionnaire closes."""
    rule = WINDOWS["satisfaction-froid"]
    needed = (rule.delay() + rule.length()).days
    if settings.LINK_DAYS_AFTER_END >= needed:
        return []
    return [
        Warning(
            f"ACUNUM_LINK_DAYS_AFTER_END={settings.LINK_DAYS_AFTER_END}: trainees' personal links "
            f"expire before the cold satisfaction questionnaire closes ({needed} days after the "
            "last half-day), so some could not answer it.",
            hint=f"Set ACUNUM_LINK_DAYS_AFTER_END to {needed} or more, or lower "
            "ACUNUM_COLD_SATISFACTION_DAYS.",
            id="acunum.W001",
        )
    ]
