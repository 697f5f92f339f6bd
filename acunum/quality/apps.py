from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "acunum.quality"
    verbose_name = _("Quality evidence and yearly figures")
