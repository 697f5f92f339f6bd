from django import forms
from django.utils.translation import gettext_lazy as _

from acunum.usages.models import MAX_TEXT, MAX_TITLE, Category, Proposal


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("The usage, in a few words"),
        max_length=MAX_TITLE,
        help_text=_("For example: “Make a short video with the young people of the centre”."),
    )
    description = forms.CharField(
        label=_("What you would like to be able to do, and why"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, widget=forms.RadioSelect
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


REASON_HELP = _(
    "Kept in the cycle’s record of adaptations, with your name and the date (Qualiopi "
    "indicator 10)."
)


class ThemeForm(forms.Form):
    title = forms.CharField(label=_("Theme"), max_length=MAX_TITLE)
    objectives = forms.CharField(
        label=_("Objectives"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the trainees will be able to do at the end of the half-day."),
    )
    resources = forms.CharField(
        label=_("Resources"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tools, sites, documents, equipment to bring."),
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("The proposals it answers"),
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Why this change?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=REASON_HELP,
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = (
            Proposal.objects.of_cycle(cycle).visible().order_by("created_at", "pk")
        )


class RemoveThemeForm(forms.Form):
    # Its own prefix: the removal sits on the theme's page, beside the theme's own form.
    prefix = "remove"

    reason = forms.CharField(
        label=_("Why remove this theme?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=REASON_HELP,
    )
