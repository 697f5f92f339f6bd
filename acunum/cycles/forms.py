from __future__ import annotations

from datetime import time

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from acunum.accounts.models import User
from acunum.cycles.models import Cycle, Slot, Structure, Trainee
from acunum.cycles.schedule import AFTERNOON, MORNING
from acunum.programmes.models import Programme


class CycleForm(forms.ModelForm):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.filter(versions__isnull=False).distinct(),
        help_text=_(
            "The cycle keeps the current version of this programme, even if it changes later."
        ),
    )

    class Meta:
        model = Cycle
        fields = ["structure", "trainers", "place", "access", "to_bring", "price"]
        widgets = {
            "trainers": forms.CheckboxSelectMultiple,
            "access": forms.Textarea(attrs={"rows": 3}),
            "to_bring": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainers"].queryset = User.objects.filter(
            is_active=True, role__in=[User.Role.ADMIN, User.Role.TRAINER]
        ).order_by("last_name", "first_name")
        self.fields["structure"].queryset = Structure.objects.order_by("name")
        if self.instance.pk:
            del self.fields["programme"]
        else:
            self.order_fields(["programme"])
            if self.fields["programme"].queryset.count() == 1:
                self.fields["programme"].initial = self.fields["programme"].queryset.first()

    def save(self, commit=True):
        if not self.instance.pk:
            self.instance.programme_version = self.cleaned_data["programme"].latest_version()
        return super().save(commit)


# Django's own day names, so they read as they do in formatted dates ("lundi", not "Lundi").
WORKING_DAYS = [(day, WEEKDAYS[day]) for day in range(5)]


class ScheduleForm(forms.Form):
    # A date input only takes ISO dates: the French "05/01/2026" would leave it empty.
    start = forms.DateField(
        label=_("Earliest start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days the group is available"),
        choices=WORKING_DAYS,
        coerce=int,
        initial=[0, 1, 2, 3, 4],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one day.")},
    )
    max_days_per_week = forms.IntegerField(
        label=_("Training days per week, at most"), min_value=1, max_value=5, initial=2
    )
    weeks_between_parts = forms.IntegerField(
        label=_("Weeks between session 1 and session 2, at least"),
        min_value=0,
        max_value=26,
        initial=2,
    )
    half_day = forms.ChoiceField(
        label=_("Half-days of session 2 preferably"),
        choices=[("morning", _("in the morning")), ("afternoon", _("in the afternoon"))],
        initial="morning",
        widget=forms.RadioSelect,
    )
    morning_start = forms.TimeField(
        label=_("Morning starts at"),
        initial=MORNING[0],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    afternoon_start = forms.TimeField(
        label=_("Afternoon starts at"),
        initial=AFTERNOON[0],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def clean(self):
        data = super().clean()
        morning, afternoon = data.get("morning_start"), data.get("afternoon_start")
        if morning and afternoon:
            # A half-day lasts 3 h 30: the morning must end before the afternoon begins.
            if (morning.hour * 60 + morning.minute + 210) > (
                afternoon.hour * 60 + afternoon.minute
            ):
                self.add_error(
                    "afternoon_start",
                    _("The afternoon must start at least 3 h 30 after the morning."),
                )
            # Ending at midnight exactly is refused too: a time of day cannot say 24:00.
            if afternoon.hour * 60 + afternoon.minute + 210 >= 24 * 60:
                self.add_error("afternoon_start", _("The afternoon would end after midnight."))
        return data

    def half_days(self) -> tuple[tuple[time, time], tuple[time, time]]:
        def span(start: time) -> tuple[time, time]:
            minutes = start.hour * 60 + start.minute + 210
            return start, time(minutes // 60, minutes % 60)

        return span(self.cleaned_data["morning_start"]), span(self.cleaned_data["afternoon_start"])


class SlotForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        # Said on the End field, where the mistake is, rather than above the form.
        if start and end and end <= start:
            self.add_error("end", _("The slot must end after it starts."))
        return data

    class Meta:
        model = Slot
        fields = ["date", "start", "end"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class TraineeForm(forms.ModelForm):
    class Meta:
        model = Trainee
        fields = [
            "last_name",
            "first_name",
            "email",
            "phone",
            "job",
            "status",
            "accessibility_needs",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As radio buttons, Django's blank "---------" choice would be a third, pre-ticked status.
        self.fields["status"].choices = Trainee.Status.choices


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One line per trainee, with a header line. Columns: last name, first name, "
            "email, phone (optional), job, status (employee or volunteer), "
            "accessibility needs (optional). Separator: semicolon or comma; UTF-8."
        ),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Cycle.Status.choices)
