"""Criterion 3, reception, follow-up and evaluation: indicators 9 to 12."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from acunum.attendance import signing
from acunum.attendance.state import SlotSummary
from acunum.evaluation.assessment import TRAINER_ASSESSMENT
from acunum.outbox.models import Message
from acunum.outbox.templatetags.outbox import cycle_outbox
from acunum.quality.evidence import (
    Evidence,
    Missing,
    Tally,
    cycle_url,
    in_scope,
    indicator,
    link,
    no_cycle,
)
from acunum.quality.indicators.common import (
    SELF_ASSESSMENT,
    no_trainee,
)
from acunum.usages import plan
from acunum.usages.models import Adaptation


@indicator(9, gettext_lazy("Information of the trainees before the training"))
def convocations(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    tally = Tally()
    for data in scope.cycles:
        # What the cycle page's outbox section shows: each trainee's latest convocation.
        rows = cycle_outbox(data.cycle, data.enrolments)["rows"]
        sent = sum(
            1
            for row in rows
            if row["convocation"] and row["convocation"].status == Message.Status.SENT
        )
        # Due once the cycle has its schedule: a convocation gives the dates.
        due = bool(data.slots)
        tally.add(
            "convocations", _("Trainees whose convocation was sent"), sent, len(rows), due=due
        )
        if due and not rows:
            no_trainee(scope, data, found)
        elif due and sent < len(rows):
            n = len(rows) - sent
            text = ngettext(
                "%(n)s convocation is not sent.", "%(n)s convocations are not sent.", n
            ) % {"n": n}
            found.missing.append(
                Missing(
                    in_scope(scope, data, text),
                    cycle_url(data, anchor="h-outbox"),
                    _("Send the convocations"),
                )
            )
        found.evidence.append(
            link(
                scope,
                data,
                _("Emails sent, with the proof of their sending"),
                cycle_url(data, "outbox:cycle"),
                ("table", data.cycle.pk, "convocations"),
            )
        )
        found.evidence.append(
            link(
                scope,
                data,
                _("Convocations"),
                cycle_url(data, anchor="h-documents"),
                ("document", data.cycle.pk, "04-convocations/"),
            )
        )
    found.figures.extend(tally)
    return found


@indicator(10, gettext_lazy("Adaptation to the trainees"))
def adaptation(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    tally = Tally()
    for data in scope.cycles:
        days = plan.half_days(data.cycle)
        unthemed = plan.missing(days)
        codes = plan.span(plan.requested_codes(data.cycle.programme_version))
        # The themes are due once the first of these half-days has begun: before, the group may
        # still be proposing and voting.
        due = any(day.slot and day.slot.starts_at() <= data.now for day in days)
        tally.add(
            "themes",
            _("Half-days of requested usages with their theme"),
            len(days) - len(unthemed),
            len(days),
            due=due,
        )
        tally.add(
            "adaptations",
            _("Changes kept in the adaptation record"),
            Adaptation.objects.of_cycle(data.cycle).count(),
            required=False,
        )
        if due and unthemed:
            text = _("No theme yet for %(codes)s.") % {"codes": ", ".join(s.code for s in unthemed)}
            found.missing.append(
                Missing(
                    in_scope(scope, data, text),
                    cycle_url(data, "usages:board"),
                    _("Choose the themes"),
                )
            )
        found.evidence.append(
            link(
                scope,
                data,
                _("Themes of %(codes)s and the record of their changes") % {"codes": codes},
                cycle_url(data, "usages:board", anchor="h-history"),
                ("table", data.cycle.pk, "adaptations"),
            )
        )
    found.figures.extend(tally)
    return found


@indicator(11, gettext_lazy("Assessment of what was learnt"))
def learning_assessment(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    tally = Tally()
    for data in scope.cycles:
        due = data.has_opened(TRAINER_ASSESSMENT)
        assessed = sum(1 for e in data.enrolments if e.pk in data.assessments)
        tally.add(
            "trainer_assessments",
            _("Trainees assessed by their trainer"),
            assessed,
            len(data.enrolments),
            due=due,
        )
        if due and assessed < len(data.enrolments):
            n = len(data.enrolments) - assessed
            text = ngettext(
                "%(n)s trainee is not assessed by the trainer.",
                "%(n)s trainees are not assessed by the trainer.",
                n,
            ) % {"n": n}
            found.missing.append(
                Missing(
                    in_scope(scope, data, text),
                    cycle_url(data, "evaluation:assessments", TRAINER_ASSESSMENT),
                    _("Assess them"),
                )
            )
        own = data.questionnaire(SELF_ASSESSMENT)
        if own is not None:
            own_due = data.has_opened(SELF_ASSESSMENT)
            tally.add(
                "self_assessments",
                _("Trainees who answered the learning assessment"),
                own.answered,
                own.expected,
                due=own_due,
            )
            if own_due and own.answered < own.expected:
                n = own.expected - own.answered
                text = ngettext(
                    "%(n)s trainee has not answered the learning assessment.",
                    "%(n)s trainees have not answered the learning assessment.",
                    n,
                ) % {"n": n}
                found.missing.append(
                    Missing(
                        in_scope(scope, data, text),
                        cycle_url(data, "evaluation:results"),
                        _("See the answers"),
                    )
                )
        found.evidence.append(
            link(
                scope,
                data,
                _("The trainer’s assessment of each trainee"),
                cycle_url(data, "evaluation:assessments", TRAINER_ASSESSMENT),
                ("table", data.cycle.pk, "assessments"),
            )
        )
        found.evidence.append(
            link(
                scope,
                data,
                _("Training attestations, with the result of the assessment"),
                cycle_url(data, anchor="h-documents"),
                ("document", data.cycle.pk, "08-attestations-fin-formation/"),
            )
        )
    found.figures.extend(tally)
    return found


@indicator(12, gettext_lazy("Engagement and assiduity of the trainees"))
def assiduity(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    tally = Tally()
    for data in scope.cycles:
        ended = data.ended_slots()
        due = bool(ended)
        closed = [s for s in ended if signing.is_closed(s)]
        signed = [s for s in ended if data.summaries.get(s.pk, SlotSummary()).counter_signed]
        # Hours realised over the half-days that are over, from the ledger (partial attendance
        # counted as the minutes realised), against full attendance of those half-days.
        indexes = {s.index for s in ended}
        realised = sum(
            minutes
            for row in data.assiduity.trainees
            for index, minutes in row.by_slot.items()
            if index in indexes
        )
        planned = sum(s.minutes for s in ended) * len(data.enrolments)
        tally.add("closed", _("Half-days over and closed"), len(closed), len(ended), due=due)
        tally.add(
            "counter_signed",
            _("Half-days over and counter-signed by the trainer"),
            len(signed),
            len(ended),
            due=due,
        )
        tally.add(
            "hours",
            _("Hours realised by the trainees"),
            realised,
            planned,
            due=due,
            required=False,
            unit="minutes",
        )
        tally.add(
            "absences",
            _("Absences recorded"),
            sum(row.absences for row in data.assiduity.trainees),
            due=due,
            required=False,
        )
        for slot in ended:
            problems = []
            if slot not in signed:
                problems.append(_("is not counter-signed"))
            if slot not in closed:
                problems.append(_("is not closed"))
            if problems:
                text = _("Half-day %(n)s of %(date)s %(problems)s.") % {
                    "n": slot.index,
                    "date": date_format(slot.date, "j F Y"),
                    "problems": _(" and ").join(problems),
                }
                found.missing.append(
                    Missing(
                        in_scope(scope, data, text),
                        cycle_url(data, "attendance:board", slot.index),
                        _("Open its attendance"),
                    )
                )
        if data.slots:
            for title, anchor, kind, path in (
                (
                    _("Attendance sheets of the half-days"),
                    "h-schedule",
                    "document",
                    "05-emargement/",
                ),
                (_("Hours realised per trainee"), "h-assiduity", "table", "assiduity"),
                (
                    _("Certificates of completion"),
                    "h-documents",
                    "document",
                    "07-certificats-realisation/",
                ),
            ):
                piece = (kind, data.cycle.pk, path)
                found.evidence.append(
                    link(scope, data, title, cycle_url(data, anchor=anchor), piece)
                )
    found.figures.extend(tally)
    return found
