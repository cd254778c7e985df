"""The system administrator's fallback: the office launches movements, records reviews and prepares
scoring sheets on its own screens (``views_office.py``, /phong-trao/quan-ly/), where the rules apply; here
every save is still audited (AuditedModelAdmin). Scores are entered on the cluster pages, where the
scoring rules are enforced, so they are read-only here."""

from __future__ import annotations

from django.contrib import admin

from thidua.audit.admin import AuditedModelAdmin

from .models import Criterion, Movement, Review, ScoringSheet


class ReviewInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Review
    extra = 0
    readonly_fields = ("report_file",)  # uploads go through the services (content check, random name)


@admin.register(Movement)
class MovementAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "level", "starts_on", "ends_on", "is_core", "is_public")
    list_filter = ("kind", "level", "is_core", "is_public")
    search_fields = ("name", "theme")
    filter_horizontal = ("units",)
    inlines = [ReviewInline]
    readonly_fields = ("launch_document",)  # uploads go through the services (content check, random name)


class CriterionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Criterion
    extra = 0


@admin.register(ScoringSheet)
class ScoringSheetAdmin(AuditedModelAdmin):
    list_display = ("cluster", "year", "closes_on", "status")
    list_filter = ("year", "status")
    readonly_fields = ("status", "consolidated_at", "consolidated_by", "result")
    inlines = [CriterionInline]
