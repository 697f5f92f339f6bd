from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from acunum.evaluation.loader import (
    QUESTIONNAIRES_DIR,
    QuestionnaireFileError,
    load_questionnaires,
)


class Command(BaseCommand):
    help = "Loads the questionnaire files (TOML); a changed file becomes a new immutable version."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(QUESTIONNAIRES_DIR))

    def handle(self, folder, **options):
        if not Path(folder).is_dir():
            raise CommandError(_("%(path)s: folder not found") % {"path": folder})
        try:
            loaded = load_questionnaires(Path(folder))
        except QuestionnaireFileError as e:
            raise CommandError(str(e)) from None
        if options["verbosity"] == 0:
            return
        for version, created in loaded:
            if created:
                self.stdout.write(_("%(version)s loaded") % {"version": version})
            else:
                self.stdout.write(
                    _("%(version)s: file unchanged, nothing to do") % {"version": version}
                )
