"""Criterion 7, appreciations and complaints: indicators 30, 31 and 32."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acunum.evaluation.indicators import HOT_SATISFACTION
from acunum.outbox.models import Message
from acunum.quality.evidence import (
    Evidence,
    Link,
    Missing,
    Status,
    Tally,
    cycle_url,
    figure,
    in_scope,
    indicator,
    link,
    no_cycle,
    not_recorded,
    optional_url,
)
from acunum.quality.indicators.common import (
    COLD_SATISFACTION,
    SPONSOR_SATISFACTION,
)
from acunum.quality.scope import optional_model

# The complaints and improvements are being added in the complaints app (issue 9, item 3):
# looked up by name, so that this evidence reads them as soon as they exist and says "not
# recorded yet" until then.
COMPLAINT = ("complaints", "Complaint")
IMPROVEMENT = ("complaints", "Improvement")
NOT_RECORDED = gettext_lazy("Not recorded yet: Acunum does not keep this register yet.")

# The appreciations collected (indicator 30): the trainees' hot and cold satisfaction and the
# structure's. The trainees' learning assessment is no evidence here, the guide says.
SATISFACTION = [
    (HOT_SATISFACTION, gettext_lazy("Trainees who answered the hot satisfaction")),
    (COLD_SATISFACTION, gettext_lazy("Trainees who answered the cold satisfaction")),
    (SPONSOR_SATISFACTION, gettext_lazy("Structure contacts who answered its satisfaction")),
]


@indicator(30, gettext_lazy("Appreciations of the trainees and the structure"))
def appreciations(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    tally = Tally()
    for data in scope.cycles:
        for slug, label in SATISFACTION:
            result = data.questionnaire(slug)
            if result is None:
                continue
            due = data.has_opened(slug)
            tally.add(slug, label, result.answered, result.expected, due=due)
            if due and not result.expected and slug == SPONSOR_SATISFACTION:
                text = _("The structure has no contact account: nobody can answer its survey.")
                found.missing.append(
                    Missing(
                        in_scope(scope, data, text),
                        optional_url("admin:cycles_structure_change", data.cycle.structure_id),
                        _("Add a contact"),
                    )
                )
            elif due and result.answered < result.expected:
                text = _("%(title)s: %(done)s of %(of)s answered.") % {
                    "title": result.questionnaire.title,
                    "done": result.answered,
                    "of": result.expected,
                }
                found.missing.append(
                    Missing(
                        in_scope(scope, data, text),
                        cycle_url(data, "evaluation:results"),
                        _("See the results"),
                    )
                )
        found.evidence.append(
            link(
                scope,
                data,
                _("Results of the questionnaires"),
                cycle_url(data, "evaluation:results"),
                ("table", data.cycle.pk, "questionnaires"),
            )
        )
    reminders = Message.objects.filter(
        cycle__in=[d.cycle for d in scope.cycles],
        kind=Message.Kind.REMINDER,
        status=Message.Status.SENT,
    ).count()
    tally.add("reminders", _("Reminders sent"), reminders, required=False)
    found.figures.extend(tally)
    return found


def scope_complaints(scope, model):
    """The scope's complaints and incidents: a cycle's, or those received in the period (about
    any cycle, or none)."""
    if scope.is_period:
        return model.objects.in_period(scope.start, scope.end)
    return model.objects.of_cycle(scope.single)


@indicator(31, gettext_lazy("Difficulties, complaints and incidents"))
def complaints(scope, found: Evidence) -> Evidence:
    model = optional_model(*COMPLAINT)
    if model is None:
        return not_recorded(found, str(NOT_RECORDED))
    reports = list(scope_complaints(scope, model).order_by("filed_at", "pk"))
    closed = [c for c in reports if c.status == model.Status.CLOSED]
    found.figures.append(
        figure("complaints", _("Complaints and incidents recorded"), len(reports), required=False)
    )
    if reports:
        found.figures.append(
            figure(
                "complaints_closed", _("Complaints and incidents closed"), len(closed), len(reports)
            )
        )
    else:
        # An empty register is evidence too: trainees, contacts and trainers can all report.
        found.status = Status.MET
        found.notes.append(_("No complaint or incident recorded."))
    for report in reports:
        if report.status != model.Status.CLOSED:
            found.missing.append(
                Missing(
                    _("%(kind)s received on %(date)s: %(status)s.")
                    % {
                        "kind": report.get_kind_display(),
                        "date": date_format(report.filed_on, "j F Y"),
                        "status": report.get_status_display().lower(),
                    },
                    report.get_absolute_url(),
                    _("Handle it"),
                )
            )
    if scope.is_period:
        found.evidence.append(
            Link(
                _("Register of complaints and incidents"),
                optional_url("complaints:list"),
                ("complaints",),
            )
        )
    else:
        found.evidence.append(
            Link(
                _("Complaints and incidents of the cycle"),
                optional_url("complaints:cycle", scope.single.code),
                ("complaints",),
            )
        )
    return found


@indicator(32, gettext_lazy("Improvement measures"))
def improvements(scope, found: Evidence) -> Evidence:
    model, complaint_model = optional_model(*IMPROVEMENT), optional_model(*COMPLAINT)
    if model is None or complaint_model is None:
        return not_recorded(found, str(NOT_RECORDED))
    if scope.is_period:
        measures = model.objects.in_period(scope.start, scope.end)
    else:
        measures = model.objects.of_cycle(scope.single)
    measures = list(measures)
    done = [m for m in measures if m.status == model.Status.DONE]
    reports = scope_complaints(scope, complaint_model).count()
    found.figures.append(
        figure("improvements", _("Improvements decided"), len(measures), required=False)
    )
    if measures:
        found.figures.append(
            figure("improvements_done", _("Improvements carried out"), len(done), len(measures))
        )
    elif reports or scope.is_period:
        found.status = Status.MISSING
        found.missing.append(
            Missing(
                _("No improvement decided in this period.")
                if scope.is_period
                else _("No improvement decided after the complaints and incidents of this cycle."),
                optional_url("complaints:improvement-new"),
                _("Record one"),
            )
        )
    else:
        found.status = Status.NOT_APPLICABLE
        found.notes.append(_("No complaint, incident or improvement about this cycle."))
    found.evidence.append(
        Link(
            _("Improvements and what caused them"),
            optional_url("complaints:improvement-list"),
            ("improvements",),
        )
    )
    return found
