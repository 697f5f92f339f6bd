from django.contrib import admin

from acunum.programmes.models import Programme, ProgrammeVersion, Sequence


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]


class SequenceInline(admin.TabularInline):
    model = Sequence
    fields = ["part", "code", "kind", "title", "minutes"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(admin.ModelAdmin):
    """Read-only: a version changes by loading a new file (`acunum load_programme`)."""

    list_display = ["programme", "number", "updated", "loaded_at"]
    inlines = [SequenceInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
