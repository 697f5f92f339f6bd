from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from acunum.cycles.models import Cycle
from acunum.documents.dossier import dossier, name
from acunum.documents.sheets import Incomplete


class Command(BaseCommand):
    help = "Writes the ZIP of every document of a cycle (the funder's dossier)."

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="the cycle's code, as in its address (or its start)")
        parser.add_argument("--output", "-o", type=Path, help="the ZIP file to write")

    def handle(self, cycle, output, **options):
        found = find_cycle(cycle)
        try:
            # Convocations print each trainee's link with the server's public address.
            data = dossier(found, base_url=settings.SITE_URL)
        except Incomplete as e:
            lines = "\n".join(f"  - {m}" for m in e.missing)
            raise CommandError(
                _("The dossier of %(cycle)s cannot be issued yet. To fill in or do first:")
                % {"cycle": found}
                + "\n"
                + lines
            ) from None
        output = output or Path(name(found) + ".zip")
        output.write_bytes(data)
        self.stdout.write(
            _("%(path)s written: %(size)s kB.") % {"path": output, "size": len(data) // 1024}
        )


def find_cycle(code: str) -> Cycle:
    """The cycle whose code is, or starts with, `code` (with or without its hyphens; the first
    8 characters are enough). An OF has hundreds of cycles, not millions: compared in Python,
    the same way on SQLite (hex text) and PostgreSQL (uuid)."""
    wanted = code.strip().lower().replace("-", "")
    codes = Cycle.objects.values_list("pk", "code")
    matches = [pk for pk, uuid in codes if len(wanted) >= 4 and uuid.hex.startswith(wanted)]
    if not matches:
        raise CommandError(_("No cycle has the code %(code)s.") % {"code": code})
    if len(matches) > 1:
        raise CommandError(
            _("Several cycles have a code starting with %(code)s: give more characters.")
            % {"code": code}
        )
    return Cycle.objects.select_related("structure").get(pk=matches[0])
