"""The award registry in the admin, for corrections by the provincial office. Every save is audited."""

from __future__ import annotations

from django.contrib import admin

from thidua.audit.admin import AuditedModelAdmin

from .models import Award, Discipline, Initiative, YearRecord


@admin.register(Award)
class AwardAdmin(AuditedModelAdmin):
    list_display = ("code", "year", "subject_name", "unit", "level", "decision_number", "decision_date", "status")
    list_filter = ("level", "kind", "status", "source", "year")
    search_fields = ("subject_name", "code", "decision_number")
    autocomplete_fields = ("person", "collective", "household", "unit")
    list_select_related = ("unit",)
    show_full_result_count = False


@admin.register(YearRecord)
class YearRecordAdmin(AuditedModelAdmin):
    list_display = ("person", "collective", "year", "rating", "justified_absence")
    list_filter = ("year", "rating")
    search_fields = ("person__search_key", "collective__search_key")
    autocomplete_fields = ("person", "collective")
    list_select_related = ("person", "collective")


@admin.register(Initiative)
class InitiativeAdmin(AuditedModelAdmin):
    list_display = ("title", "person", "year", "scope", "is_public")
    list_filter = ("scope", "year", "is_public")
    search_fields = ("title", "person__search_key")
    autocomplete_fields = ("person",)


@admin.register(Discipline)
class DisciplineAdmin(AuditedModelAdmin):
    list_display = ("person", "form", "valid_from", "valid_to", "decision_number")
    list_filter = ("form",)
    search_fields = ("person__search_key", "decision_number")
    autocomplete_fields = ("person",)
