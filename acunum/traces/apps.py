from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracesConfig(AppConfig):
    name = "acunum.traces"
    verbose_name = _("Traces lab")

    def ready(self):
        # The outbox's worker asks each producer before each round what is due: here, deleting
        # what the lab kept for the cycles that are over (one small query when there is none).
        from acunum.outbox import producers
        from acunum.traces.comparing import purge_ended

        producers.register(purge_ended)
