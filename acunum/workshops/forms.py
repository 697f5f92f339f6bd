"""The trainer's activity form, and the two small forms of joining with a code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acunum.workshops import codes, kinds
from acunum.workshops.kinds import dot_voting, moving_debate, timeline, word_cloud
from acunum.workshops.models import Activity

# Each setting's form field, by kind: the form shows them all (it works without JavaScript) and
# reads only the chosen kind's.
SETTING_FIELDS = {
    Activity.Kind.WORD_CLOUD: ["words_per_person"],
    Activity.Kind.POLL: ["choices", "multiple"],
    Activity.Kind.MOVING_DEBATE: ["statement", "rounds"],
    Activity.Kind.POST_IT_WALL: ["columns"],
    Activity.Kind.TIMELINE: ["events_per_person"],
    Activity.Kind.DOT_VOTING: ["options", "dots_per_person"],
}
# Settings that are lists of texts, one per line in the form.
LIST_SETTINGS = ("choices", "columns", "options")


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    prompt = forms.CharField(
        label=gettext_lazy("Instructions for the participants"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anonymous = forms.BooleanField(
        label=gettext_lazy("Anonymous: answers are kept without any link to the person"),
        required=False,
        help_text=gettext_lazy("Shown to the participants. It cannot change once someone answers."),
    )
    results_shown = forms.BooleanField(
        label=gettext_lazy("Show the results on the projector from the start"),
        required=False,
    )
    words_per_person = forms.IntegerField(
        label=gettext_lazy("Words per person"),
        required=False,
        initial=3,
        min_value=1,
        max_value=word_cloud.MAX_WORDS_PER_PERSON,
    )
    choices = forms.CharField(
        label=gettext_lazy("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("From 2 to 10."),
    )
    multiple = forms.BooleanField(label=gettext_lazy("Several answers allowed"), required=False)
    statement = forms.CharField(
        label=gettext_lazy("Statement to debate"),
        max_length=moving_debate.MAX_STATEMENT_LENGTH,
        required=False,
    )
    rounds = forms.IntegerField(
        label=gettext_lazy("Rounds"),
        required=False,
        initial=2,
        min_value=1,
        max_value=moving_debate.MAX_ROUNDS,
    )
    columns = forms.CharField(
        label=gettext_lazy("Columns, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("From 2 to 6 names."),
    )
    events_per_person = forms.IntegerField(
        label=gettext_lazy("Events per person"),
        required=False,
        initial=8,
        min_value=1,
        max_value=timeline.MAX_EVENTS_PER_PERSON,
    )
    options = forms.CharField(
        label=gettext_lazy("Options, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("From 2 to 12."),
    )
    dots_per_person = forms.IntegerField(
        label=gettext_lazy("Dots per person"),
        required=False,
        initial=3,
        min_value=1,
        max_value=dot_voting.MAX_DOTS,
    )

    def __init__(self, *args, activity: Activity | None = None, **kwargs):
        self.activity = activity
        if activity is not None and "initial" not in kwargs:
            initial = {
                "kind": activity.kind,
                "title": activity.title,
                "prompt": activity.prompt,
                "anonymous": activity.anonymous,
                "results_shown": activity.results_shown,
                **activity.settings,
            }
            for name in LIST_SETTINGS:
                if name in initial:
                    initial[name] = "\n".join(initial[name])
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        # Read once: the page says what is frozen, and clean() refuses changing it.
        self.answered = activity is not None and activity.has_contributions()

    def settings_fieldsets(self) -> list[tuple[str, list]]:
        return [
            (label, [self[name] for name in SETTING_FIELDS[kind]])
            for kind, label in Activity.Kind.choices
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        raw = {
            name: data.get(name)
            for name in SETTING_FIELDS[kind]
            if data.get(name) is not None and name not in self.errors
        }
        try:
            settings = kinds.get(kind).clean_settings(raw)
        except kinds.Invalid as invalid:
            for name, message in invalid.errors.items():
                if name not in self.errors:  # a field's own error says it already
                    self.add_error(name if name in self.fields else None, message)
            return data
        if any(name in self.errors for name in SETTING_FIELDS[kind]):
            return data
        data["settings"] = settings
        if self.answered:
            self._refuse_frozen_changes(data)
        return data

    def _refuse_frozen_changes(self, data: dict) -> None:
        activity = self.activity
        if data.get("anonymous") != activity.anonymous:
            self.add_error(
                "anonymous",
                _("Anonymity cannot change once someone has answered: it was promised to them."),
            )
        if data["kind"] != activity.kind:
            self.add_error("kind", _("The kind cannot change once someone has answered."))
        elif data["settings"] != activity.settings:
            self.add_error(
                SETTING_FIELDS[activity.kind][0],
                _(
                    "The settings cannot change once someone has answered: their answers would "
                    "no longer mean the same."
                ),
            )

    def apply(self, activity: Activity) -> Activity:
        for name in ("kind", "title", "prompt", "anonymous", "results_shown", "settings"):
            setattr(activity, name, self.cleaned_data[name])
        return activity

    def creation_fields(self) -> dict:
        names = ("kind", "title", "prompt", "anonymous", "results_shown", "settings")
        return {name: self.cleaned_data[name] for name in names}


class JoinForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Activity code"),
        max_length=20,
        help_text=gettext_lazy("Six letters and digits, shown on the projector."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = codes.clean(self.cleaned_data["code"])
        if not codes.is_code(code):
            raise forms.ValidationError(
                _("A code has six letters and digits, such as %(example)s.")
                % {"example": "KZ4 M7Q"}
            )
        if not Activity.objects.for_participants().filter(join_code=code).exists():
            raise forms.ValidationError(_("No activity has this code. Check it on the projector."))
        return code


class PseudonymForm(forms.Form):
    pseudonym = forms.CharField(
        label=gettext_lazy("Your pseudonym"),
        max_length=40,
        help_text=gettext_lazy(
            "The name the group will see beside your answers when the activity is not "
            "anonymous. A first name or a nickname: no account is created."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_pseudonym(self) -> str:
        return " ".join(self.cleaned_data["pseudonym"].split())
