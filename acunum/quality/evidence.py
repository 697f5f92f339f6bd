"""The evidence of each Qualiopi indicator that applies to a cycle, or to every cycle of a period:
what Acunum already records, and what is missing, each missing item with the page that fixes it.

Each indicator is a small function in the registry (`@indicator`), given the scope (one cycle or
a period: scope.py) and returning an Evidence: figures such as "13 of 14", links to the evidence,
missing items. The figures come from the function of the app that owns them, the one its own
page calls (scope.py), never from a second way of counting.

A figure that is not due yet (a questionnaire that has not opened, a half-day still to come) is
shown but does not count towards the status: nothing could have been done about it. The status is
then: met, every due figure complete; partly met, some evidence; missing, none; not applicable,
nothing due (or an indicator that does not apply to these actions at all, NOT_APPLICABLE).

The indicators themselves are in the indicators package, one module per group of criteria;
this module holds what they share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from acunum.lib.durations import hours


class Status(models.TextChoices):
    # In context: "missing" and "met" alone have other meanings elsewhere (an absent trainee).
    MET = "met", pgettext_lazy("qualiopi status", "met")
    PARTIAL = "partial", pgettext_lazy("qualiopi status", "partly met")
    MISSING = "missing", pgettext_lazy("qualiopi status", "missing")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("qualiopi status", "not applicable")


@dataclass
class Figure:
    """A count, or a count out of a whole ("13 of 14"). `key` names it for tests and exports."""

    key: str
    label: str
    done: int
    of: int | None = None
    due: bool = True  # False: not due yet, shown but not counted in the status
    required: bool = True  # False: context for the reader, not a requirement
    unit: str = ""  # "minutes": shown as hours

    @property
    def complete(self) -> bool:
        if self.of is None:
            return self.done > 0
        return self.of > 0 and self.done >= self.of

    def value(self) -> str:
        show = hours if self.unit == "minutes" else str
        if self.of is None:
            return show(self.done)
        text = _("%(done)s of %(of)s") % {"done": show(self.done), "of": show(self.of)}
        if self.of and self.unit != "minutes":
            text += f" ({round(100 * self.done / self.of)} %)"
        return text

    def __str__(self) -> str:
        return _("%(label)s: %(value)s") % {"label": self.label, "value": self.value()}


@dataclass
class Link:
    """A piece of evidence: where it is on the site (`url`) and, for the audit export, what
    `export` names (audit.py turns it into the files of the ZIP)."""

    label: str
    url: str = ""
    export: tuple = ()


@dataclass
class Missing:
    text: str
    fix_url: str = ""
    fix_label: str = ""


@dataclass
class Evidence:
    number: int
    title: str
    status: str = ""
    figures: list[Figure] = field(default_factory=list)
    evidence: list[Link] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    @property
    def status_label(self) -> str:
        return Status(self.status).label


def status_of(figures: list[Figure]) -> str:
    due = [f for f in figures if f.due and f.required]
    if not due:
        return Status.NOT_APPLICABLE
    if all(f.complete for f in due):
        return Status.MET
    if any(f.done for f in due):
        return Status.PARTIAL
    return Status.MISSING


@dataclass(frozen=True)
class Indicator:
    number: int
    title: str
    function: Callable


REGISTRY: list[Indicator] = []


def indicator(number: int, title):
    """Registers the function that gathers the evidence of indicator `number`."""

    def register(function):
        REGISTRY.append(Indicator(number, title, function))
        return function

    return register


# The indicators that never apply to Acunum's actions, which are neither certifying nor
# work-study (qualiopi-and-funding.md §2): listed so that the audit shows all 32.
CERTIFYING = gettext_lazy("Not applicable: the training does not lead to a certification.")
WORK_STUDY = gettext_lazy("Not applicable: the training is neither work-study nor run by a CFA.")
NOT_APPLICABLE = {
    3: (gettext_lazy("Certification results"), CERTIFYING),
    7: (gettext_lazy("Fit to the requirements of a certification"), CERTIFYING),
    13: (gettext_lazy("Work-study: coordination with the employer"), WORK_STUDY),
    14: (gettext_lazy("Work-study: social and civic life"), WORK_STUDY),
    15: (gettext_lazy("Apprentices’ rights and duties"), WORK_STUDY),
    16: (gettext_lazy("Conditions of presentation to a certification"), CERTIFYING),
    20: (gettext_lazy("CFA: referents and improvement council"), WORK_STUDY),
    28: (gettext_lazy("Training in a work situation"), WORK_STUDY),
    29: (gettext_lazy("CFA: insertion into work"), WORK_STUDY),
}


def collect(scope) -> list[Evidence]:
    """Every indicator, in the order of their numbers, with its evidence in this scope."""
    from acunum.quality import indicators  # noqa: F401 (fills the registry)

    rows = []
    for item in REGISTRY:
        found = item.function(scope, Evidence(item.number, str(item.title)))
        if not found.status:
            found.status = status_of(found.figures)
        rows.append(found)
    for number, (title, reason) in NOT_APPLICABLE.items():
        rows.append(Evidence(number, str(title), status=Status.NOT_APPLICABLE, notes=[str(reason)]))
    return sorted(rows, key=lambda e: e.number)


# Helpers the indicators share --------------------------------------------------------------


class Tally:
    """Figures added up over the cycles of the scope, by key, in the order first added.

    A cycle's figure that is not due yet adds nothing: a period's "13 of 14" is over the cycles
    where the figure is due; it is due in the period if it is in one of its cycles.
    """

    def __init__(self):
        self.figures: dict[str, Figure] = {}

    def add(self, key, label, done, of=None, *, due=True, required=True, unit="") -> None:
        figure = self.figures.get(key)
        if figure is None:
            figure = self.figures[key] = Figure(
                key, str(label), 0, 0 if of is not None else None, False, required, unit
            )
        if not due:
            return
        figure.due = True
        figure.done += done
        if of is not None:
            figure.of += of

    def __iter__(self):
        return iter(self.figures.values())


def in_scope(scope, data, text: str) -> str:
    """In a period, what concerns one cycle says which."""
    if not scope.is_period:
        return text
    return _("%(cycle)s: %(text)s") % {"cycle": data.label, "text": text}


def link(scope, data, label: str, url: str = "", export: tuple = ()) -> Link:
    return Link(in_scope(scope, data, label), url, export)


def figure(key, label, done, of=None, **extra) -> Figure:
    """One figure, built as a tally of one (see Tally.add)."""
    tally = Tally()
    tally.add(key, label, done, of, **extra)
    return next(iter(tally))


def no_cycle(scope, found: Evidence) -> Evidence:
    """An indicator evidenced action by action, in a scope with no cycle delivered."""
    found.status = Status.NOT_APPLICABLE
    if scope.cancelled and not scope.is_period:
        found.notes.append(_("The cycle was cancelled: nothing is expected of it."))
    else:
        found.notes.append(_("No cycle in this period."))
    return found


def not_recorded(found: Evidence, text: str) -> Evidence:
    found.status = Status.MISSING
    found.missing.append(Missing(text))
    return found


def cycle_url(data, name: str = "", *extra, anchor: str = "") -> str:
    url = reverse(name, args=[data.cycle.code, *extra]) if name else data.cycle.get_absolute_url()
    return url + (f"#{anchor}" if anchor else "")


def organisation_url(scope) -> str:
    """Where the OF's identity and referents are entered: the back office."""
    if scope.organisation is None:
        return reverse("admin:accounts_organisation_add")
    return reverse("admin:accounts_organisation_change", args=[scope.organisation.pk])


def public_url(version, anchor: str = "") -> str:
    url = reverse("programmes:public-version", args=[version.programme.slug, version.number])
    return url + (f"#{anchor}" if anchor else "")


def optional_url(name: str, *args) -> str:
    """The page of an app that may not be installed yet, or ""."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
