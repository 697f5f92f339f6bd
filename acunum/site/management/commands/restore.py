from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from acunum.site import backups


class Command(BaseCommand):
    help = (
        "Replaces the database and the uploaded files with those of an archive written by "
        "`acunum backup`, after checking all of it. Stop the server first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive written by `acunum backup`")
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_true",
            dest="yes",
            help="do not ask for confirmation",
        )

    def handle(self, file, yes, **options):
        try:
            manifest = backups.restore(file, confirm=lambda m: yes or self.confirm(m))
        except backups.BackupError as e:
            raise CommandError(str(e)) from None
        if manifest is None:
            self.stdout.write("Restauration annulée : rien n’a été modifié.")
            return
        # The restored rows may number content types differently from the cache of this process.
        ContentType.objects.clear_cache()
        # An archive of an older version gets this version's schema.
        call_command("migrate", interactive=False, verbosity=0)
        out = self.stdout
        out.write(
            f"Sauvegarde du {backups.created_label(manifest)} restaurée "
            f"(Acunum {manifest['acunum']})."
        )
        out.write(f"  Contenu : {backups.summary(len(manifest['files']) - 1)}")
        try:
            call_command("verify_ledger", verbosity=0)
        except CommandError as e:
            raise CommandError(
                f"Le registre de présence restauré n’est pas intègre : {e}"
            ) from None
        out.write("  Registre de présence : intact (chaînes recalculées, scans relus).")

    def confirm(self, manifest: dict) -> bool:
        self.stdout.write(
            f"La sauvegarde du {backups.created_label(manifest)} va REMPLACER toutes les "
            "données actuelles (base de données et fichiers envoyés) : ce qui a été saisi "
            "depuis sera perdu."
        )
        try:
            answer = input("Écrivez « oui » pour continuer : ")
        except EOFError:
            answer = ""
        return answer.strip().lower() in ("oui", "o", "yes", "y")
