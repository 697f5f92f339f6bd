from django.contrib import admin

from acunum.cycles.models import Cycle, Enrolment, Slot, Structure, Trainee


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "funder_kind", "funder_name"]
    list_filter = ["kind", "funder_kind"]
    search_fields = ["name", "city", "siret"]
    filter_horizontal = ["contacts"]


class AttendanceLockedInline(admin.TabularInline):
    """Once a cycle has attendance, the fields its ledger records hash are no longer editable:
    changing them would change what was signed (see acunum/attendance/ledger.py)."""

    hashed_fields: list[str] = []

    @staticmethod
    def locked(obj) -> bool:
        return obj is not None and obj.attendance_events.exists()

    def get_readonly_fields(self, request, obj=None):
        if self.locked(obj):
            return [*super().get_readonly_fields(request, obj), *self.hashed_fields]
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        # A new row would need the read-only fields: enrol through the cycle's page instead.
        return super().has_add_permission(request, obj) and not self.locked(obj)


class SlotInline(AttendanceLockedInline):
    model = Slot
    fields = ["index", "sequence", "date", "start", "end"]
    hashed_fields = ["index"]
    extra = 0


class EnrolmentInline(AttendanceLockedInline):
    model = Enrolment
    fields = ["seat", "trainee"]
    hashed_fields = ["seat", "trainee"]
    raw_id_fields = ["trainee"]
    extra = 0


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "place", "created_at"]
    list_filter = ["status"]
    search_fields = ["structure__name", "place"]
    filter_horizontal = ["trainers"]
    inlines = [SlotInline, EnrolmentInline]
    list_select_related = ["structure", "programme_version__programme"]


@admin.register(Trainee)
class TraineeAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "job", "structure"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["structure"]
