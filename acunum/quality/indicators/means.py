"""Criteria 4 to 6, means, staff and environment: indicators 17, 18, 19, 21 to 27."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from acunum.accounts.models import Referent, User
from acunum.checklist.catalogue import CatalogueError, catalogue
from acunum.checklist.models import StepStatus
from acunum.cycles.models import Cycle
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
    organisation_url,
    public_url,
)
from acunum.quality.scope import optional_model
from acunum.workshops.models import Activity

# The trainers' records (agreement, CV, continuing education, the OF's evaluations) are being
# added in the complaints app (issue 9, item 2): looked up by name, so that this evidence reads
# them as soon as they exist and says "not recorded yet" until then.
AGREEMENT = ("complaints", "TrainerAgreement")
CV = ("complaints", "TrainerCV")
TRAINING = ("complaints", "TrainerTraining")
EVALUATION = ("complaints", "TrainerEvaluation")
# A cycle's trainer is evaluated once they have delivered some of it (as the trainers' files
# count it, acunum/complaints/trainers.py).
EVALUABLE = (Cycle.Status.IN_TRAINING, Cycle.Status.ACCOMPANIMENT, Cycle.Status.CLOSED)
NOT_RECORDED = gettext_lazy("Not recorded yet: Acunum does not keep the trainers’ records yet.")


@indicator(17, gettext_lazy("Suitable means and premises"))
def premises(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    stated = 0
    for data in scope.cycles:
        if data.cycle.place.strip() and data.cycle.access.strip():
            stated += 1
        else:
            found.missing.append(
                Missing(
                    in_scope(
                        scope, data, _("The place or the access of the training is not stated.")
                    ),
                    cycle_url(data, "cycles:edit"),
                    _("Edit the cycle"),
                )
            )
        found.evidence.append(
            link(
                scope,
                data,
                _("Training agreement"),
                cycle_url(data, "documents:agreement"),
                ("document", data.cycle.pk, "03-convention.pdf"),
            )
        )
    found.figures.append(
        figure("premises", _("Cycles whose place and access are stated"), stated, len(scope.cycles))
    )
    return found


REFERENTS = [Referent.Role.PEDAGOGICAL, Referent.Role.ADMINISTRATIVE, Referent.Role.DISABILITY]


@indicator(18, gettext_lazy("Coordination of the people involved, and referents"))
def referents(scope, found: Evidence) -> Evidence:
    named = 0
    for role in REFERENTS:
        if scope.organisation and scope.organisation.referent(role):
            named += 1
        else:
            found.missing.append(
                Missing(
                    _("No %(role)s is named.") % {"role": Referent.Role(role).label.lower()},
                    organisation_url(scope),
                    _("Name one"),
                )
            )
    found.figures.append(figure("referents", _("Referents named"), named, len(REFERENTS)))
    if scope.cycles:
        with_trainer = 0
        for data in scope.cycles:
            if data.trainers:
                with_trainer += 1
            else:
                found.missing.append(
                    Missing(
                        in_scope(scope, data, _("No trainer is assigned.")),
                        cycle_url(data, "cycles:edit"),
                        _("Edit the cycle"),
                    )
                )
        found.figures.append(
            figure("trainers", _("Cycles with their trainer"), with_trainer, len(scope.cycles))
        )
    for version in scope.versions():
        found.evidence.append(
            Link(
                _("Referents on the public page of %(version)s") % {"version": version},
                public_url(version, "h-contact"),
                ("programme", version.pk),
            )
        )
    return found


@indicator(19, gettext_lazy("Teaching resources available to the trainees"))
def resources(scope, found: Evidence) -> Evidence:
    try:
        steps = len(catalogue().steps)
    except CatalogueError:
        steps = 0
        found.missing.append(Missing(_("The settings catalogue has errors: run acunum catalogue.")))
    found.figures.append(
        figure("catalogue", _("Steps of the catalogue “bien régler son internet”"), steps)
    )
    if not scope.cycles:
        return found
    tally = Tally()
    for data in scope.cycles:
        # Session 1's activities (J1–J4) and session 2's checklists (from DJ1): each is due once
        # its session has begun.
        run = Activity.objects.filter(cycle=data.cycle).for_participants().count()
        tally.add(
            "activities",
            _("Cycles with in-room activities run"),
            1 if run else 0,
            1,
            due=data.started(part=1),
        )
        tally.add("activities_run", _("In-room activities run"), run, required=False)
        users = StepStatus.objects.of_cycle(data.cycle).values("enrolment").distinct().count()
        due = data.started(part=2)
        tally.add(
            "checklists",
            _("Trainees who worked through their settings checklist"),
            users,
            len(data.enrolments),
            due=due,
        )
        first_day = next((s.sequence.code for s in data.slots if s.sequence.part == 1), "J1")
        if data.started(part=1) and not run:
            found.missing.append(
                Missing(
                    in_scope(scope, data, _("No in-room activity was run.")),
                    cycle_url(data, "workshops:day", first_day),
                    _("Prepare the activities"),
                )
            )
        if due and users < len(data.enrolments):
            n = len(data.enrolments) - users
            text = ngettext(
                "%(n)s trainee has not opened their settings checklist.",
                "%(n)s trainees have not opened their settings checklist.",
                n,
            ) % {"n": n}
            found.missing.append(
                Missing(
                    in_scope(scope, data, text), cycle_url(data, "checklist:room"), _("See who")
                )
            )
        found.evidence.append(
            link(
                scope,
                data,
                _("In-room activities of each day"),
                cycle_url(data, "workshops:day", first_day),
                ("table", data.cycle.pk, "activities"),
            )
        )
        found.evidence.append(
            link(
                scope, data, _("The room’s settings checklists"), cycle_url(data, "checklist:room")
            )
        )
    found.figures.extend(tally)
    return found


def freelance_pairs(scope) -> list[tuple]:
    """(cycle data, trainer) for every trainer of the trainer role on a cycle of the scope: the
    freelance trainers the OF sub-contracts (an OF administrator who trains is its own staff)."""
    return [
        (data, trainer)
        for data in scope.cycles
        for trainer in data.trainers
        if trainer.role == User.Role.TRAINER
    ]


def freelance_trainers(scope) -> list:
    seen = {}
    for _data, trainer in freelance_pairs(scope):
        seen.setdefault(trainer.pk, trainer)
    return sorted(seen.values(), key=lambda t: (t.last_name, t.first_name, t.pk))


def _trainer_text(trainer, text: str) -> str:
    return _("%(trainer)s: %(text)s") % {"trainer": trainer, "text": text}


@indicator(21, gettext_lazy("Competences of the trainers"))
def trainer_competences(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    cv_model, evaluation_model = optional_model(*CV), optional_model(*EVALUATION)
    if cv_model is None or evaluation_model is None:
        return not_recorded(found, str(NOT_RECORDED))
    trainers = freelance_trainers(scope)
    with_cv = set(
        cv_model.objects.filter(trainer__in=trainers).values_list("trainer_id", flat=True)
    )
    evaluated = set(
        evaluation_model.objects.filter(cycle__in=[d.cycle for d in scope.cycles]).values_list(
            "trainer_id", "cycle_id"
        )
    )
    for trainer in trainers:
        if trainer.pk not in with_cv:
            found.missing.append(
                Missing(
                    _trainer_text(trainer, _("no CV on file.")),
                    optional_url("complaints:cv-new", trainer.pk),
                    _("Add the CV"),
                )
            )
        found.evidence.append(
            Link(
                _("File of %(trainer)s") % {"trainer": trainer},
                optional_url("complaints:trainer", trainer.pk),
                ("trainer", trainer.pk),
            )
        )
    due = [(d, t) for d, t in freelance_pairs(scope) if d.cycle.status in EVALUABLE]
    for data, trainer in due:
        if (trainer.pk, data.cycle.pk) not in evaluated:
            found.missing.append(
                Missing(
                    in_scope(
                        scope, data, _trainer_text(trainer, _("not evaluated on this cycle."))
                    ),
                    optional_url("complaints:evaluation-new", trainer.pk),
                    _("Evaluate"),
                )
            )
    found.figures.append(
        figure(
            "trainer_cvs",
            _("Trainers with their CV on file"),
            len(with_cv),
            len(trainers),
            due=bool(trainers),
        )
    )
    found.figures.append(
        figure(
            "trainer_evaluations",
            _("Trainers evaluated on the cycles they delivered"),
            sum(1 for d, t in due if (t.pk, d.cycle.pk) in evaluated),
            len(due),
            due=bool(due),
        )
    )
    if not trainers:
        found.notes.append(_("No freelance trainer on these cycles: the OF’s own staff trains."))
    return found


@indicator(22, gettext_lazy("Continuing education of the trainers"))
def trainer_education(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    model = optional_model(*TRAINING)
    if model is None:
        return not_recorded(found, str(NOT_RECORDED))
    trainers = freelance_trainers(scope)
    trained = set(model.objects.filter(trainer__in=trainers).values_list("trainer_id", flat=True))
    for trainer in trainers:
        if trainer.pk not in trained:
            found.missing.append(
                Missing(
                    _trainer_text(trainer, _("no continuing education recorded.")),
                    optional_url("complaints:training-new", trainer.pk),
                    _("Record one"),
                )
            )
        found.evidence.append(
            Link(
                _("File of %(trainer)s") % {"trainer": trainer},
                optional_url("complaints:trainer", trainer.pk),
                ("trainer", trainer.pk),
            )
        )
    found.figures.append(
        figure(
            "trainer_trainings",
            _("Trainers with continuing education recorded"),
            len(trained),
            len(trainers),
            due=bool(trainers),
        )
    )
    if not trainers:
        found.notes.append(_("No freelance trainer on these cycles: the OF’s own staff trains."))
    return found


WATCH = gettext_lazy("Not recorded yet: Acunum keeps no watch log.")


@indicator(23, gettext_lazy("Legal and regulatory watch"))
def regulatory_watch(scope, found: Evidence) -> Evidence:
    return not_recorded(found, str(WATCH))


@indicator(24, gettext_lazy("Watch on skills, jobs and occupations"))
def jobs_watch(scope, found: Evidence) -> Evidence:
    return not_recorded(found, str(WATCH))


@indicator(25, gettext_lazy("Pedagogical and technological watch"))
def pedagogical_watch(scope, found: Evidence) -> Evidence:
    return not_recorded(found, str(WATCH))


@indicator(26, gettext_lazy("Disabled people: referent and network"))
def disability(scope, found: Evidence) -> Evidence:
    referent = scope.organisation.referent(Referent.Role.DISABILITY) if scope.organisation else None
    found.figures.append(
        figure("disability_referent", _("Disability referent named"), 1 if referent else 0, 1)
    )
    if referent is None:
        found.missing.append(
            Missing(_("No disability referent is named."), organisation_url(scope), _("Name one"))
        )
    needs = sum(
        1 for data in scope.cycles for e in data.enrolments if e.trainee.accessibility_needs
    )
    found.figures.append(
        figure(
            "accessibility_needs",
            _("Trainees whose accessibility needs are recorded"),
            needs,
            required=False,
        )
    )
    for version in scope.versions():
        found.evidence.append(
            Link(
                _("Accessibility on the public page of %(version)s") % {"version": version},
                public_url(version, "h-accessibility"),
                ("programme", version.pk),
            )
        )
    return found


@indicator(27, gettext_lazy("Sub-contracting: conformity of the freelance trainers"))
def subcontracting(scope, found: Evidence) -> Evidence:
    if not scope.cycles:
        return no_cycle(scope, found)
    model = optional_model(*AGREEMENT)
    if model is None:
        return not_recorded(found, str(NOT_RECORDED))
    pairs = freelance_pairs(scope)
    agreements: dict[int, list] = {}
    for agreement in model.objects.filter(trainer__in=freelance_trainers(scope)).defer("pdf"):
        agreements.setdefault(agreement.trainer_id, []).append(agreement)
    covered = 0
    for data, trainer in pairs:
        # In force when the trainer delivers the cycle: on its first half-day, or today for a
        # cycle not scheduled yet.
        day = data.slots[0].date if data.slots else scope.now.date()
        valid = [a for a in agreements.get(trainer.pk, []) if a.is_valid_on(day)]
        if valid:
            covered += 1
            found.evidence.append(
                link(
                    scope,
                    data,
                    _("Intervention agreement of %(trainer)s") % {"trainer": trainer},
                    optional_url("complaints:agreement-pdf", trainer.pk, valid[0].pk),
                    ("agreement", valid[0].pk),
                )
            )
        else:
            found.missing.append(
                Missing(
                    in_scope(
                        scope,
                        data,
                        _trainer_text(
                            trainer,
                            _("no intervention agreement in force on %(day)s.")
                            % {"day": date_format(day, "j F Y")},
                        ),
                    ),
                    optional_url("complaints:agreement-new", trainer.pk),
                    _("Add the agreement"),
                )
            )
    found.figures.append(
        figure(
            "agreements",
            _("Freelance trainers covered by an intervention agreement, cycle by cycle"),
            covered,
            len(pairs),
            due=bool(pairs),
        )
    )
    if not pairs:
        found.notes.append(_("No freelance trainer on these cycles: nothing is sub-contracted."))
    return found
