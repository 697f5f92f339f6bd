"""The forms of the action plan and the accompaniment. They read what was typed; the rules live
in commitments.py and accompaniment.py, whose refusals the views put back on the field at fault."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from acunum.plans.commitments import NO_BY_WHEN, NO_USAGE, Refused
from acunum.plans.models import Commitment, StatusChange, Theme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RefusalsMixin:
    def refuse(self, refused: Refused) -> None:
        """A rule's refusal, shown on its field when the field is in this form."""
        self.add_error(refused.field if refused.field in self.fields else None, str(refused))


class CommitmentForm(RefusalsMixin, forms.Form):
    usage = forms.CharField(
        label=_("Usage"),
        max_length=200,
        error_messages={"required": NO_USAGE},
        help_text=_("What you will put in place at work: for example, a shared team calendar."),
    )
    why = forms.CharField(
        label=_("Why"),
        max_length=1000,
        required=False,
        widget=text_area(),
        help_text=_("What it changes for you, your colleagues or the people you support."),
    )
    with_whom = forms.CharField(
        label=_("With whom"),
        max_length=300,
        required=False,
        help_text=_("Colleagues, your manager, partners, the people you support…"),
    )
    by_when = forms.DateField(
        label=_("By when"), widget=DateInput(), error_messages={"required": NO_BY_WHEN}
    )
    first_step = forms.CharField(
        label=_("First step"),
        max_length=1000,
        required=False,
        widget=text_area(2),
        help_text=_("The very first thing you will do, this week if you can."),
    )
    support = forms.CharField(
        label=_("Support needed"),
        max_length=1000,
        required=False,
        widget=text_area(2),
        help_text=_("From your structure, a colleague, the training organisation…"),
    )

    @classmethod
    def of(cls, commitment: Commitment):
        return cls(initial={name: getattr(commitment, name) for name in cls.base_fields})


class StatusForm(RefusalsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=StatusChange.Status.choices,
        error_messages={
            "required": _("Choose where the commitment stands in the “Status” list."),
            "invalid_choice": _("Choose where the commitment stands in the “Status” list."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        widget=text_area(2),
        help_text=_("What has been done, what blocks; required to abandon a commitment."),
    )


def status_form(commitment) -> StatusForm:
    """An empty status form for the commitment, on its current status, with its own ids."""
    current = getattr(commitment, "current", None)
    return StatusForm(
        prefix=f"c{commitment.pk}", initial={"status": current.status} if current else None
    )


class SynthesisForm(RefusalsMixin, forms.Form):
    """A text and the commitments it draws on, for each of the four themes."""

    def __init__(self, *args, commitments: list[Commitment], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c.pk, f"{c.enrolment.trainee} : {c.usage}") for c in commitments]
        for theme in Theme:
            self.fields[f"text_{theme.value}"] = forms.CharField(
                label=_("What the group’s commitments call for"),
                max_length=5000,
                required=False,
                widget=text_area(5),
            )
            self.fields[f"commitments_{theme.value}"] = forms.TypedMultipleChoiceField(
                label=_("The commitments it draws on"),
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    @classmethod
    def initial_from(cls, themes) -> dict:
        initial = {}
        for item in themes:
            initial[f"text_{item.theme.value}"] = item.text
            initial[f"commitments_{item.theme.value}"] = item.commitment_ids
        return initial

    def themes(self):
        """(theme, its text field, its commitments field), to lay each out in its fieldset."""
        return [
            (theme, self[f"text_{theme.value}"], self[f"commitments_{theme.value}"])
            for theme in Theme
        ]

    def texts(self) -> dict:
        return {t.value: self.cleaned_data[f"text_{t.value}"] for t in Theme}

    def drawn_on(self) -> dict:
        return {t.value: self.cleaned_data[f"commitments_{t.value}"] for t in Theme}


class MeetingForm(RefusalsMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    participants = forms.CharField(
        label=_("Participants"),
        max_length=1000,
        widget=text_area(2),
        help_text=_("Names and roles: the structure’s director, trainees, the trainer…"),
    )
    notes = forms.CharField(label=_("Notes"), max_length=10000, required=False, widget=text_area(6))
    decisions = forms.CharField(
        label=_("Decisions"), max_length=5000, required=False, widget=text_area(4)
    )


class ReviewForm(RefusalsMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(
        label=_("Review"),
        max_length=10000,
        widget=text_area(8),
        help_text=_(
            "What the accompaniment achieved, what is left to the structure. Once recorded, the "
            "action plan no longer changes."
        ),
    )
