"""Answering a questionnaire: whether this person may, and storing their answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from acunum.cycles.models import Cycle, Enrolment
from acunum.evaluation import due, reminders
from acunum.evaluation.models import Participation, QuestionnaireVersion, Response


class Refused(Exception):
    """Why these answers are not stored, in words for the person who sent them."""


@dataclass(frozen=True)
class Who:
    """Who answers: a trainee (by their link), or a user; a trainer about a trainee (subject)."""

    enrolment: Enrolment | None = None
    user: object | None = None
    subject: Enrolment | None = None


def answered_on(cycle: Cycle, slug: str, who: Who) -> date | bool | None:
    """When this person answered (True when the day is not kept: anonymous), or None."""
    if who.enrolment is not None:
        found = Participation.objects.of(cycle, slug).filter(enrolment=who.enrolment)
        days = list(found.values_list("day", flat=True)[:1])
        return (days[0] or True) if days else None
    responses = Response.objects.filter(cycle=cycle, questionnaire=slug)
    if who.subject is not None:
        responses = responses.filter(subject=who.subject)
    else:
        responses = responses.filter(respondent_user=who.user, subject=None)
    return responses.values_list("submitted_on", flat=True).first()


def describe_window(window: due.Window, enrolment: Enrolment | None = None) -> str:
    """When the questionnaire is (or was) open, as a sentence."""

    def day(moment: datetime) -> str:
        return formats.date_format(timezone.localtime(moment), "j F Y")

    opens, closes = window.opens_for(enrolment), window.closes
    if opens and closes:
        return _("Open from %(opens)s to %(closes)s.") % {
            "opens": day(opens),
            "closes": day(closes),
        }
    if closes:
        return _("Open until %(closes)s.") % {"closes": day(closes)}
    if opens:
        return _("Open from %(opens)s.") % {"opens": day(opens)}
    return ""


def check_open(cycle: Cycle, version: QuestionnaireVersion, who: Who, now: datetime):
    """The questionnaire's window, or Refused if it is not open to this person now."""
    window = due.cycle_windows(cycle).get(version.slug)
    if window is None:
        raise Refused(_("This questionnaire is not open: the cycle has no schedule yet."))
    state = window.state(now, who.enrolment)
    if state == due.UPCOMING:
        raise Refused(
            _("This questionnaire is not open yet. %(when)s")
            % {"when": describe_window(window, who.enrolment)}
        )
    if state == due.CLOSED:
        raise Refused(
            _("This questionnaire is closed. %(when)s")
            % {"when": describe_window(window, who.enrolment)}
        )
    return window


def already_answered_message(day: date | bool) -> str:
    if day is True:
        return _("You have already answered this questionnaire: it can be answered only once.")
    return _(
        "You have already answered this questionnaire, on %(day)s: it can be answered only once."
    ) % {"day": formats.date_format(day, "j F Y")}


def submit(
    version: QuestionnaireVersion, cycle: Cycle, answers: dict, who: Who, day: date
) -> Response:
    """Store one submission: the answers and, for a trainee, that they answered; one transaction.

    An anonymous answer keeps no link to the trainee: only the Participation names them, and it
    says nothing of what they answered. A second submission is refused (Refused), by the database
    constraints when two arrive at once.
    """
    questionnaire = version.questionnaire
    anonymous = questionnaire.anonymous
    try:
        with transaction.atomic():
            if who.enrolment is not None:
                Participation.objects.create(
                    cycle=cycle,
                    questionnaire=version.slug,
                    enrolment=who.enrolment,
                    day=None if anonymous else day,
                )
            response = Response.objects.create(
                version=version,
                cycle=cycle,
                respondent_enrolment=None if anonymous else who.enrolment,
                respondent_user=who.user,
                subject=who.subject,
                answers=answers,
                submitted_on=day,
            )
            # Those who answered are not reminded; a reminder already queued is withdrawn.
            if prefix := reminders.reminder_prefix(version.slug, cycle, who):
                reminders.cancel_pending(prefix)
    except IntegrityError:
        day = answered_on(cycle, version.slug, who) or True
        raise Refused(already_answered_message(day)) from None
    return response


def answer(
    version: QuestionnaireVersion,
    cycle: Cycle,
    answers: dict,
    who: Who,
    now: datetime | None = None,
) -> Response:
    """Answers already checked by the form, from a person: stored if the questionnaire is open to
    them and they have not answered it yet; otherwise Refused, and nothing is stored."""
    now = now or timezone.now()
    check_open(cycle, version, who, now)
    if day := answered_on(cycle, version.slug, who):
        raise Refused(already_answered_message(day))
    return submit(version, cycle, answers, who, timezone.localdate(now))
