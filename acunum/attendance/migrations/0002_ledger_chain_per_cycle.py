"""One hash chain per cycle instead of one for the whole organisation.

The existing events are re-linked cycle by cycle, in their order, after the old single chain has
been verified: a chain already broken is not laundered into a new, valid one (the migration
stops and names the record, as `verify-ledger` did).
"""

import hashlib
import json
from datetime import UTC

import django.db.models.deletion
from django.db import migrations, models

GENESIS = "0" * 64


def chain_hash(previous, fields):
    # Frozen copies of acunum.attendance.ledger and AttendanceEvent.hashed_fields as of 0001.
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((previous + text).encode()).hexdigest()


def hashed_fields(event, seq):
    return {
        "seq": seq,
        "kind": event.kind,
        "cycle": str(event.cycle.code),
        "slot": event.slot.index,
        "slot_date": event.slot.date.isoformat(),
        "slot_hours": f"{event.slot.start:%H:%M}-{event.slot.end:%H:%M}",
        "seat": event.enrolment.seat if event.enrolment_id else None,
        "trainee": event.enrolment.trainee_id if event.enrolment_id else None,
        "method": event.method,
        "actor": event.actor_id,
        "data": event.data,
        "image_sha256": event.image_sha256,
        "created_at": event.created_at.astimezone(UTC).isoformat(),
        "ip": event.ip,
    }


def relink(apps, schema_editor):
    Event = apps.get_model("attendance", "AttendanceEvent")
    Head = apps.get_model("attendance", "LedgerHead")
    events = list(Event.objects.select_related("cycle", "slot", "enrolment").order_by("seq"))
    previous = GENESIS
    for expected, event in enumerate(events, start=1):
        intact = (
            event.seq == expected
            and event.prev_hash == previous
            and event.hash == chain_hash(previous, hashed_fields(event, event.seq))
        )
        if not intact:
            raise RuntimeError(
                f"The attendance ledger is broken at record {event.seq}: run `acunum "
                "verify-ledger` with the previous version; this migration re-links intact "
                "chains only."
            )
        previous = event.hash
    heads = {}
    for event in events:
        seq, previous = heads.get(event.cycle_id, (0, GENESIS))
        seq += 1
        event.hash = chain_hash(previous, hashed_fields(event, seq))
        Event.objects.filter(pk=event.pk).update(seq=seq, prev_hash=previous, hash=event.hash)
        heads[event.cycle_id] = (seq, event.hash)
    Head.objects.bulk_create(
        Head(cycle_id=cycle_id, seq=seq, hash=hash) for cycle_id, (seq, hash) in heads.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0001_initial"),
        ("cycles", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attendanceevent",
            name="seq",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.DeleteModel(name="LedgerHead"),
        migrations.CreateModel(
            name="LedgerHead",
            fields=[
                (
                    "cycle",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="ledger_head",
                        serialize=False,
                        to="cycles.cycle",
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default=GENESIS, max_length=64)),
            ],
        ),
        migrations.RunPython(relink, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="attendanceevent",
            options={
                "ordering": ["cycle_id", "seq"],
                "verbose_name": "attendance event",
                "verbose_name_plural": "attendance events",
            },
        ),
        migrations.AddConstraint(
            model_name="attendanceevent",
            constraint=models.UniqueConstraint(
                fields=("cycle", "seq"), name="one_record_per_chain_position"
            ),
        ),
    ]
