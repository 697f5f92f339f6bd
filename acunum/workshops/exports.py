"""What the group produced, to keep: each activity's result as CSV, PDF or PNG, and the "mémoire
collective" of session 1 (J1–J4) as one PDF.

An export shows what the facilitator's page shows (live.snapshot): the visible contributions,
aggregated by the activity's kind, never a hidden one. Only aggregated results leave: nobody's
name or pseudonym, and no contribution's identifier; a post-it's or an event's words are the
group's production, printed as typed.
"""

from __future__ import annotations

import csv
import io

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acunum.lib.typesetting import render, render_png
from acunum.programmes.models import Sequence
from acunum.workshops.live import FACILITATOR, snapshot
from acunum.workshops.models import Activity

Kind = Activity.Kind
# The programme's session 1 (Sequence.part): the days J1–J4, whose activities the mémoire gathers.
SESSION_ONE = 1
# A projected image: sharp on a 1920-pixel-wide projector, from a 297 mm wide page.
PNG_PPI = 160
# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(…)" in a
# post-it): such a cell gets a leading apostrophe, which spreadsheets show as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class NothingToGather(Exception):
    """The mémoire collective cannot be issued yet: `missing` says what must happen first."""

    def __init__(self, missing: list[str]):
        super().__init__("; ".join(missing))
        self.missing = missing


def result(activity: Activity) -> dict:
    """The activity's aggregated result, its participants and visible contributions counted.

    Taken from the facilitator's snapshot, so that an export and the screen always agree, and
    rebuilt field by field: the snapshot's queue (who sent what) never reaches a file.
    """
    live = snapshot(activity, FACILITATOR)
    results = live["results"]
    if activity.kind == Kind.POST_IT_WALL:
        # The facilitator's cards carry their contribution's identifier: not for a file.
        results = {
            "columns": [
                {
                    "index": column["index"],
                    "name": column["name"],
                    "cards": [{"text": card["text"]} for card in column["cards"]],
                }
                for column in results["columns"]
            ],
            "cards": results["cards"],
        }
    return {
        "participants": live["participants"],
        "contributions": live["contributions"],
        "results": results,
    }


def file_name(activity: Activity, extension: str) -> str:
    """j1-mon-numerique-en-trois-mots.csv: ASCII, so that every system saves it as it is."""
    title = slugify(activity.title) or activity.kind.replace("_", "-")
    return f"{slugify(activity.sequence.code)}-{title}.{extension}"


# CSV ----------------------------------------------------------------------------------------


def _cell(value) -> str | int:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table(activity: Activity, results: dict) -> list[list]:
    """The result as rows, a header first: one table per kind."""
    kind = activity.kind
    if kind == Kind.WORD_CLOUD:
        return [[_("Word"), _("Count")]] + [[w["text"], w["count"]] for w in results["words"]]
    if kind == Kind.POLL:
        return [[_("Choice"), _("Answers"), _("Percentage")]] + [
            [c["text"], c["count"], c["percent"]] for c in results["choices"]
        ]
    if kind == Kind.MOVING_DEBATE:
        rounds = [
            *results["earlier"],
            {"round": results["round"], "positions": results["positions"]},
        ]
        return [[_("Round"), _("Position"), _("People"), _("Percentage")]] + [
            [r["round"], p["text"], p["count"], p["percent"]]
            for r in rounds
            for p in r["positions"]
        ]
    if kind == Kind.POST_IT_WALL:
        return [[_("Column"), _("Order"), _("Post-it")]] + [
            [column["name"], n, card["text"]]
            for column in results["columns"]
            for n, card in enumerate(column["cards"], start=1)
        ]
    if kind == Kind.TIMELINE:
        return [[_("Year"), _("Event"), _("Count")]] + [
            [event["year"], event["text"], event["count"]]
            for group in results["groups"]
            for event in group["events"]
        ]
    if kind == Kind.DOT_VOTING:
        return [[_("Option"), _("Dots"), _("Percentage")]] + [
            [o["text"], o["count"], o["percent"]] for o in results["options"]
        ]
    raise ValueError(kind)


def result_csv(activity: Activity) -> bytes:
    """The result as French spreadsheets open it at once: UTF-8 with its byte order mark (or
    Excel reads the accents as Windows-1252), semicolons (the comma is the decimal mark), as the
    trainee import reads them (cycles/imports.py)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in table(activity, result(activity)["results"]):
        writer.writerow([_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


# PDF and PNG --------------------------------------------------------------------------------


def _date(day) -> str:
    return formats.date_format(day, "l j F Y")


def day_dates(cycle) -> dict[int, object]:
    """Sequence id → the date of its first half-day in the cycle's schedule."""
    dates: dict[int, object] = {}
    for sequence_id, date in cycle.slots.order_by("date", "start").values_list(
        "sequence_id", "date"
    ):
        dates.setdefault(sequence_id, date)
    return dates


def activity_data(activity: Activity, date=None) -> dict:
    """One activity as workshop_common.typ draws it."""
    found = result(activity)
    sequence = activity.sequence
    return {
        "kind": activity.kind,
        "kind_label": activity.get_kind_display(),
        "title": activity.title,
        "prompt": activity.prompt,
        "anonymous": activity.anonymous,
        "day": f"{sequence.code} · {sequence.title}",
        "date": _date(date) if date else "",
        "participants": found["participants"],
        "contributions": found["contributions"],
        "results": found["results"],
        # Said under the result, in words: the drawing alone would not say it to everyone.
        "facts": _facts(activity, found["results"]),
        "empty": _empty(activity, found["contributions"]),
    }


def _empty(activity: Activity, contributions: int) -> str:
    """What to print instead of a result nobody has contributed to yet, or ""."""
    if contributions:
        return ""
    return {
        Kind.WORD_CLOUD: _("No word yet."),
        Kind.POLL: _("No answer yet."),
        Kind.MOVING_DEBATE: _("Nobody has taken a position yet."),
        Kind.POST_IT_WALL: _("No post-it yet."),
        Kind.TIMELINE: _("No event yet."),
        Kind.DOT_VOTING: _("No dot yet."),
    }[activity.kind]


def _facts(activity: Activity, results: dict) -> list[str]:
    """What the drawing shows, counted in words, one line each: as under the facilitator's."""
    kind = activity.kind
    if kind == Kind.POLL:
        line = f"{_('Answers')} : {results['answers']}"
        if results["multiple"]:
            # The facilitator's page's own words (its template doubles the %, as gettext does).
            line += " · " + _("several answers each: the shares add up to more than 100 %%") % {}
        return [line]
    if kind == Kind.MOVING_DEBATE:
        round_ = _("Round %(n)s of %(total)s") % {"n": results["round"], "total": results["rounds"]}
        lines = [
            f"{round_} · {_('Placed')} : {results['placed']} · {_('Moves')} : {results['moves']}"
        ]
        for earlier in results["earlier"]:
            where = " · ".join(f"{p['text']} {p['count']}" for p in earlier["positions"])
            lines.append(f"{_('End of round %(n)s:') % {'n': earlier['round']}} {where}")
        return lines
    if kind == Kind.DOT_VOTING:
        n = results["dots_per_person"]
        per_person = ngettext("%(n)s dot per person", "%(n)s dots per person", n) % {"n": n}
        return [f"{_('Dots placed')} : {results['dots']} · {per_person}"]
    return []


def _cycle_data(cycle) -> dict:
    version = cycle.programme_version
    return {
        "structure": cycle.structure.name,
        "programme": " — ".join(
            filter(None, [version.programme.title, version.data.get("long_title", "")])
        ),
    }


def labels(now) -> dict:
    return {
        "anonymous": _("Anonymous activity: no answer is linked to a person."),
        "participants": _("Participants"),
        "contributions": _("Contributions shown"),
        "exported": _("Exported on %(date)s")
        % {"date": formats.date_format(timezone.localtime(now), "j F Y")},
        "memory": _("Collective memory"),
        "session": _("Session 1: what the group produced, day after day"),
        "trainees": _("Participants"),
        "contents": _("Contents"),
    }


def _activity_document(activity: Activity, image: bool, now) -> dict:
    dates = day_dates(activity.cycle)
    return {
        "image": image,
        "cycle": _cycle_data(activity.cycle),
        "activity": activity_data(activity, dates.get(activity.sequence_id)),
        "labels": labels(now),
    }


def result_pdf(activity: Activity, *, now=None) -> bytes:
    now = now or timezone.now()
    return render("workshop_result.typ", _activity_document(activity, False, now), issued=now)


def result_png(activity: Activity) -> bytes:
    """The first page, as an image to project or to paste in a slide: it is as tall as the
    result needs, so the first page holds all of it."""
    document = _activity_document(activity, True, timezone.now())
    return render_png("workshop_result.typ", document, ppi=PNG_PPI)


# The mémoire collective ---------------------------------------------------------------------


def session_days(cycle) -> list[Sequence]:
    return list(
        Sequence.objects.filter(
            version_id=cycle.programme_version_id, part=SESSION_ONE, kind=Sequence.Kind.DAY
        ).order_by("position")
    )


def memory_data(cycle, now=None) -> dict:
    """The session's days and their activities (launched ones: a draft was never run), or
    NothingToGather while no activity has a visible contribution."""
    days = session_days(cycle)
    activities = list(
        Activity.objects.filter(cycle=cycle, sequence__in=days)
        .for_participants()
        .select_related("sequence")
        .order_by("sequence__position", "position")
    )
    dates = day_dates(cycle)
    gathered = []
    for activity in activities:
        activity.cycle = cycle
        gathered.append(activity_data(activity, dates.get(activity.sequence_id)))
    if not any(a["contributions"] for a in gathered):
        raise NothingToGather(
            [_("at least one contribution to an activity of session 1 (J1 to J4)")]
        )
    return {
        "cycle": _cycle_data(cycle),
        "days": [
            {
                "code": day.code,
                "title": day.title,
                "date": _date(dates[day.pk]) if day.pk in dates else "",
            }
            for day in days
        ],
        "trainees": cycle.enrolments.count(),
        "activities": gathered,
        "labels": labels(now or timezone.now()),
    }


def memory_pdf(cycle, *, now=None) -> bytes:
    now = now or timezone.now()
    return render("workshop_memory.typ", memory_data(cycle, now), issued=now)


def memory_file_name(cycle) -> str:
    return f"memoire-collective-{slugify(cycle.structure.name) or 'structure'}.pdf"
