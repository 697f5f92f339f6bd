from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "acunum.plans"
    verbose_name = "Plans d’action et accompagnement"
