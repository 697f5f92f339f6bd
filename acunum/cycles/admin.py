from django.contrib import admin

from acunum.cycles.models import Cycle, Enrolment, Slot, Structure, Trainee


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "funder_kind", "funder_name"]
    list_filter = ["kind", "funder_kind"]
    search_fields = ["name", "city", "siret"]
    filter_horizontal = ["contacts"]


class SlotInline(admin.TabularInline):
    model = Slot
    fields = ["index", "sequence", "date", "start", "end"]
    extra = 0


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    fields = ["seat", "trainee"]
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
