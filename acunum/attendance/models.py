from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext_lazy as _

from acunum.attendance import ledger
from acunum.cycles.models import Cycle, Enrolment, Slot

# How long after a slot's end its window stays open if the trainer does not close it.
GRACE = timedelta(minutes=30)
# The room code changes every ROOM_CODE_PERIOD; the previous code is still accepted, so that a
# trainee typing as it changes is not refused.
ROOM_CODE_PERIOD = 60


def new_room_secret() -> str:
    return secrets.token_hex(32)


class SigningWindow(models.Model):
    """The time during which trainees may sign a slot. Opened and closed by the trainer, once."""

    slot = models.OneToOneField(Slot, on_delete=models.PROTECT, related_name="window")
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Past this moment the window is closed even if nobody closed it.
    closes_at = models.DateTimeField(_("closes at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Secret behind the rotating room code; never shown, only the codes derived from it.
    room_secret = models.CharField(max_length=64, default=new_room_secret, editable=False)

    class Meta:
        verbose_name = _("signing window")
        verbose_name_plural = _("signing windows")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opened_at")), name="window_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} ({'open' if self.is_open() else 'closed'})"

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and now < self.closes_at

    def state(self, now: datetime | None = None) -> str:
        """Either open; or lapsed, past its end: trainees can no longer sign, but the trainer has
        still to counter-sign and close; or closed by the trainer."""
        if self.closed_at is not None:
            return "closed"
        return "open" if self.is_open(now) else "lapsed"

    def room_code(self, now: datetime | None = None, offset: int = 0) -> str:
        """Four digits that change every minute: typed or scanned to prove presence in the room."""
        period = int((now or timezone.now()).timestamp()) // ROOM_CODE_PERIOD + offset
        digest = hmac.new(self.room_secret.encode(), str(period).encode(), hashlib.sha256)
        return f"{int(digest.hexdigest(), 16) % 10_000:04d}"

    def accepts_code(self, code: str, now: datetime | None = None) -> bool:
        code = (code or "").strip()
        return any(hmac.compare_digest(code, self.room_code(now, offset)) for offset in (0, -1))

    def seconds_to_next_code(self, now: datetime | None = None) -> int:
        return ROOM_CODE_PERIOD - int((now or timezone.now()).timestamp()) % ROOM_CODE_PERIOD


class LedgerHead(models.Model):
    """The end of one cycle's chain. Appending locks it, so that cycle's events queue.

    One chain per cycle rather than one for the whole organisation: signatures in different
    rooms never wait for each other's lock, and a cycle's chain travels with its documents.
    """

    cycle = models.OneToOneField(
        Cycle, on_delete=models.PROTECT, primary_key=True, related_name="ledger_head"
    )
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=ledger.GENESIS)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"

    @classmethod
    def lock(cls, cycle_id: int) -> LedgerHead:
        """The cycle's head, locked until the end of the caller's transaction.

        In SQL written once rather than by the ORM: every event of a signing rush passes here,
        and compiling the query cost more than running it. On SQLite the IMMEDIATE transaction
        already holds the database's write lock; PostgreSQL locks the row.
        """
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        select = f"SELECT cycle_id, seq, hash FROM {cls._meta.db_table} WHERE cycle_id = %s{lock}"
        with connection.cursor() as cursor:
            cursor.execute(select, [cycle_id])
            row = cursor.fetchone()
            if row is None:
                # The cycle's first event; another request may be creating the row right now.
                cursor.execute(
                    f"INSERT INTO {cls._meta.db_table} (cycle_id, seq, hash) VALUES (%s, 0, %s)"
                    " ON CONFLICT (cycle_id) DO NOTHING",
                    [cycle_id, ledger.GENESIS],
                )
                cursor.execute(select, [cycle_id])
                row = cursor.fetchone()
        return cls.from_db(connection.alias, ["cycle_id", "seq", "hash"], row)

    def advance(self, event: AttendanceEvent) -> None:
        self.seq, self.hash = event.seq, event.hash
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self._meta.db_table} SET seq = %s, hash = %s WHERE cycle_id = %s",
                [self.seq, self.hash, self.cycle_id],
            )


class AttendanceEventQuerySet(models.QuerySet):
    def for_slot(self, slot: Slot) -> AttendanceEventQuerySet:
        return self.filter(slot=slot).order_by("seq")

    def without_images(self) -> AttendanceEventQuerySet:
        # A drawn signature weighs kilobytes: pages that only fold or count events leave it out.
        return self.defer("image")


class AttendanceEvent(models.Model):
    """One thing that happened to attendance. Never updated, never deleted: see ledger.py."""

    class Kind(models.TextChoices):
        WINDOW_OPENED = "window_opened", _("Signing opened")
        SIGNATURE = "signature", _("Signature")
        ABSENCE = "absence", _("Absence")
        LATE_ARRIVAL = "late_arrival", _("Late arrival")
        EARLY_DEPARTURE = "early_departure", _("Early departure")
        TRAINER_SIGNATURE = "trainer_signature", _("Trainer's counter-signature")
        WINDOW_CLOSED = "window_closed", _("Signing closed")
        CORRECTION = "correction", _("Correction")
        PAPER = "paper", _("Presence from the paper sheet")
        PAPER_SHEET = "paper_sheet", _("Scan of the signed paper sheet")

    class Method(models.TextChoices):
        PHONE = "phone", _("on the trainee's phone")
        KIOSK = "kiosk", _("on the trainer's device")
        PAPER = "paper", _("on paper")
        TRAINER = "trainer", _("by the trainer")

    seq = models.PositiveBigIntegerField()  # the position in its cycle's chain, from 1
    kind = models.CharField(max_length=20, choices=Kind)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="attendance_events")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="attendance_events")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, null=True, blank=True, related_name="attendance_events"
    )
    method = models.CharField(max_length=10, choices=Method, default=Method.TRAINER)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the event says: absence reason, times, what a correction corrects and why.
    data = models.JSONField(default=dict, blank=True)
    image = models.BinaryField(null=True, blank=True)  # the drawn signature, PNG
    image_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AttendanceEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance event")
        verbose_name_plural = _("attendance events")
        ordering = ["cycle_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "seq"], name="one_record_per_chain_position"),
            # One signature per trainee per slot: a second submit cannot add another.
            models.UniqueConstraint(
                fields=["slot", "enrolment"],
                condition=Q(kind="signature"),
                name="one_signature_per_trainee_and_slot",
            ),
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(kind="trainer_signature"),
                name="one_counter_signature_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.slot_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Attendance events are never changed: append a correction instead.")
        super().save(*args, **kwargs)

    def insert_at_end(self) -> bool:
        """On PostgreSQL, append() in one statement: lock the cycle's head, link and insert the
        record, advance the head. A signature is then one round trip to the database server
        instead of five (BEGIN, lock, INSERT, head, COMMIT). The server numbers the record and
        hashes SHA-256(previous hash ‖ canonical text) itself, the text built here around the
        position (ledger.around_seq); verify() recomputes it in Python like any other.

        False, and nothing written, for a cycle without a head yet (its first record).
        """
        columns, values = self._prepared(left_out=("seq", "prev_hash", "hash"))
        before, after = ledger.around_seq(self.hashed_fields())
        events, heads = self._meta.db_table, LedgerHead._meta.db_table
        sql = f"""
            WITH head AS (
                SELECT seq + 1 AS seq, hash AS prev FROM {heads} WHERE cycle_id = %s FOR UPDATE
            ), linked AS (
                SELECT seq, prev,
                       encode(sha256(convert_to(prev || %s || seq || %s, 'UTF8')), 'hex') AS hash
                FROM head
            ), added AS (
                INSERT INTO {events} (seq, prev_hash, hash, {", ".join(columns)})
                SELECT seq, prev, hash, {", ".join(["%s"] * len(columns))} FROM linked
                RETURNING id, seq, prev_hash, hash
            )
            UPDATE {heads} SET seq = added.seq, hash = added.hash FROM added
            WHERE {heads}.cycle_id = %s
            RETURNING added.id, added.seq, added.prev_hash, added.hash
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.cycle_id, before, after, *values, self.cycle_id])
            row = cursor.fetchone()
        if row is None:
            return False
        self.pk, self.seq, self.prev_hash, self.hash = row
        self._state.adding = False
        return True

    def insert(self) -> None:
        """save() for append(), in SQL written once: see LedgerHead.lock. Each value is prepared
        by its field, so the row is the one the ORM would have written."""
        columns, values = self._prepared()
        sql = "INSERT INTO {} ({}) VALUES ({}) RETURNING {}".format(
            self._meta.db_table,
            ", ".join(columns),
            ", ".join(["%s"] * len(columns)),
            connection.ops.quote_name(self._meta.pk.column),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            self.pk = cursor.fetchone()[0]
        self._state.adding = False

    def _prepared(self, left_out: tuple[str, ...] = ()) -> tuple[list[str], list]:
        """The columns an insert writes, quoted, and each value prepared by its field as the ORM
        would; `left_out` are those the database fills in itself."""
        fields = [
            f for f in self._meta.concrete_fields if not f.primary_key and f.name not in left_out
        ]
        columns = [connection.ops.quote_name(f.column) for f in fields]
        return columns, [f.get_db_prep_save(getattr(self, f.attname), connection) for f in fields]

    def delete(self, *args, **kwargs):
        raise ValueError("Attendance events are never deleted: append a correction instead.")

    def hashed_fields(self) -> dict:
        """Everything the hash covers. Identifiers are public codes, stable across backups."""
        return {
            "seq": self.seq,
            "kind": self.kind,
            "cycle": str(self.cycle.code) if self.cycle_id else None,
            "slot": self.slot.index if self.slot_id else None,
            # The half-day's date and hours as signed: moving it afterwards breaks the chain.
            "slot_date": self.slot.date.isoformat() if self.slot_id else None,
            "slot_hours": f"{self.slot.start:%H:%M}-{self.slot.end:%H:%M}"
            if self.slot_id
            else None,
            "seat": self.enrolment.seat if self.enrolment_id else None,
            "trainee": self.enrolment.trainee_id if self.enrolment_id else None,
            "method": self.method,
            "actor": self.actor_id,
            "data": self.data,
            "image_sha256": self.image_sha256,
            # In UTC: the database hands back UTC whatever zone the time was written in.
            "created_at": self.created_at.astimezone(UTC).isoformat(),
            "ip": self.ip,
        }


def append(
    kind: str,
    slot: Slot,
    *,
    enrolment: Enrolment | None = None,
    actor=None,
    method: str = AttendanceEvent.Method.TRAINER,
    data: dict | None = None,
    image: bytes | None = None,
    ip: str | None = None,
    at: datetime | None = None,
) -> AttendanceEvent:
    """Add one event at the end of its cycle's chain, in the caller's transaction or a new one
    (on PostgreSQL outside a transaction, in one statement: see insert_at_end).

    The cycle's head row is locked until the end of the transaction, so concurrent appends to
    the cycle queue and each links to the one before. A failure (say, a second signature for
    the same slot) rolls back the head with the event: the chain never has a gap.
    """
    if ip and ":" in ip:
        # As the database will store it: an IPv6 address written another way would be hashed
        # one way and read back another, and the record would look altered.
        ip = clean_ipv6_address(ip)
    event = AttendanceEvent(
        kind=kind,
        cycle_id=slot.cycle_id,
        slot=slot,
        enrolment=enrolment,
        actor=actor,
        method=method,
        data=data or {},
        image=image,
        image_sha256=ledger.image_digest(image),
        # `at` is for the demo's past cycles only: live events are stamped by the server clock.
        created_at=at or timezone.now(),
        ip=ip,
    )
    event.cycle = slot.cycle  # its code is hashed; the slot already holds it
    if connection.in_atomic_block:
        _append_in_transaction(event)
    elif connection.vendor == "postgresql":
        if not event.insert_at_end():
            _append_in_transaction(event)
    else:
        # SQLite has one writer at a time, and a writer that finds the database locked sleeps
        # a millisecond or more before trying again. This process's threads queue here instead,
        # handing over at once; only the server's other processes still meet the lock
        # (bench/signatures.py: about 7 % more signatures a second at full load).
        with _sqlite_writers:
            _append_in_transaction(event)
    return event


_sqlite_writers = threading.Lock()


def _append_in_transaction(event: AttendanceEvent) -> None:
    with transaction.atomic():
        head = LedgerHead.lock(event.cycle_id)
        event.seq, event.prev_hash = head.seq + 1, head.hash
        event.hash = ledger.chain_hash(head.hash, event.hashed_fields())
        event.insert()
        head.advance(event)


def paper_sheet_path(sheet: PaperSheet, filename: str) -> str:
    """Named by what it is, never by the name the uploader gave it."""
    suffix = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
    return (
        f"paper/{sheet.slot.cycle.code}/{sheet.slot.index:02d}-{sheet.sha256[:16]}"
        f"{suffix.get(sheet.content_type, '')}"
    )


class PaperSheet(models.Model):
    """The scan of a paper attendance sheet, signed in the room when phones could not be used.

    Its upload is a ledger event whose data holds the scan's SHA-256, so the file is covered by
    the chain too: `verify-ledger` re-reads it. The presences entered from it are PAPER events.
    """

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="paper_sheets")
    file = models.FileField(_("scan"), upload_to=paper_sheet_path)
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=50)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    event = models.OneToOneField(
        AttendanceEvent, on_delete=models.PROTECT, related_name="paper_sheet"
    )

    class Meta:
        verbose_name = _("paper sheet")
        verbose_name_plural = _("paper sheets")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.slot} {self.sha256[:12]}"


class Refusal(models.Model):
    """A signing attempt that was refused, kept so the trainer sees what went wrong in the room."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, null=True, related_name="refusals")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, null=True, related_name="refusals"
    )
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reason
