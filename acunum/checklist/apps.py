from django.apps import AppConfig


class ChecklistConfig(AppConfig):
    name = "acunum.checklist"
    verbose_name = "Bien régler son internet"
