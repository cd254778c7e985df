"""Accounts with a role and a unit scope. Two-factor devices are django-otp's (TOTPDevice); failed
logins are counted by django-axes (AccessAttempt)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Cán bộ thi đua đơn vị")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    SPECIALIST = "specialist", _("Chuyên viên Ban Thi đua – Khen thưởng")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng thi đua – khen thưởng")
    CHAIR = "chair", _("Chủ tịch UBND tỉnh")
    ADMIN = "admin", _("Quản trị hệ thống")


# Roles that work for the whole province; the others are confined to their unit's subtree.
PROVINCE_WIDE_ROLES = frozenset({Role.SPECIALIST, Role.COUNCIL_MEMBER, Role.CHAIR, Role.ADMIN})


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.CLERK)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    # Whether the user has a confirmed TOTP device (django-otp), kept in step by accounts.signals:
    # every staff page's header and the two-factor middleware read it without a query.
    totp_enabled = models.BooleanField(_("bật xác thực hai lớp"), default=False)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    @property
    def is_province_wide(self) -> bool:
        return self.is_superuser or self.role in PROVINCE_WIDE_ROLES
