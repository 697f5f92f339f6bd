from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsagesConfig(AppConfig):
    name = "acunum.usages"
    verbose_name = _("Requested usages")
