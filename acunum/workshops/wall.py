"""A post-it wall's order: the facilitator moves a card up or down its column, or into another
column (at its foot). Until a column is arranged its cards keep the order they arrived in;
arranging it numbers its visible cards (Contribution.rank) as the projector shows them, then
moves the card, so that cards arriving later go below the arranged ones.

The column is the card's payload["column"]: moving a card there changes where the group sees
it, not what its author wrote. A hidden card is left where it is: it is not on the wall.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from acunum.workshops.models import Activity, Contribution, Refused


def column_cards(activity: Activity, column: int) -> list[Contribution]:
    """The column's visible cards, in the order the projector shows them (kinds/post_it_wall)."""
    cards = list(
        activity.contributions.filter(hidden=False, payload__column=column).order_by(
            "created_at", "pk"
        )
    )
    return [
        card
        for _n, card in sorted(
            enumerate(cards), key=lambda nc: (nc[1].rank is None, nc[1].rank or 0, nc[0])
        )
    ]


def _renumber(cards: list[Contribution]) -> None:
    changed = []
    for n, card in enumerate(cards, start=1):
        if card.rank != n:
            card.rank = n
            changed.append(card)
    Contribution.objects.bulk_update(changed, ["rank"])


def _locked_card(activity: Activity, card: Contribution) -> tuple[Activity, Contribution]:
    # Under the activity's lock, as answers are: a card arriving meanwhile waits, then goes below.
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.kind != Activity.Kind.POST_IT_WALL:
        raise Refused(_("Only the post-its of a wall can be moved."))
    card = locked.contributions.get(pk=card.pk)
    if card.hidden:
        raise Refused(_("This post-it is hidden: show it again before moving it."))
    return locked, card


def _bump(activity: Activity) -> None:
    Activity.objects.filter(pk=activity.pk).update(version=F("version") + 1)


def move_card(activity: Activity, card: Contribution, step: int) -> bool:
    """Up (-1) or down (+1) one place in its column; False when it is already at that end."""
    with transaction.atomic():
        locked, card = _locked_card(activity, card)
        cards = column_cards(locked, card.payload["column"])
        _renumber(cards)
        here = next(n for n, c in enumerate(cards) if c.pk == card.pk)
        there = here + step
        if not 0 <= there < len(cards):
            return False
        mine, other = cards[here], cards[there]
        mine.rank, other.rank = other.rank, mine.rank
        Contribution.objects.bulk_update([mine, other], ["rank"])
        _bump(locked)
    return True


def move_card_to(activity: Activity, card: Contribution, column: int | str) -> bool:
    """Into another column, at its foot; False when the card is already there."""
    with transaction.atomic():
        locked, card = _locked_card(activity, card)
        names = locked.settings["columns"]
        raw = str(column).strip()
        if not raw.isdigit() or not 0 <= int(raw) < len(names):
            raise Refused(_("This column is not one of the wall’s."))
        column = int(raw)
        if column == card.payload["column"]:
            return False
        below = column_cards(locked, column)
        _renumber(below)
        card.payload = {**card.payload, "column": column}
        card.rank = len(below) + 1
        card.save(update_fields=["payload", "rank"])
        _bump(locked)
    return True
