import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from acunum.outbox import sending, worker


class Command(BaseCommand):
    help = "Sends the outbox's due emails, every few seconds until stopped (Ctrl+C or SIGTERM)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="seconds between rounds (default: ACUNUM_WORKER_INTERVAL, 15)",
        )
        parser.add_argument("--once", action="store_true", help="one round, then stop")

    def handle(self, interval, once, **options):
        if not sending.mail_configured():
            self.stderr.write(
                "Aucun serveur SMTP configuré (ACUNUM_EMAIL_HOST) : aucun courriel ne part, les "
                "messages attendent dans la boîte d’envoi de chaque cycle."
            )
        if once:
            sent = worker.run_once()
            if options["verbosity"]:
                self.stdout.write(f"{sent} courriel(s) envoyé(s).")
            return
        interval = settings.WORKER_INTERVAL if interval is None else interval
        stop = threading.Event()

        def finish_the_round(signum, frame):
            # Stopping in the middle of a sending could send that message twice (worker.py):
            # the current round ends first. A second Ctrl+C stops at once.
            stop.set()
            signal.signal(signal.SIGINT, signal.default_int_handler)

        signal.signal(signal.SIGTERM, finish_the_round)
        signal.signal(signal.SIGINT, finish_the_round)
        self.stdout.write(f"Envoi des courriels toutes les {interval:g} s (Ctrl+C pour arrêter).")
        worker.run(stop, interval)
