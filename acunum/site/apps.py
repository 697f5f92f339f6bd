from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Commands that tie every app together: the demo and the production server."""

    name = "acunum.site"
    label = "acunum_site"
