from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from acunum.accounts.login import AdminLoginForm, rate_limited_admin_login
from acunum.accounts.models import Organisation, Referent, User
from acunum.documents import letterhead


def _of_admins_only(request) -> bool:
    """The back office is for the OF's administrators, whatever their is_staff flag says."""
    return request.user.is_active and request.user.is_of_admin


admin.site.has_permission = _of_admins_only
# The admin's login counts and refuses failed attempts like the site's (acunum/accounts/login.py).
admin.site.login_form = AdminLoginForm
admin.site.login = rate_limited_admin_login(admin.site.login)
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


class OrganisationForm(forms.ModelForm):
    # The logo is kept in the database (a BinaryField has no form field of its own).
    logo_file = forms.FileField(
        label=_("logo"),
        required=False,
        help_text=_("PNG or JPEG, 512 kB at most. Printed at the top of every document."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("remove the logo"), required=False)
    # No Meta: the admin builds the model's fields itself (with its own widgets).

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        # Read one byte more than allowed: a huge upload is refused without reading it all.
        return letterhead.check_logo(upload.read(letterhead.MAX_BYTES + 1))

    def save(self, commit=True):
        organisation = super().save(commit=False)
        if self.cleaned_data.get("logo_file"):
            organisation.logo = self.cleaned_data["logo_file"]
        elif self.cleaned_data.get("remove_logo"):
            organisation.logo = b""
        if commit:
            organisation.save()
            self.save_m2m()
        return organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ["name", "siret", "nda", "qualiopi_certificate"]
    readonly_fields = ["current_logo"]
    inlines = [ReferentInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A website typed without its scheme is https (Django 6's default, asked for now).
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("current logo"))
    def current_logo(self, organisation):
        url = letterhead.data_url(bytes(organisation.logo or b""))
        if url is None:
            return _("none")
        return format_html('<img src="{}" alt="{}" height="64">', url, _("logo"))
