"""Criterion 2, objectives and design: indicators 4, 5, 6 and 8."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from acunum.cycles import schedule
from acunum.evaluation.assessment import TRAINER_ASSESSMENT
from acunum.evaluation.models import QuestionnaireVersion
from acunum.evaluation.questionnaire import Prerequisites, Purpose
from acunum.quality.evidence import (
    Evidence,
    Link,
    Missing,
    Tally,
    cycle_url,
    figure,
    in_scope,
    indicator,
    link,
    no_cycle,
    not_recorded,
    optional_url,
    public_url,
)
from acunum.quality.indicators.common import (
    no_trainee,
    trainee_questionnaire,
)
from acunum.quality.scope import optional_model


@indicator(4, gettext_lazy("Analysis of the need"))
def needs_analysis(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    needs = sum(
        1 for data in scope.cycles for e in data.enrolments if e.trainee.accessibility_needs
    )
    # The needs analysis is being added to the cycles app (issue 9, item 1): looked up by name,
    # so that this evidence reads it as soon as it exists and says "missing" until then.
    model = optional_model("cycles", "NeedsAnalysis")
    if model is None:
        not_recorded(found, _("No needs analysis recorded: Acunum does not record them yet."))
    else:
        analyses = model.objects.filter(cycle__in=[d.cycle for d in scope.cycles])
        recorded = set(analyses.values_list("cycle_id", flat=True))
        # Completed after the conversation with the structure: the evidence itself.
        completed = set(analyses.completed().values_list("cycle_id", flat=True))
        for data in scope.cycles:
            fix = optional_url("cycles:needs", data.cycle.code) or cycle_url(data)
            if data.cycle.pk in recorded:
                found.evidence.append(
                    link(scope, data, _("Needs analysis"), fix, ("table", data.cycle.pk, "needs"))
                )
            if data.cycle.pk not in completed:
                text = (
                    _("The needs analysis is not completed after talking with the structure.")
                    if data.cycle.pk in recorded
                    else _("No needs analysis recorded.")
                )
                found.missing.append(Missing(in_scope(scope, data, text), fix, _("Complete it")))
        found.figures.append(
            figure(
                "needs_analysis",
                _("Cycles whose needs analysis is completed"),
                len(completed),
                len(scope.cycles),
            )
        )
    found.figures.append(
        figure(
            "accessibility_needs",
            _("Trainees whose accessibility needs are recorded"),
            needs,
            required=False,
        )
    )
    return found


@indicator(5, gettext_lazy("Operational and evaluable objectives"))
def objectives(scope, found: Evidence) -> Evidence:
    assessment = QuestionnaireVersion.objects.current_of(TRAINER_ASSESSMENT)
    measured = set(assessment.questionnaire.objective_questions()) if assessment else set()
    stated = assessed = 0
    for version in scope.versions():
        count = len(version.data.get("objectives") or [])
        stated += count
        for n in range(1, count + 1):
            if n in measured:
                assessed += 1
            else:
                found.missing.append(
                    Missing(
                        _("%(version)s: objective %(n)s is not assessed by the trainer.")
                        % {"version": version, "n": n},
                        fix_label=_("the questionnaire file %(slug)s")
                        % {"slug": TRAINER_ASSESSMENT},
                    )
                )
        if not count:
            found.missing.append(
                Missing(
                    _("%(version)s states no objective.") % {"version": version},
                    fix_label=_("the programme file"),
                )
            )
        found.evidence.append(
            Link(
                _("Objectives of %(version)s") % {"version": version},
                public_url(version, "h-objectives"),
                ("programme", version.pk),
            )
        )
    found.figures.append(figure("objectives", _("Objectives stated"), stated))
    found.figures.append(
        figure(
            "objectives_assessed",
            _("Objectives assessed by the trainer’s assessment of each trainee"),
            assessed,
            stated,
        )
    )
    return found


@indicator(6, gettext_lazy("Contents, durations and calendar fit the objectives"))
def contents_and_calendar(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    fit = 0
    for data in scope.cycles:
        # The cycle page's check: every half-day of the programme, its duration, no holiday,
        # no weekend, no overlap with the trainers' other cycles.
        conflicts = schedule.check_cycle(data.cycle) if data.slots else []
        if not data.slots:
            found.missing.append(
                Missing(
                    in_scope(scope, data, _("No schedule yet.")),
                    cycle_url(data, "cycles:schedule"),
                    _("Propose a schedule"),
                )
            )
        elif conflicts:
            text = ngettext(
                "The schedule has %(n)s conflict.",
                "The schedule has %(n)s conflicts.",
                len(conflicts),
            ) % {"n": len(conflicts)}
            found.missing.append(
                Missing(in_scope(scope, data, text), cycle_url(data, anchor="h-schedule"), _("See"))
            )
        else:
            fit += 1
        if data.slots:
            found.evidence.append(
                link(
                    scope,
                    data,
                    _("Schedule of the half-days"),
                    cycle_url(data, anchor="h-schedule"),
                    ("table", data.cycle.pk, "slots"),
                )
            )
    found.figures.append(
        figure(
            "schedules",
            _("Cycles with a complete schedule, without conflict"),
            fit,
            len(scope.cycles),
        )
    )
    return found


@indicator(8, gettext_lazy("Positioning on entry"))
def positioning(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    tally = Tally()
    for data in scope.cycles:
        result = trainee_questionnaire(data, Purpose.POSITIONING)
        if result is None:
            found.missing.append(Missing(_("No positioning questionnaire is loaded.")))
            break
        due = data.has_opened(result.questionnaire.slug)
        if due and not data.enrolments:
            no_trainee(scope, data, found)
        tally.add(
            "positioning",
            _("Trainees who answered the positioning"),
            result.answered,
            result.expected,
            due=due,
        )
        to_support = [
            row for row in data.results.positioning or [] if row.result == Prerequisites.TO_SUPPORT
        ]
        tally.add(
            "to_support",
            _("Trainees to be supported on the prerequisites"),
            len(to_support),
            due=due,
            required=False,
        )
        if due and result.answered < result.expected:
            n = result.expected - result.answered
            text = ngettext(
                "%(n)s trainee has not answered the positioning.",
                "%(n)s trainees have not answered the positioning.",
                n,
            ) % {"n": n}
            found.missing.append(
                Missing(
                    in_scope(scope, data, text),
                    cycle_url(data, "evaluation:results"),
                    _("See who"),
                )
            )
        found.evidence.append(
            link(
                scope,
                data,
                _("Positioning of each trainee"),
                cycle_url(data, "evaluation:results"),
                ("table", data.cycle.pk, "positioning"),
            )
        )
    found.figures.extend(tally)
    return found
