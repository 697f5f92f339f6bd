from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "acunum.evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        # The outbox's worker asks each producer, before each round of sending, what is due:
        # invitations and reminders to answer the questionnaires that are open; and, once a
        # day, the programmes' published indicators computed again.
        from acunum.evaluation.indicators import refresh_if_stale
        from acunum.evaluation.reminders import enqueue_due
        from acunum.outbox import producers

        producers.register(enqueue_due)
        producers.register(refresh_if_stale)
        # Registers the system checks of the questionnaires' settings.
        from acunum.evaluation import checks  # noqa: F401
