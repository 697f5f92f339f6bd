from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.urls import reverse

from acunum.cycles.models import Cycle, trainee_url
from acunum.site import demo
from acunum.site.server import lan_addresses, lan_message, open_to_lan, serve


class Command(BaseCommand):
    help = "Sets up a demo (organisation, accounts, cycles) and serves it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--lan",
            action="store_true",
            help="accept phones on the local network, not only this computer",
        )
        parser.add_argument("--no-serve", action="store_true", help="set up the data and stop")

    def handle(self, port, lan, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        result = demo.build()
        host = "0.0.0.0" if lan else "127.0.0.1"
        bases = [f"http://127.0.0.1:{port}"]
        if lan:
            open_to_lan(port)
            bases += [f"http://{address}:{port}" for address in lan_addresses()]
        current = Cycle.objects.filter(structure__name="Centre social La Passerelle").first()
        finished = Cycle.objects.filter(structure__name="MECS Les Tilleuls").first()
        out = self.stdout
        out.write("")
        out.write("Acunum — démonstration" + (" (données créées)" if result["created"] else ""))
        out.write(f"  Données : {settings.DATA_DIR}")
        for base in bases:
            out.write(f"  Programme public : {base}/programmes/acunum/")
            out.write(f"  Connexion        : {base}/compte/connexion/")
        out.write(f"  Comptes (mot de passe « {demo.PASSWORD} ») :")
        out.write("    admin       administratrice de l’organisme de formation")
        out.write("    formatrice  formatrice des cycles")
        out.write("    structure   contact de la structure La Passerelle")
        if current:
            out.write(f"  Cycle en cours   : {bases[0]}{current.get_absolute_url()}")
            first = current.enrolments.order_by("seat").first()
            if first:
                # The link that works now, as the convocation prints it (issued if it was
                # revoked). With --lan, the address a phone can open.
                token = first.current_link() or first.issue_link()
                out.write(
                    f"  Lien stagiaire   : {bases[min(1, len(bases) - 1)]}{trainee_url(token)}"
                )
                if lan:
                    out.write(lan_message(port, trainee_url(token), out.encoding), ending="")
        if finished:
            # The cycle whose every document can be issued: its page, and its dossier.
            out.write(f"  Cycle terminé    : {bases[0]}{finished.get_absolute_url()}")
            out.write(f"  Son dossier      : uv run acunum dossier {finished.code.hex[:8]}")
        # Who exported and erased whose data (acunum/privacy): the OF administrator's pages.
        out.write(f"  Données perso.   : {bases[0]}{reverse('privacy:audit')}")
        out.write("  Sauvegarde       : uv run acunum backup acunum.tar.gz")
        out.write("")
        if no_serve:
            return
        out.write("Ctrl+C pour arrêter.")
        serve(host, port)
