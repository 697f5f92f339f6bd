from django.contrib import admin

from acunum.evaluation.models import QuestionnaireVersion


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(admin.ModelAdmin):
    """Read-only: a version changes by loading a new file (`acunum load_questionnaires`).
    Answers are not listed here: an anonymous answer is read only through the cycle's results."""

    list_display = ["slug", "number", "loaded_at"]
    readonly_fields = ["slug", "number", "checksum", "source", "loaded_at"]
    exclude = ["data"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
