from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from acunum.programmes.loader import DEFAULT_PROGRAMME, ProgrammeFileError, load_programme


class Command(BaseCommand):
    help = "Loads a programme file (TOML); a changed file becomes a new immutable version."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PROGRAMME))

    def handle(self, path, **options):
        try:
            version, created = load_programme(Path(path))
        except FileNotFoundError:
            raise CommandError(_("%(path)s: file not found") % {"path": path}) from None
        except ProgrammeFileError as e:
            raise CommandError(str(e)) from None
        if options["verbosity"] == 0:
            return
        if created:
            self.stdout.write(
                _("%(version)s loaded from %(path)s") % {"version": version, "path": path}
            )
        else:
            self.stdout.write(
                _("%(version)s: file unchanged, nothing to do") % {"version": version}
            )
