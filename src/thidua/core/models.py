"""Metadata of private files (thidua.core.files): the original name of a file stored under a random one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    name = models.CharField(_("tên lưu trữ"), max_length=255, unique=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=120)
    size = models.BigIntegerField(_("dung lượng (byte)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp lưu trữ")
        verbose_name_plural = _("tệp lưu trữ")

    def __str__(self) -> str:
        return self.original_name
