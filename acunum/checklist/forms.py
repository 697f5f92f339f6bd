from django import forms
from django.utils.translation import gettext_lazy as _

from acunum.checklist.platforms import BROWSERS, COMPUTERS, MAIL, PHONES, Platform


def _choices(platforms):
    return [(p.value, p.label) for p in platforms]


class EquipmentForm(forms.Form):
    """What the trainee uses, by family: their checklist has the steps of each."""

    computers = forms.MultipleChoiceField(
        label=_("My computer(s)"),
        choices=_choices(COMPUTERS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    phones = forms.MultipleChoiceField(
        label=_("My smartphone"),
        choices=_choices(PHONES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    browsers = forms.MultipleChoiceField(
        label=_("My browser(s)"),
        choices=_choices(BROWSERS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    mail = forms.MultipleChoiceField(
        label=_("My mail: software or webmail"),
        choices=_choices(MAIL),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    FAMILIES = ("computers", "phones", "browsers", "mail")

    @classmethod
    def for_platforms(cls, platforms: list[str]):
        initial = {
            family: [p for p in platforms if p in dict(cls.base_fields[family].choices)]
            for family in cls.FAMILIES
        }
        return cls(initial=initial)

    def clean(self):
        data = super().clean()
        if not any(data.get(family) for family in self.FAMILIES):
            raise forms.ValidationError(
                _("Tick at least one system, browser or mail service that you use.")
            )
        return data

    def platforms(self) -> list[str]:
        chosen = [p for family in self.FAMILIES for p in self.cleaned_data[family]]
        return [p for p in Platform.values if p in chosen]
