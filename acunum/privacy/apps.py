from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "acunum.privacy"
    verbose_name = _("Personal data")

    def ready(self):
        # The ledger (an app above this one) asks which drawings were erased at the end of their
        # retention period, so that `verify-ledger` does not report them as altered.
        from acunum.attendance import ledger
        from acunum.privacy.drawings import erased_drawings

        ledger.register_erasures(erased_drawings)
