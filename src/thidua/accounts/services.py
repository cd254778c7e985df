"""Login with lockout and TOTP two-factor."""

from __future__ import annotations

import datetime as dt
import hmac
import time
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from thidua.audit.services import record

from .models import User


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    error: str = ""


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, int((until - now).total_seconds() // 60) + 1)


def _locked_message(minutes: int) -> str:
    return ngettext(
        "Tài khoản tạm khoá do đăng nhập sai nhiều lần. Thử lại sau %(n)d phút "
        "hoặc liên hệ quản trị hệ thống để mở khoá.",
        "Tài khoản tạm khoá do đăng nhập sai nhiều lần. Thử lại sau %(n)d phút "
        "hoặc liên hệ quản trị hệ thống để mở khoá.",
        minutes,
    ) % {"n": minutes}


def attempt_login(*, request: HttpRequest, username: str, password: str) -> LoginResult:
    """Check the password; after THIDUA_LOCKOUT_THRESHOLD failures in a row the account is locked

    for THIDUA_LOCKOUT_MINUTES (audited). While locked, even the right password is refused.
    """
    account = User.objects.filter(username=username).first()
    now = timezone.now()
    if account is not None and account.locked_until and account.locked_until > now:
        return LoginResult(None, _locked_message(_minutes_left(account.locked_until, now)))
    user = authenticate(request, username=username, password=password)
    if user is None:
        wrong = gettext("Tên đăng nhập hoặc mật khẩu không đúng.")
        if account is None:
            return LoginResult(None, wrong)
        with transaction.atomic():
            account.failed_logins += 1
            fields = ["failed_logins"]
            if account.failed_logins >= settings.THIDUA_LOCKOUT_THRESHOLD:
                account.locked_until = now + dt.timedelta(minutes=settings.THIDUA_LOCKOUT_MINUTES)
                account.failed_logins = 0
                fields.append("locked_until")
                record(actor=account, action="account.locked", obj=account,
                       after={"locked_until": account.locked_until})
            account.save(update_fields=fields)
        if "locked_until" in fields:
            return LoginResult(None, _locked_message(settings.THIDUA_LOCKOUT_MINUTES))
        left = settings.THIDUA_LOCKOUT_THRESHOLD - account.failed_logins
        if left <= 2:
            wrong += " " + ngettext(
                "Còn %(n)d lần thử trước khi tài khoản bị tạm khoá.",
                "Còn %(n)d lần thử trước khi tài khoản bị tạm khoá.",
                left,
            ) % {"n": left}
        return LoginResult(None, wrong)
    assert isinstance(user, User)
    if user.failed_logins or user.locked_until:
        user.failed_logins = 0
        user.locked_until = None
        user.save(update_fields=["failed_logins", "locked_until"])
    return LoginResult(user)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name="thidua")


def _totp_step(secret: str, code: str, *, at: float | None = None) -> int | None:
    """The 30-second step (previous, current or next, for clock drift) whose code this is, or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if not secret or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    current = totp.timecode(now)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def check_totp(secret: str, code: str) -> bool:
    """Whether the code is valid for the secret now (no replay bookkeeping: for enrolment checks)."""
    return _totp_step(secret, code) is not None


def consume_totp(user: User, code: str) -> bool:
    """Accept the user's code once: a code (or an older one) already used is refused, so a code seen
    over someone's shoulder or in a proxy log cannot open a second session within its window."""
    step = _totp_step(user.totp_secret, code)
    if step is None:
        return False
    taken = (User.objects.filter(pk=user.pk)
             .filter(Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step))
             .update(totp_last_step=step))
    if taken:
        user.totp_last_step = step
    return bool(taken)


@transaction.atomic
def enable_totp(*, user: User, secret: str, code: str) -> bool:
    """Switch TOTP on (or to a new secret) once the user proves the app shows the right code."""
    step = _totp_step(secret, code)
    if step is None:
        return False
    renewed = user.totp_enabled
    user.totp_secret = secret
    user.totp_enabled = True
    user.totp_last_step = step  # the enrolment code is used up too
    user.save(update_fields=["totp_secret", "totp_enabled", "totp_last_step"])
    record(actor=user, action="account.totp_renewed" if renewed else "account.totp_enabled", obj=user,
           after={"totp_enabled": True})
    return True
