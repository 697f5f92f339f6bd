from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from acunum.accounts.models import AuditAction, AuditEntry


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or email"),
        max_length=100,
        error_messages={
            "required": _("Type a name or an email to search for (“Name or email”)."),
            "max_length": _("“Name or email”: 100 characters at most."),
        },
    )

    def words(self) -> list[str]:
        return self.cleaned_data["q"].split()


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: request received by email on 3 March. Do not name the person: this "
            "record outlives their data."
        ),
        error_messages={
            "required": _("Say why the data is erased (“Reason”)."),
            "max_length": _("“Reason”: 1,000 characters at most."),
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the data is erased (“Reason”)."))
        return reason


class AuditFilterForm(forms.Form):
    """The audit log's filters, from the query string (?par=…&action=…)."""

    par = forms.ChoiceField(label=_("By"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditAction.choices],
        error_messages={"invalid_choice": _("“Action”: choose one of the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = AuditEntry.objects.order_by("user_name").values_list("user_name", flat=True)
        self.fields["par"].choices = [("", _("Everyone"))] + [
            (name, name) for name in names.distinct() if name
        ]
        self.fields["par"].error_messages["invalid_choice"] = _("“By”: choose one of the list.")

    def filter(self, entries):
        if self.cleaned_data.get("par"):
            entries = entries.filter(user_name=self.cleaned_data["par"])
        if self.cleaned_data.get("action"):
            entries = entries.filter(action=self.cleaned_data["action"])
        return entries
