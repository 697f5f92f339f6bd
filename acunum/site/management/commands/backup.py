from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from acunum.site import backups


class Command(BaseCommand):
    help = "Writes the database and the uploaded files to one archive (see `acunum restore`)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive to write, e.g. acunum.tar.gz")
        parser.add_argument("--force", action="store_true", help="replace an existing file")

    def handle(self, file, force, **options):
        try:
            manifest = backups.create(file, force=force)
        except backups.BackupError as e:
            raise CommandError(str(e)) from None
        archive = manifest["archive"]
        out = self.stdout
        out.write(f"Sauvegarde écrite : {file}")
        out.write(f"  Taille  : {archive['size']:,} octets".replace(",", " "))
        out.write(f"  SHA-256 : {archive['sha256']}")
        out.write(f"  Base    : {backups.ENGINES[manifest['engine']]}")
        out.write(f"  Contenu : {backups.summary(len(manifest['files']) - 1)}")
        out.write(
            "  Elle contient des données personnelles : gardez-la en lieu sûr. Gardez aussi "
            "ACUNUM_SECRET_KEY, mais à part : sans elle, les liens personnels ne se "
            "réimpriment pas."
        )
