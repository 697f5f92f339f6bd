from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A period of more than this many years is refused: its export would hold every document of a
# decade of cycles, and a Qualiopi audit looks at the years since the last one.
MAX_YEARS = 5


def _date_field(label, required: str, invalid: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        # A date input only takes ISO dates, and so does the URL.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"required": required, "invalid": invalid},
    )


class PeriodForm(forms.Form):
    """The period of the evidence, from the query string: ?du=YYYY-MM-DD&au=YYYY-MM-DD (the
    fields bear the URL's French names)."""

    du = _date_field(
        pgettext_lazy("period", "From"),
        _("Give the first day of the period (“From”)."),
        _("“From” is not a date: write it as YYYY-MM-DD."),
    )
    au = _date_field(
        pgettext_lazy("period", "To"),
        _("Give the last day of the period (“To”)."),
        _("“To” is not a date: write it as YYYY-MM-DD."),
    )

    @classmethod
    def this_year(cls) -> dict:
        today = timezone.localdate()
        return {
            "du": date(today.year, 1, 1).isoformat(),
            "au": date(today.year, 12, 31).isoformat(),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end:
            if end < start:
                self.add_error("au", _("“To” must not come before “From”."))
            elif (end - start).days > 366 * MAX_YEARS:
                self.add_error(
                    "au",
                    _("“To”: a period covers %(max)s years at most.") % {"max": MAX_YEARS},
                )
        return cleaned
