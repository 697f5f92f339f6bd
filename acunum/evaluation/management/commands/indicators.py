from django.core.management.base import BaseCommand
from django.utils import formats
from django.utils.translation import gettext as _

from acunum.evaluation.indicators import publish


def rate(value: float | None) -> str:
    if value is None:
        return _("not enough answers yet")
    # Rounded first: number_format cuts the decimals off rather than rounding them.
    return f"{formats.number_format(round(value, 1), 1)} %"


class Command(BaseCommand):
    help = (
        "Computes each programme's published indicators per year (satisfaction, completion, "
        "trainees trained), as the public programme page shows them."
    )

    def handle(self, **options):
        published = publish()
        if options["verbosity"] == 0:
            return
        if not published:
            self.stdout.write(_("No cycle has ended yet: nothing to publish."))
        for snapshot in published:
            self.stdout.write(
                _(
                    "%(programme)s, %(year)s: %(trained)s trainees trained; completion "
                    "%(completion)s (%(completed)s of %(trained)s); satisfaction "
                    "%(satisfaction)s (%(satisfied)s of %(answers)s answers)"
                )
                % {
                    "programme": snapshot.programme.title,
                    "year": snapshot.year,
                    "trained": snapshot.trained,
                    "completion": rate(snapshot.completion_rate),
                    "completed": snapshot.completed,
                    "satisfaction": rate(snapshot.satisfaction_rate),
                    "satisfied": snapshot.satisfied,
                    "answers": snapshot.satisfaction_answers,
                }
            )
