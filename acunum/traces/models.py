"""What the traces lab keeps when a trainee compares with the group: keyed hashes only.

A trainee's values never reach the database. Each is stored as HMAC-SHA256(the cycle's key,
attribute id and value): equal values give equal digests, which is all the counting needs, and
without the key a digest says nothing. The key is a random secret of the cycle, in its own row:
deleting it at the cycle's end (comparing.purge_ended) deletes every submission with it, and
would make any copy of the old digests meaningless.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from acunum.cycles.models import Cycle, Enrolment
from acunum.traces.attributes import COMPARED_IDS

KEY_HEX_LENGTH = 64  # 32 random bytes
DIGEST_HEX_LENGTH = 64  # SHA-256


class CycleKey(models.Model):
    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="trace_key")
    secret = models.CharField(max_length=KEY_HEX_LENGTH, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("traces lab key")
        verbose_name_plural = _("traces lab keys")
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("secret"), KEY_HEX_LENGTH), name="trace_key_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}"


class Submission(models.Model):
    """One trainee's latest comparison: a new one replaces it."""

    # The key, not the cycle: deleting the key deletes the submissions made under it.
    key = models.ForeignKey(CycleKey, on_delete=models.CASCADE, related_name="submissions")
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="trace_submission"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("traces lab submission")
        verbose_name_plural = _("traces lab submissions")

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.submitted_at:%Y-%m-%d %H:%M}"


class Trace(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="traces")
    attribute = models.CharField(max_length=40)
    digest = models.CharField(max_length=DIGEST_HEX_LENGTH)

    class Meta:
        verbose_name = _("trace")
        verbose_name_plural = _("traces")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "attribute"], name="one_trace_per_attribute"
            ),
            models.CheckConstraint(
                condition=Q(attribute__in=COMPARED_IDS), name="trace_attribute_known"
            ),
            models.CheckConstraint(
                condition=Exact(Length("digest"), DIGEST_HEX_LENGTH),
                name="trace_digest_length",
            ),
        ]

    def __str__(self) -> str:
        return self.attribute
