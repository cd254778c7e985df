"""Audit log in the admin: read-only. And the mixin that makes every admin save an audit event."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import AuditEvent
from .services import Change, action_names, current_action, record_many, snapshot


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admin saves and deletes go through the audit log, in the same transaction as the write."""

    #: Fields never copied into the log (secrets).
    audit_exclude: tuple[str, ...] = ()

    def _snap(self, obj: models.Model) -> dict[str, Any]:
        data = snapshot(obj)
        for name in self.audit_exclude:
            data.pop(name, None)
        return data

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = None
            if change and obj.pk is not None:
                old = type(obj)._default_manager.filter(pk=obj.pk).first()
                before = self._snap(old) if old is not None else None
            super().save_model(request, obj, form, change)
            action = "admin.update" if change else "admin.create"
            record_many(actor=request.user, changes=[
                Change(action, obj._meta.label_lower, str(obj.pk), before, self._snap(obj))
            ])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            before, label, pk = self._snap(obj), obj._meta.label_lower, str(obj.pk)
            super().delete_model(request, obj)
            record_many(actor=request.user, changes=[Change("admin.delete", label, pk, before, None)])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            changes = [Change("admin.delete", o._meta.label_lower, str(o.pk), self._snap(o), None)
                       for o in queryset]
            super().delete_queryset(request, queryset)
            record_many(actor=request.user, changes=changes)


class ActionFilter(admin.SimpleListFilter):
    """Actions by their current name; an event written under a former name is found under the new one."""

    title = "thao tác"
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        names = {current_action(a) for a in AuditEvent.objects.order_by().values_list("action", flat=True).distinct()}
        return [(n, n) for n in sorted(names)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(action__in=action_names(value)) if value else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("seq", "at", "actor", "action", "action_now", "object_type", "object_id")
    list_filter = (ActionFilter, "object_type")
    search_fields = ("actor", "action", "object_type", "object_id")
    date_hierarchy = "at"
    readonly_fields = ("seq", "at", "actor_id", "actor", "action", "object_type", "object_id", "before", "after",
                       "prev_hash", "hash")
    show_full_result_count = False

    @admin.display(description="tên thao tác hiện nay")
    def action_now(self, event: AuditEvent) -> str:
        """An event written under a former name (e.g. ``award.import``) with the name it has today."""
        return current_action(event.action)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
