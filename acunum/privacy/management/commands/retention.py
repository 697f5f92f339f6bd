from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.privacy import retention


class Command(BaseCommand):
    help = (
        "Purges the personal data whose retention period is over (acunum/privacy/retention.py) "
        "and prints what, by category. Safe to run every day; --dry-run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be purged; change nothing."
        )
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="With --dry-run: what would be purged on that day (to see what comes next).",
        )

    def handle(self, **options):
        now = timezone.now()
        if options["today"]:
            if not options["dry_run"]:
                raise CommandError(_("--today only goes with --dry-run: nothing is purged early."))
            try:
                day = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    _("--today: “%(value)s” is not a date, write it as YYYY-MM-DD.")
                    % {"value": options["today"]}
                ) from None
            now = timezone.make_aware(datetime.combine(day, time(12)))
        if options["dry_run"]:
            found = retention.plan(now)
        else:
            found = retention.purge(now)
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            (
                _("Dry run on %(day)s: nothing is changed.")
                if options["dry_run"]
                else _("Purge on %(day)s.")
            )
            % {"day": timezone.localdate(now).isoformat()}
        )
        for rule, rows in found:
            line = f"{rule.label}: {rows.count}"
            if rows.count:
                line += " " + _("(from %(first)s to %(last)s)") % {
                    "first": min(rows.dates).isoformat(),
                    "last": max(rows.dates).isoformat(),
                }
            line += " · " + _("kept: %(duration)s") % {"duration": retention.duration(rule)}
            self.stdout.write(line)
