"""The forms of the trainer's board: absences, times, counter-signature, corrections.

They check that the input is complete and well-formed; whether it is allowed (the window still
open, the trainee not signed, the time within the half-day…) is for `signing` to say.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from acunum.attendance.models import AttendanceEvent

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class TraineeChoiceForm(forms.Form):
    """A form about one trainee of the cycle, chosen by seat: another cycle's cannot be named."""

    seat = forms.TypedChoiceField(label=_("Trainee"), coerce=int)

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = {e.seat: e for e in enrolments}
        self.fields["seat"].choices = [("", "—")] + [
            (e.seat, f"{e.trainee.last_name.upper()} {e.trainee.first_name}") for e in enrolments
        ]

    @property
    def enrolment(self):
        return self.enrolments[self.cleaned_data["seat"]]


class AbsenceForm(TraineeChoiceForm):
    excused = forms.ChoiceField(
        label=_("Excused absence"), choices=YES_NO, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("Required for an excused absence: sick leave, family event…"),
    )

    def clean(self):
        data = super().clean()
        if data.get("excused") == "yes" and not data.get("reason"):
            self.add_error("reason", _("Say what excuses the absence."))
        return data


class TimeForm(TraineeChoiceForm):
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            (AttendanceEvent.Kind.LATE_ARRIVAL, _("Arrived late")),
            (AttendanceEvent.Kind.EARLY_DEPARTURE, _("Left early")),
        ],
        widget=forms.RadioSelect,
    )
    at = forms.TimeField(label=_("At"), widget=forms.TimeInput(attrs={"type": "time"}))


class CounterSignForm(forms.Form):
    signature = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": _("The signature is missing: draw it in the box.")},
    )


class CorrectionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[("present", _("present")), ("absent", _("absent"))],
        widget=forms.RadioSelect,
    )
    excused = forms.ChoiceField(
        label=_("Excused absence"), choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    reason = forms.CharField(label=_("Reason for the absence"), max_length=200, required=False)
    arrival = forms.TimeField(
        label=_("Arrived late, at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Leave empty if the trainee arrived on time."),
    )
    departure = forms.TimeField(
        label=_("Left early, at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Leave empty if the trainee stayed to the end."),
    )
    why = forms.CharField(
        label=_("Why this correction"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the correction and shown to a controller."),
        error_messages={"required": _("Say why you correct this attendance.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == "absent":
            if not data.get("excused"):
                self.add_error("excused", _("Say whether the absence is excused."))
            elif data["excused"] == "yes" and not data.get("reason"):
                self.add_error("reason", _("Say what excuses the absence."))
        return data

    def changes(self) -> dict:
        """The attendance the correction sets, in the terms of the ledger's correction events."""
        data = self.cleaned_data
        changes = {
            "status": data["status"],
            "arrival": data["arrival"].strftime("%H:%M") if data.get("arrival") else "",
            "departure": data["departure"].strftime("%H:%M") if data.get("departure") else "",
        }
        if data["status"] == "absent":
            changes["excused"] = data["excused"] == "yes"
            changes["reason"] = data.get("reason", "")
        return changes

    @classmethod
    def initial_for(cls, presence) -> dict:
        return {
            "status": "absent" if presence.status == "absent" else "present",
            "excused": {True: "yes", False: "no"}.get(presence.excused, ""),
            "reason": presence.reason,
            "arrival": presence.arrival,
            "departure": presence.departure,
        }
