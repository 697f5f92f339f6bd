"""The forms of a structure's request (public) and of its needs analysis (the trainer's side).

The request form reads what a stranger typed: every field says what is wrong with it in words,
single-line fields lose their line breaks (they end up in email subjects), and the long ones are
bounded. The rules of what a request becomes live in requests.py.
"""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acunum.cycles.models import NeedsAnalysis, Structure
from acunum.programmes.models import ProgrammeVersion

# Long enough for any real answer, short enough that the form cannot carry a novel of spam.
LONG_TEXT = 3000
# The honeypot: a field no person sees nor reaches (see includes/request_form.html); a program
# that fills every field fills it too. Named like a field such programs like to fill.
HONEYPOT = "website"
PHONE_CHARACTERS = re.compile(r"^[0-9 .+()/-]+$")


def text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def one_line(value: str) -> str:
    """Line breaks and runs of spaces become one space: these values go into email subjects,
    where a line break would be refused by the mail library."""
    return " ".join(value.split())


def siret_checksum_ok(siret: str) -> bool:
    """The Luhn check every SIRET passes, except those of La Poste's establishments, whose
    digits add up to a multiple of 5 instead (INSEE's documented exception)."""
    if siret.startswith("356000000"):
        return sum(int(d) for d in siret) % 5 == 0
    total = 0
    for position, digit in enumerate(reversed(siret)):
        n = int(digit) * (2 if position % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


class RequestForm(forms.Form):
    structure_name = forms.CharField(label=_("Name of the structure"), max_length=200)
    structure_kind = forms.ChoiceField(
        label=_("Type of structure"),
        choices=[("", "—"), *Structure.Kind.choices],
        error_messages={"invalid_choice": _("Choose a type of structure from the list.")},
    )
    structure_kind_other = forms.CharField(
        label=_("Type, if other"), max_length=200, required=False
    )
    siret = forms.CharField(
        label=_("SIRET number (optional)"),
        max_length=30,
        required=False,
        help_text=_("14 digits, spaces allowed. It lets us find your structure if we know it."),
    )
    city = forms.CharField(label=_("City"), max_length=100)
    funder_kind = forms.ChoiceField(
        label=_("Funding considered"),
        choices=Structure.FunderKind.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose how the training would be funded.")},
    )
    funder_name = forms.CharField(
        label=_("Name of the OPCO or funder"),
        max_length=200,
        required=False,
        help_text=_("Required for an OPCO, for example: Uniformation, OPCO Santé."),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Your email"),
        error_messages={"invalid": _("Enter an email address such as name@example.org.")},
    )
    contact_phone = forms.CharField(
        label=_("Your phone"),
        max_length=30,
        help_text=_("We call you back to analyse your needs with you."),
    )
    # Its upper bound is the programme version's group size: see __init__.
    trainee_count = forms.IntegerField(label=_("Number of trainees"), min_value=1)
    trainee_profiles = forms.CharField(
        label=_("The trainees’ profiles"),
        max_length=LONG_TEXT,
        widget=text_area(),
        help_text=_("Their jobs, employees or volunteers, and how they use digital tools today."),
    )
    context = forms.CharField(
        label=_("Context and needs"),
        max_length=LONG_TEXT,
        widget=text_area(5),
        help_text=_("What leads you to ask for this training, and what you expect from it."),
    )
    disability = forms.ChoiceField(
        label=_("Does a trainee need a disability compensation?"),
        choices=NeedsAnalysis.Disability.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Answer yes, no or “we do not know yet”.")},
    )
    disability_needs = forms.CharField(
        label=_("Disability compensation needs"),
        max_length=LONG_TEXT,
        required=False,
        widget=text_area(),
        help_text=_(
            "Required if you answered yes: what would help (room, documents, pace, hearing…). "
            "No diagnosis: our disability referent calls you back, in confidence."
        ),
    )
    preferred_periods = forms.CharField(
        label=_("Preferred periods"),
        max_length=LONG_TEXT,
        widget=text_area(2),
        help_text=_("For example: from March, on Mondays and Tuesdays, not in school holidays."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to be contacted by the training organisation about this request. What I "
            "write here is used for this request only."
        ),
        error_messages={"required": _("Tick the box so that we may contact you.")},
    )
    # Hidden from people (includes/request_form.html); refused by the view when filled.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, version: ProgrammeVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        most = version.max_trainees
        between = _("Between 1 and %(max)s trainees: the size of one group.") % {"max": most}
        # The group size is the programme version's: the field is made again with it.
        self.fields["trainee_count"] = forms.IntegerField(
            label=_("Number of trainees"),
            min_value=1,
            max_value=most,
            help_text=_("At most %(max)s: one group.") % {"max": most},
            error_messages={"invalid": between, "min_value": between, "max_value": between},
        )

    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name != HONEYPOT]

    def clean_structure_name(self) -> str:
        return one_line(self.cleaned_data["structure_name"])

    def clean_structure_kind_other(self) -> str:
        return one_line(self.cleaned_data["structure_kind_other"])

    def clean_city(self) -> str:
        return one_line(self.cleaned_data["city"])

    def clean_funder_name(self) -> str:
        return one_line(self.cleaned_data["funder_name"])

    def clean_contact_name(self) -> str:
        return one_line(self.cleaned_data["contact_name"])

    def clean_siret(self) -> str:
        siret = re.sub(r"[\s.]", "", self.cleaned_data["siret"])
        if not siret:
            return ""
        if not re.fullmatch(r"\d{14}", siret):
            raise forms.ValidationError(_("A SIRET number has exactly 14 digits."))
        if not siret_checksum_ok(siret):
            raise forms.ValidationError(
                _("This SIRET number does not exist: check its digits, or leave it empty.")
            )
        return siret

    def clean_contact_phone(self) -> str:
        phone = one_line(self.cleaned_data["contact_phone"])
        digits = sum(ch.isdigit() for ch in phone)
        if not PHONE_CHARACTERS.match(phone) or not 10 <= digits <= 15:
            raise forms.ValidationError(
                _("Enter a phone number of 10 digits or more, such as 04 78 00 00 00.")
            )
        return phone

    def clean(self):
        data = super().clean()
        # Said on the field to fill in, where the person looks.
        if data.get("structure_kind") == Structure.Kind.OTHER and not data.get(
            "structure_kind_other"
        ):
            self.add_error("structure_kind_other", _("Say what type of structure it is."))
        if data.get("funder_kind") == Structure.FunderKind.OPCO and not data.get("funder_name"):
            self.add_error("funder_name", _("Name the OPCO."))
        if (
            data.get("disability") == NeedsAnalysis.Disability.YES
            and not data.get("disability_needs", "").strip()
        ):
            self.add_error(
                "disability_needs",
                _("You answered yes: say briefly what would help, so that we can plan it."),
            )
        return data


class NeedsCompletionForm(forms.ModelForm):
    """The trainer's completion of the needs analysis, after talking with the structure."""

    class Meta:
        model = NeedsAnalysis
        fields = [
            "conversation_date",
            "conversation_with",
            "needs_confirmed",
            "adaptations",
            "disability_adaptations",
        ]
        widgets = {
            # A date input only takes ISO dates: the French "05/01/2026" would leave it empty.
            "conversation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "needs_confirmed": text_area(5),
            "adaptations": text_area(4),
            "disability_adaptations": text_area(3),
        }
        help_texts = {
            "needs_confirmed": _(
                "What the structure and its team need, as confirmed together: the situations "
                "at work, the usages to cover, the expectations."
            ),
            "adaptations": _(
                "How the cycle is adapted: contents, examples, pace, the usages for DJ3–DJ7, "
                "the place. Write “none” if the programme fits as it is."
            ),
            "disability_adaptations": _(
                "Compensations planned for disabled trainees, with the disability referent. "
                "Write “none needed” if the structure confirmed that no one needs any."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional in the database (a request arrives without them), required to complete.
        for field in self.fields.values():
            field.required = True

    def clean_conversation_date(self):
        day = self.cleaned_data["conversation_date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                _("The conversation cannot be in the future: record it once it took place.")
            )
        return day

    def clean_conversation_with(self) -> str:
        return one_line(self.cleaned_data["conversation_with"])
