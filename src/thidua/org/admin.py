"""Reference data in the admin (Vietnamese labels come from the models' verbose names). Every save is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from thidua.audit.admin import AuditedModelAdmin

from .models import (
    Cluster,
    ClusterMembership,
    Collective,
    Household,
    Person,
    PersonMerge,
    Position,
    Unit,
    UnitSuccession,
)

admin.site.site_header = _("Quản trị hệ thống Thi đua – Khen thưởng")
admin.site.site_title = _("Quản trị thi đua")
admin.site.index_title = _("Danh mục và dữ liệu gốc")


class SuccessionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = UnitSuccession
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ("predecessor",)
    verbose_name = _("đơn vị tiền thân")
    verbose_name_plural = _("đơn vị tiền thân (hợp nhất, chia tách)")


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "kind", "parent", "is_grassroots", "valid_from", "valid_to")
    list_filter = ("kind", "is_grassroots", "is_small_collective")
    search_fields = ("code", "name", "search_key")
    autocomplete_fields = ("parent",)
    inlines = (SuccessionInline,)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(AuditedModelAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_on", "legal_basis")
    list_filter = ("kind",)
    autocomplete_fields = ("predecessor", "successor")


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ClusterMembership
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(Cluster)
class ClusterAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    inlines = (MembershipInline,)


class PositionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Position
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ("full_name", "citizen_id", "birth_date", "sex", "unit", "is_direct_worker", "merged_into")
    list_filter = ("sex", "is_direct_worker", "is_deceased")
    search_fields = ("search_key", "citizen_id")
    autocomplete_fields = ("unit", "merged_into")
    list_select_related = ("unit", "merged_into")
    inlines = (PositionInline,)
    show_full_result_count = False

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> tuple[Any, bool]:
        from thidua.core.text import search_key

        return super().get_search_results(request, queryset, search_key(search_term) or search_term)


@admin.register(Position)
class PositionAdmin(AuditedModelAdmin):
    list_display = ("person", "title", "unit", "is_leader", "valid_from", "valid_to")
    list_filter = ("is_leader",)
    search_fields = ("person__search_key", "title")
    autocomplete_fields = ("person", "unit")


@admin.register(Collective)
class CollectiveAdmin(AuditedModelAdmin):
    list_display = ("name", "unit", "is_small", "represents_unit")
    list_filter = ("is_small",)
    search_fields = ("name", "search_key")
    autocomplete_fields = ("unit", "represents_unit")


@admin.register(Household)
class HouseholdAdmin(AuditedModelAdmin):
    list_display = ("head_name", "address", "unit")
    search_fields = ("head_name", "search_key", "address")
    autocomplete_fields = ("head", "unit")


@admin.register(PersonMerge)
class PersonMergeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Merges are made and undone on the duplicates screen (services), never edited here."""

    list_display = ("at", "keep", "removed", "by", "undone_at")
    readonly_fields = ("keep", "removed", "moved", "by", "at", "undone_at", "undone_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
