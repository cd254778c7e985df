"""Login with lockout (django-axes) and TOTP two-factor (django-otp)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate, user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.audit.services import record

from .lockout import failure_message, serialize_attempts
from .models import User


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    error: str = ""


def attempt_login(*, request: HttpRequest, username: str, password: str) -> LoginResult:
    """Check the password. django-axes refuses a username with THIDUA_LOCKOUT_THRESHOLD failures
    (passwords and TOTP codes together) within THIDUA_LOCKOUT_MINUTES, even with the right password;
    the answer is the same whether the username is unknown, wrong or locked."""
    max_length = User._meta.get_field("username").max_length or 150
    if len(username) > max_length:
        # No account has such a name; the lockout's table could not even store it. Same answer, same cost.
        User().set_password(password)
        return LoginResult(None, failure_message())
    with transaction.atomic():
        serialize_attempts(username)
        user = authenticate(request, username=username, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            # The lockout answers before hashing: hash once anyway, so the time taken does not tell.
            User().set_password(password)
        return LoginResult(None, failure_message())
    assert isinstance(user, User)
    return LoginResult(user)


def needs_second_factor(user: User) -> bool:
    return bool(user.totp_enabled or settings.THIDUA_REQUIRE_2FA)


def complete_login(*, request: HttpRequest, user: User) -> None:
    """Both factors passed (or the second is not asked for): the failure counter starts again."""
    AxesProxyHandler.reset_attempts(username=user.username)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _six_digits(code: str) -> str | None:
    digits = "".join(ch for ch in code if ch.isdigit())
    return digits if len(digits) == 6 else None


@dataclass(frozen=True)
class SecondFactor:
    ok: bool
    locked: bool = False
    wait: bool = False


def verify_second_factor(*, request: HttpRequest, user: User, code: str) -> SecondFactor:
    """Check the TOTP code of the user's device, once: a code used (or an older one) is refused
    (django-otp's ``last_t``), a wrong code makes the device wait 1, 2, 4… seconds before the next
    try (django-otp's throttling) and counts as a failed login for the lockout (django-axes)."""
    credentials = {"username": user.username}
    digits = _six_digits(code)
    with transaction.atomic():
        serialize_attempts(user.username)
        if AxesProxyHandler.is_locked(request, credentials):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            return SecondFactor(False, locked=True)
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            return SecondFactor(False)
        allowed, _detail = device.verify_is_allowed()
        if digits is not None and allowed and device.verify_token(digits):
            otp_login(request, device)
            complete_login(request=request, user=user)
            return SecondFactor(True)
        if digits is None:
            return SecondFactor(False)
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        return SecondFactor(False, locked=True)
    return SecondFactor(False, wait=not allowed)


def b32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def pending_device(user: User, pk: Any) -> TOTPDevice:
    """The unconfirmed device being enrolled (the one in the session, or a new random key)."""
    found = TOTPDevice.objects.filter(user=user, confirmed=False, pk=pk).first() if pk else None
    return found or TOTPDevice.objects.create(user=user, name="pending", confirmed=False)


@transaction.atomic
def enable_totp(*, request: HttpRequest, user: User, device: TOTPDevice, code: str) -> bool:
    """Switch TOTP on (or to a new key) once the user proves the app shows the right code; the
    enrolment code is used up, the user's other devices are removed."""
    digits = _six_digits(code)
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if digits is None or not device.verify_token(digits):
        return False
    renewed = user.totp_enabled
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.name = "default"
    device.save(update_fields=["confirmed", "name"])
    User.objects.filter(pk=user.pk).update(totp_enabled=True)
    user.totp_enabled = True
    record(actor=user, action="account.totp_renewed" if renewed else "account.totp_enabled", obj=user,
           after={"totp_enabled": True})
    otp_login(request, device)
    complete_login(request=request, user=user)
    return True


def record_lockout(*, request: HttpRequest | None, username: str | None) -> None:
    """Audit the moment an account is locked (not each refused attempt while it stays locked)."""
    if request is None or getattr(request, "axes_failures_since_start", None) is None:
        return
    account = User.objects.filter(username=username or "").first()
    if account is None:
        return
    record(actor=account, action="account.locked", obj=account,
           after={"failures": getattr(request, "axes_failures_since_start", None),
                  "minutes": settings.THIDUA_LOCKOUT_MINUTES})
