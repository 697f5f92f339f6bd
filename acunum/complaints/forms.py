"""The forms of the trainers' files, the complaints and the improvements. They read what was
typed; the rules live in trainers.py, intake.py, improvements.py and the models, whose refusals
the views put back on the field at fault."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from acunum.complaints.models import Complaint, Improvement, Refused, TrainerEvaluation
from acunum.complaints.uploads import read_pdf
from acunum.cycles.models import Cycle


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def text_area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def pdf_field(label) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=_("A PDF file, 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


def not_in_the_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return day


class RefusalsMixin:
    def refuse(self, refused: Refused) -> None:
        """A rule's refusal, shown on its field when the field is in this form."""
        self.add_error(refused.field if refused.field in self.fields else None, str(refused))


class PdfMixin:
    def clean_file(self):
        return read_pdf(self.cleaned_data["file"], str(self.fields["file"].label))


class AgreementForm(PdfMixin, RefusalsMixin, forms.Form):
    file = pdf_field(_("Intervention agreement (PDF)"))
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty if it has no end date."),
    )

    def clean_signed_on(self):
        return not_in_the_future(self.cleaned_data["signed_on"])

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The agreement cannot end before it starts."))
        return data


class CVForm(PdfMixin, RefusalsMixin, forms.Form):
    file = pdf_field(_("CV (PDF)"))
    dated = forms.DateField(
        label=_("Date of the CV"), widget=DateInput(), help_text=_("When it was last updated.")
    )

    def clean_dated(self):
        return not_in_the_future(self.cleaned_data["dated"])


class TrainingForm(RefusalsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    organisation = forms.CharField(label=_("Training organisation"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput(), help_text=_("Its last day."))
    hours = forms.DecimalField(
        label=_("Duration (hours)"), min_value=0.5, max_value=999, decimal_places=1, max_digits=5
    )

    def clean_date(self):
        return not_in_the_future(self.cleaned_data["date"])


class EvaluationForm(RefusalsMixin, forms.Form):
    cycle = forms.ChoiceField(
        label=_("Cycle"),
        error_messages={"invalid_choice": _("Choose one of the cycles still to evaluate.")},
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=TrainerEvaluation.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments"),
        max_length=5000,
        required=False,
        widget=text_area(),
        help_text=_("What went well, what to improve: preparation, delivery, follow-up."),
    )

    def __init__(self, *args, cycles: list[Cycle], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [("", "—")] + [(str(c.code), str(c)) for c in cycles]


KIND_CHOICES = [
    (Complaint.Kind.COMPLAINT, _("A complaint: something went wrong and I want it known")),
    (Complaint.Kind.INCIDENT, _("An incident: a difficulty or a hitch during the training")),
]


class ComplaintForm(RefusalsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether it is a complaint or an incident.")},
    )
    text = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        widget=text_area(6),
        help_text=_("When, where, who was concerned; what you would like to happen."),
    )
    wants_answer = forms.BooleanField(label=_("I would like an answer"), required=False)


class TraineeComplaintForm(ComplaintForm):
    # The cycle the page was shown for: a report is refused if it names another one.
    cycle = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["cycle", "kind", "text", "wants_answer"]


class AdminComplaintForm(ComplaintForm):
    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        queryset=Cycle.objects.select_related("structure", "programme_version__programme"),
        to_field_name="code",
        required=False,
        help_text=_("Leave empty if it concerns no cycle in particular."),
    )
    on_behalf_of = forms.CharField(
        label=_("On behalf of"),
        max_length=200,
        required=False,
        help_text=_("Who reported it, if not you: for example, the funder, by phone."),
    )

    field_order = ["kind", "cycle", "on_behalf_of", "text", "wants_answer"]


class StepForm(RefusalsMixin, forms.Form):
    """The next step of a complaint: its date, and the answer's text when it is the answer."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(
        label=_("Reply"),
        max_length=5000,
        required=False,
        widget=text_area(6),
        help_text=_("What the training organisation answered, as it was sent."),
    )

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if step != Complaint.Status.ANSWERED:
            del self.fields["text"]
        else:
            self.fields["text"].required = True


class ImprovementForm(RefusalsMixin, forms.Form):
    what = forms.CharField(label=_("What changes"), max_length=5000, widget=text_area())
    cause = forms.ChoiceField(
        label=_("Cause"), choices=Improvement.Cause.choices, widget=forms.RadioSelect
    )
    complaint = forms.ModelChoiceField(
        label=_("Complaint or incident"),
        queryset=Complaint.objects.select_related("cycle__structure"),
        to_field_name="code",
        required=False,
        help_text=_("When the cause is a complaint or an incident."),
    )
    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        queryset=Cycle.objects.select_related("structure", "programme_version__programme"),
        to_field_name="code",
        required=False,
        help_text=_("When the cause is a satisfaction result: the cycle it comes from."),
    )
    source_note = forms.CharField(
        label=_("Which result"),
        max_length=300,
        required=False,
        help_text=_("For example: hot satisfaction, 4 of 12 found the pace too fast."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    decided_by = forms.CharField(
        label=_("Decided by"), max_length=200, help_text=_("A person or a team: who decided it.")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Improvement.Status.choices,
        widget=forms.RadioSelect,
        initial=Improvement.Status.PLANNED,
    )
    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=DateInput(), help_text=_("Once it is done.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].label_from_instance = complaint_label

    @classmethod
    def initial_from(cls, improvement: Improvement) -> dict:
        return {
            "what": improvement.what,
            "cause": improvement.cause,
            "complaint": improvement.complaint.code if improvement.complaint else None,
            "cycle": improvement.cycle.code if improvement.cycle else None,
            "source_note": improvement.source_note,
            "decided_on": improvement.decided_on,
            "decided_by": improvement.decided_by,
            "status": improvement.status,
            "done_on": improvement.done_on,
        }


def complaint_label(complaint: Complaint) -> str:
    where = complaint.cycle.structure.name if complaint.cycle else _("no cycle")
    day = date_format(complaint.filed_on, "SHORT_DATE_FORMAT")
    return f"{complaint.get_kind_display()} · {day} · {where} · {complaint.text[:60]}"
