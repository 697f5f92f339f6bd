"""Criterion 1, public information: indicators 1 and 2."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acunum.evaluation.indicators import for_programme
from acunum.quality.evidence import (
    Evidence,
    Link,
    Missing,
    Status,
    figure,
    indicator,
    organisation_url,
    public_url,
)

# The mentions indicator 1 and the law ask of the public page (qualiopi-and-funding.md §2, §6),
# and where the programme file holds each.
MENTIONS = [
    (gettext_lazy("objectives"), lambda d: d.get("objectives")),
    (gettext_lazy("prerequisites"), lambda d: (d.get("prerequisites") or {}).get("text")),
    (gettext_lazy("duration"), lambda d: (d.get("duration") or {}).get("text")),
    (gettext_lazy("access modalities"), lambda d: (d.get("delivery") or {}).get("access")),
    (gettext_lazy("access delays"), lambda d: (d.get("delivery") or {}).get("delay")),
    (gettext_lazy("price"), lambda d: (d.get("delivery") or {}).get("price")),
    (gettext_lazy("teaching methods"), lambda d: (d.get("delivery") or {}).get("methods")),
    (gettext_lazy("evaluation modalities"), lambda d: (d.get("delivery") or {}).get("evaluation")),
    (
        gettext_lazy("accessibility for disabled people"),
        lambda d: (d.get("delivery") or {}).get("accessibility"),
    ),
]


@indicator(1, gettext_lazy("Public information on the training"))
def public_information(scope, found: Evidence) -> Evidence:
    present = total = 0
    for version in scope.versions():
        # The date of last update is the version's own (a required field of the file), and the
        # contacts are the OF's: the page prints them from its details.
        total += len(MENTIONS) + 2
        present += 1
        for label, value in MENTIONS:
            if value(version.data):
                present += 1
            else:
                found.missing.append(
                    Missing(
                        _("%(version)s: the public page states no %(mention)s.")
                        % {"version": version, "mention": label},
                        fix_label=_("the programme file"),
                    )
                )
        if scope.organisation and scope.organisation.email:
            present += 1
        found.evidence.append(
            Link(
                _("Public page of %(version)s") % {"version": version},
                public_url(version),
                ("programme", version.pk),
            )
        )
    if scope.organisation is None or not scope.organisation.email:
        found.missing.append(
            Missing(
                _("The training organisation’s details are not entered: no contact is shown."),
                organisation_url(scope),
                _("Enter them"),
            )
        )
    found.figures.append(
        figure("mentions", _("Mandatory mentions on the public page"), present, total)
    )
    return found


@indicator(2, gettext_lazy("Published result indicators"))
def published_results(scope, found: Evidence) -> Evidence:
    expected: dict[int, set[int]] = {}
    for data in scope.cycles:
        if data.has_ended:
            programme = data.cycle.programme_version.programme_id
            expected.setdefault(programme, set()).add(data.last_slot.date.year)
    done = of = published_count = 0
    for programme in scope.programmes():
        years = {row.year for row in for_programme(programme)}
        published_count += len(years)
        wanted = expected.get(programme.pk, set())
        of += len(wanted)
        done += len(wanted & years)
        for year in sorted(wanted - years):
            found.missing.append(
                Missing(
                    _(
                        "The results of %(year)s for %(programme)s are not published yet: the "
                        "worker computes them once a day (or the command acunum indicators)."
                    )
                    % {"year": year, "programme": programme}
                )
            )
        found.evidence.append(
            Link(
                _("Results published on the page of %(programme)s") % {"programme": programme},
                reverse("programmes:public", args=[programme.slug]) + "#h-results",
                ("published",),
            )
        )
    if of:
        found.figures.append(
            figure("published_years", _("Years of ended cycles with results published"), done, of)
        )
    found.figures.append(
        figure("published", _("Years published"), published_count, required=not of)
    )
    if not of and not published_count:
        found.status = Status.NOT_APPLICABLE
        found.notes.append(_("No cycle has ended yet: results are published once one has."))
    return found
