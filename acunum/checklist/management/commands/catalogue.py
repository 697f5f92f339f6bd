from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from acunum.checklist.catalogue import CATALOGUE_DIR, MIN_STEPS, CatalogueError, read
from acunum.checklist.platforms import Item, Platform


class Command(BaseCommand):
    help = (
        "Checks the “bien régler son internet” catalogue (every field, every source, unique "
        "ids, at least five steps per item and platform) and prints its steps per item and "
        "platform. Exits with an error listing every problem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", default=str(CATALOGUE_DIR), help="the catalogue to check"
        )

    def handle(self, directory, **options):
        try:
            catalogue = read(Path(directory))
        except CatalogueError as e:
            raise CommandError(
                _("The catalogue has %(n)s problem(s):") % {"n": len(e.problems)}
                + "\n"
                + "\n".join(f"- {p}" for p in e.problems)
            ) from None
        counts = catalogue.counts()
        width = max(len(Item(i).label) for i, _p in counts) + 2
        for (item, platform), n in counts.items():
            self.stdout.write(f"{Item(item).label:<{width}}{Platform(platform).label:<24}{n:>4}")
        self.stdout.write(
            _(
                "%(steps)s steps in %(files)s files, %(sources)s sources; every item and "
                "platform has at least %(min)s steps."
            )
            % {
                "steps": len(catalogue.steps),
                "files": catalogue.files,
                "sources": len(catalogue.sources),
                "min": MIN_STEPS,
            }
        )
