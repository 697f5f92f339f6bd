from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from acunum.outbox import sending
from acunum.site.server import lan_message, open_to_lan, serve

# Any constant shared by every server of an install: pg_advisory_lock's key for the start-up steps.
STARTUP_LOCK = int.from_bytes(b"acunum", "big")


@contextmanager
def startup_lock():
    """Several application servers on one PostgreSQL database start one at a time.

    Two servers started together (a deployment, a reboot) would otherwise run the same migration
    at once, and the second would fail on a table the first just created. SQLite is one laptop's
    file: its IMMEDIATE transactions already queue the writers.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [STARTUP_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [STARTUP_LOCK])


def start_up() -> None:
    """What every server does before serving: the schema, the programme, the questionnaires."""
    with startup_lock():
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_programme", verbosity=0)
        call_command("load_questionnaires", verbosity=0)


class Command(BaseCommand):
    help = "Migrates, loads the programme and questionnaires, runs the production web server."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default="127.0.0.1", help="0.0.0.0 to accept phones on the LAN"
        )
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--lan",
            action="store_true",
            help="a room with no internet: listen on the local network, accept any host name, "
            "print the address and its QR code for the phones",
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="processes; one per core is a good start"
        )
        parser.add_argument("--threads", type=int, default=4, help="threads in each process")

    def handle(self, host, port, lan, workers, threads, **options):
        start_up()
        if lan:
            host = "0.0.0.0"
            open_to_lan(port)
            self.stdout.write(f"Acunum écoute sur le réseau local, port {port}.")
            self.stdout.write(lan_message(port, encoding=self.stdout.encoding), ending="")
            self.stdout.write("Ctrl+C pour arrêter.")
        else:
            self.stdout.write(f"Acunum écoute sur http://{host}:{port}/ (Ctrl+C pour arrêter)")
        if settings.WORKER_IN_SERVE and not sending.mail_configured():
            self.stdout.write(
                "Courriels : aucun serveur SMTP configuré (ACUNUM_EMAIL_HOST), ils attendent "
                "dans la boîte d’envoi de chaque cycle."
            )
        serve(host, port, workers, threads)
