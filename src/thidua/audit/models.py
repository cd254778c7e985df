"""Append-only, hash-chained event log. No code path edits or deletes events."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Nhật ký kiểm toán chỉ được ghi thêm, không được sửa.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Nhật ký kiểm toán chỉ được ghi thêm, không được xoá.")


class AuditEvent(models.Model):
    seq = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("thời điểm"))
    actor_id = models.BigIntegerField(_("mã người thực hiện"), null=True, blank=True)
    actor = models.CharField(_("người thực hiện"), max_length=150)
    action = models.CharField(_("thao tác"), max_length=60)
    object_type = models.CharField(_("loại đối tượng"), max_length=60)
    object_id = models.CharField(_("mã đối tượng"), max_length=60)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện kiểm toán")
        verbose_name_plural = _("nhật ký kiểm toán")
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Nhật ký kiểm toán chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Nhật ký kiểm toán chỉ được ghi thêm, không được xoá.")


class ChainHead(models.Model):
    """One row, locked while appending so the chain never forks under concurrency."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    last_seq = models.BigIntegerField(default=0)
