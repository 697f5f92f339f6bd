"""Demo attendance, so that the demo shows it at once: half-days signed, counter-signed and
closed, an absence or two, a late arrival, a paper sheet, and today's half-day open.

Events go through the ledger with their past times (`at=`), in chronological order, so that
`acunum verify-ledger` passes on the demo data. Every drawing differs: a controller sanctions
identical signatures, and signing refuses an image already used.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from PIL import Image, ImageDraw

from acunum.attendance import drawing, paper
from acunum.attendance.models import GRACE, AttendanceEvent, SigningWindow, append
from acunum.cycles.models import Cycle, Slot

Kind = AttendanceEvent.Kind
Method = AttendanceEvent.Method
INKS = [(20, 20, 30), (15, 35, 110), (30, 30, 30), (10, 25, 80)]


@dataclass(frozen=True)
class Hand:
    """How one person signs: the same shape each time, never the same pixels."""

    heights: tuple  # one per letter-like loop: tall letters, small ones
    radius: float
    slant: float
    slope: float
    gap: int  # where the pen lifts between two words, or -1
    flourish: bool
    ink: tuple

    @classmethod
    def of(cls, name: str) -> Hand:
        rng = random.Random(name)
        loops = rng.randint(5, 9)
        return cls(
            # A capital first, then letters of varied heights.
            heights=(
                rng.uniform(2.2, 3.0),
                *(rng.choice((0.6, 0.8, 1.0, 1.7)) for _ in range(loops)),
            ),
            radius=rng.uniform(8, 12),
            slant=rng.uniform(0.1, 0.5),
            slope=rng.uniform(-0.12, 0.06),
            gap=rng.choice((-1, 2, 3)),
            flourish=rng.random() < 0.6,
            ink=rng.choice(INKS),
        )


def signature_strokes(hand: Hand, seed: str, size=(360, 120)) -> list[list[tuple]]:
    """A cursive-looking signature as a pad records it: one loop per letter, jittered for this
    occasion; the pen lifts between the names and for the flourish."""
    rng = random.Random(seed)
    width, height = size
    x, base = rng.uniform(15, 35), height * 0.62 + rng.uniform(-6, 6)
    step = (width - x - 40) / (len(hand.heights) + 1)
    strokes: list = [[]]
    for n, tall in enumerate(hand.heights):
        if n == hand.gap:  # the pen lifts between first name and surname
            strokes.append([])
            x += step * 0.4
        r = hand.radius * rng.uniform(0.85, 1.15)
        h = r * tall * rng.uniform(0.9, 1.1)
        for i in range(19):
            t = i / 18 * 2 * math.pi
            y = base - h * (1 - math.cos(t)) / 2 + hand.slope * (x - 20)
            px = x + step * i / 18 - r * 0.7 * math.sin(t) + hand.slant * (base - y)
            strokes[-1].append((px, y + rng.uniform(-0.5, 0.5)))
        x += step * rng.uniform(0.85, 1.1)
    if hand.flourish:
        y = base + hand.radius * rng.uniform(0.6, 1.2)
        start = rng.uniform(15, 40)
        strokes.append(
            [
                (start + k * (x - start) / 6, y + hand.slope * k * 10 + rng.uniform(-2, 2))
                for k in range(7)
            ]
        )
    # Within the box, as the pad keeps them.
    return [[(min(max(px, 0), width), min(max(py, 0), height)) for px, py in s] for s in strokes]


def pad_signature(hand: Hand, seed: str, size=(360, 120)) -> bytes:
    """The signature as the pad sends it and the ledger keeps it."""
    strokes = signature_strokes(hand, seed, size)
    flat = [[round(v, 1) for point in stroke for v in point] for stroke in strokes]
    return drawing.check(json.dumps({"w": size[0], "h": size[1], "strokes": flat}))


def signature_png(hand: Hand, seed: str, size=(360, 120)) -> bytes:
    """The same signature in ink on paper, for the scan of a paper sheet."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    for stroke in signature_strokes(hand, seed, size):
        pen.line(stroke, fill=hand.ink, width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def scan_png(slot: Slot, names: list[str], seed: str) -> bytes:
    """A small grey "scan" of a signed paper sheet: a heading, one row per trainee, a scribble."""
    rng = random.Random(seed)
    image = Image.new("L", (620, 877), 246)
    pen = ImageDraw.Draw(image)
    pen.text((40, 30), "FEUILLE D'EMARGEMENT", fill=30)
    pen.text((40, 55), f"{slot.date:%d/%m/%Y}  {slot.start:%H:%M}-{slot.end:%H:%M}", fill=40)
    top = 110
    for row, name in enumerate(names):
        y = top + row * 48
        pen.rectangle([40, y, 580, y + 48], outline=60)
        pen.line([(330, y), (330, y + 48)], fill=60)
        pen.text((50, y + 18), name, fill=30)
        scribble = Image.open(io.BytesIO(signature_png(Hand.of(name), f"{seed}{name}")))
        scribble = scribble.resize((220, 44)).convert("LA")
        image.paste(scribble.getchannel("L"), (345, y + 2), scribble.getchannel("A"))
    y = top + len(names) * 48 + 30
    pen.rectangle([40, y, 580, y + 110], outline=60)
    pen.text((50, y + 8), "Signature du formateur", fill=30)
    # A scanner is never perfectly clean.
    for _ in range(400):
        pen.point((rng.randrange(620), rng.randrange(877)), fill=rng.randrange(180, 235))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def local(slot: Slot, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(slot.date, at))


def device(enrolment) -> str:
    return hashlib.sha256(f"demo-phone-{enrolment.pk}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Plan:
    """What happens in one half-day, besides everyone signing on their phone."""

    absent: dict  # seat → (excused, reason)
    late: dict  # seat → minutes late
    kiosk: frozenset = frozenset()  # seats signing on the trainer's device
    paper: bool = False
    leave_open: bool = False
    spare: frozenset = frozenset()  # seats not signed yet in the open half-day


def play(slot: Slot, enrolments, trainer, plan: Plan, now: datetime) -> None:
    """Append the half-day's events in time order; leave the window open if asked."""
    start, end = slot.starts_at(), slot.ends_at()
    rng = random.Random(f"{slot.cycle.code}-{slot.index}")
    opened_at = start - timedelta(minutes=8)
    if plan.leave_open:
        opened_at = min(opened_at, now)
    closed_at = end + timedelta(minutes=15 if plan.paper else 3)
    SigningWindow.objects.create(
        slot=slot,
        opened_at=opened_at,
        opened_by=trainer,
        # The demo's open half-day stays open two hours, to try signing at any time of day.
        closes_at=max(end + GRACE, now + timedelta(hours=2)) if plan.leave_open else end + GRACE,
        closed_at=None if plan.leave_open else closed_at,
        closed_by=None if plan.leave_open else trainer,
    )
    events = [(opened_at, lambda at: append(Kind.WINDOW_OPENED, slot, actor=trainer, at=at))]
    for e in enrolments:
        if e.seat in plan.absent or plan.paper or e.seat in plan.spare:
            continue
        late = plan.late.get(e.seat)
        at = start + timedelta(
            minutes=late + 1 if late else rng.uniform(-6, 12), seconds=rng.randrange(60)
        )
        kiosk = e.seat in plan.kiosk
        name = f"{e.trainee.first_name} {e.trainee.last_name}"
        image = pad_signature(Hand.of(name), f"{name}-{slot.cycle.code}-{slot.index}")

        def sign(at, e=e, kiosk=kiosk, image=image):
            append(
                Kind.SIGNATURE,
                slot,
                enrolment=e,
                method=Method.KIOSK if kiosk else Method.PHONE,
                actor=trainer if kiosk else None,
                image=image,
                ip=None if kiosk else f"192.168.1.{20 + e.seat}",
                data=None if kiosk else {"device": device(e)},
                at=at,
            )

        events.append((at, sign))
        if late:
            arrival = (start + timedelta(minutes=late)).astimezone(timezone.get_current_timezone())
            events.append(
                (
                    at + timedelta(minutes=2),
                    lambda at, e=e, arrival=arrival: append(
                        Kind.LATE_ARRIVAL,
                        slot,
                        enrolment=e,
                        actor=trainer,
                        data={"time": arrival.strftime("%H:%M")},
                        at=at,
                    ),
                )
            )
    for seat, (excused, reason) in plan.absent.items():
        e = next(e for e in enrolments if e.seat == seat)
        events.append(
            (
                start + timedelta(minutes=25),
                lambda at, e=e, excused=excused, reason=reason: append(
                    Kind.ABSENCE,
                    slot,
                    enrolment=e,
                    actor=trainer,
                    data={"excused": excused, "reason": reason},
                    at=at,
                ),
            )
        )
    if plan.paper:
        names = [f"{e.trainee.last_name.upper()} {e.trainee.first_name}" for e in enrolments]
        scan = scan_png(slot, names, f"scan-{slot.cycle.code}-{slot.index}")

        def from_paper(at):
            sheet = paper.upload_sheet(slot, scan, trainer, at=at)
            paper.record_paper(slot, sheet, enrolments, trainer, at=at + timedelta(minutes=2))

        events.append((end + timedelta(minutes=8), from_paper))
    if not plan.leave_open:
        trainer_hand = Hand.of(f"{trainer.first_name} {trainer.last_name}")
        counter = pad_signature(trainer_hand, f"trainer-{slot.cycle.code}-{slot.index}")
        events.append(
            (
                closed_at - timedelta(minutes=2),
                lambda at: append(
                    Kind.TRAINER_SIGNATURE, slot, actor=trainer, image=counter, at=at
                ),
            )
        )
        events.append(
            (closed_at, lambda at: append(Kind.WINDOW_CLOSED, slot, actor=trainer, at=at))
        )
    # A paper entry is two events two minutes apart: nothing else is planned in between.
    for at, record in sorted(events, key=lambda item: item[0]):
        if at <= now:
            record(at)


def record(current: Cycle, finished: Cycle, trainer, now: datetime | None = None) -> None:
    """The finished cycle entirely, the current one up to now."""
    now = now or timezone.now()
    group = list(finished.enrolments.select_related("trainee").order_by("seat"))
    slots = list(finished.slots.order_by("date", "start"))
    for slot in slots:
        # What its documents show: one excused absence, one late arrival, one paper half-day.
        plan = Plan(
            absent={4: (True, "Enfant malade, justificatif transmis")} if slot.index == 12 else {},
            late={9: 20} if slot.index == 3 else {},
            paper=slot.index == 7,  # the day the room's Wi-Fi was down
        )
        play(slot, group, trainer, plan, now)

    group = list(current.enrolments.select_related("trainee").order_by("seat"))
    today = timezone.localdate(now)
    slots = [s for s in current.slots.order_by("date", "start") if s.date <= today]
    todays = [s for s in slots if s.date == today]
    # Today's half-day still to come or under way stays open; if both are over, the last one.
    left_open = next((s for s in todays if s.ends_at() > now), todays[-1] if todays else None)
    marks = {
        # seat: half-day index → what happened
        1: Plan(absent={}, late={4: 25}, kiosk=frozenset({11})),
        2: Plan(absent={6: (True, "Arrêt maladie, justificatif transmis")}, late={}),
        3: Plan(absent={9: (False, "Pas de nouvelles, structure prévenue")}, late={}),
    }
    for slot in slots:
        if slot is not left_open and slot.ends_at() + timedelta(minutes=5) > now:
            continue  # later today, after the half-day left open
        plan = marks.get(slot.index, Plan(absent={}, late={}))
        if slot is left_open:
            # Half the group has signed; the first seat's link (printed by `acunum demo`)
            # has not, so that the demo can be signed with it.
            plan = Plan(
                absent={},
                late={},
                leave_open=True,
                spare=frozenset(e.seat for e in group if e.seat == 1 or e.seat % 2 == 0),
            )
        play(slot, group, trainer, plan, now)
