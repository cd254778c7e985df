"""Staff accounts in the admin: role and unit scope. Passwords and TOTP secrets never enter the audit log."""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.audit.admin import AuditedModelAdmin

from .models import User


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):  # type: ignore[misc]
    audit_exclude = ("password",)
    list_display = ("username", "get_full_name", "role", "unit", "is_active", "totp_enabled")
    list_filter = ("role", "is_active", "totp_enabled")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("unit",)
    # Two-factor devices: «OTP_TOTP › TOTP devices»; lockouts: «Axes › Access attempts» (delete to unlock).
    readonly_fields = ("last_login", "date_joined", "totp_enabled")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Vai trò và phạm vi"), {"fields": ("role", "unit")}),
        (_("Bảo mật"), {"fields": ("totp_enabled",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Vai trò và phạm vi"), {"fields": ("role", "unit")}),
    )


# The admin's security actions — removing a lost phone's TOTP device, unlocking an account by
# deleting its failed attempts — are audited like any other admin change; the key stays out.
_SECURITY_ADMINS: list[tuple[type[Any], type[Any], tuple[str, ...]]] = [
    (TOTPDevice, TOTPDeviceAdmin, ("key",)),
    (AccessAttempt, AccessAttemptAdmin, ("get_data", "post_data")),
]
for _model, _base, _exclude in _SECURITY_ADMINS:
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(f"Audited{_base.__name__}", (AuditedModelAdmin, _base),
                                     {"audit_exclude": _exclude, "__module__": __name__}))
