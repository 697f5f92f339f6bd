from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from acunum.accounts.models import Organisation, Referent, User


def _of_admins_only(request) -> bool:
    """The back office is for the OF's administrators, whatever their is_staff flag says."""
    return request.user.is_active and request.user.is_of_admin


admin.site.has_permission = _of_admins_only
admin.site.site_header = _("Acunum back office")
admin.site.site_title = _("Acunum")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Acunum"), {"fields": ["role", "phone"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Acunum"), {"fields": ["role", "first_name", "last_name", "email"]}),
    ]


class ReferentInline(admin.TabularInline):
    model = Referent
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "nda", "qualiopi_certificate"]
    inlines = [ReferentInline]
