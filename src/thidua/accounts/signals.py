"""Keep ``User.totp_enabled`` in step with django-otp's devices; audit lockouts (django-axes)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


@receiver([post_save, post_delete], sender=TOTPDevice)
def _sync_totp_flag(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    enabled = TOTPDevice.objects.filter(user_id=instance.user_id, confirmed=True).exists()
    User.objects.filter(pk=instance.user_id).exclude(totp_enabled=enabled).update(totp_enabled=enabled)


@receiver(user_locked_out)
def _audit_lockout(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    from .services import record_lockout

    record_lockout(request=request, username=username)
