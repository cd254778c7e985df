"""django-axes configured for thidua: one failure counter per username for passwords and TOTP codes.

The counting itself is django-axes' (AccessAttempt rows, incremented with ``F() + 1`` under
``select_for_update``); ``serialize_attempts`` adds a per-username lock around each check-and-count
so that parallel guesses cannot all be checked before the first failure is counted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext


def failure_limit(request: HttpRequest | None, credentials: Any) -> int:
    return int(settings.THIDUA_LOCKOUT_THRESHOLD)


def cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    return dt.timedelta(minutes=int(settings.THIDUA_LOCKOUT_MINUTES))


def failure_message() -> str:
    """One message for a wrong password, an unknown username, a wrong code and a locked account,
    so the login page never tells whether a username exists or is locked."""
    return gettext(
        "Đăng nhập không thành công: tên đăng nhập, mật khẩu hoặc mã xác thực không đúng. "
        "Sau %(n)d lần sai liên tiếp, tài khoản bị tạm khoá %(m)d phút; "
        "cần mở khoá sớm hơn, hãy liên hệ quản trị hệ thống."
    ) % {"n": settings.THIDUA_LOCKOUT_THRESHOLD, "m": settings.THIDUA_LOCKOUT_MINUTES}


def serialize_attempts(username: str) -> None:
    """Within the caller's transaction, wait for any other attempt on the same username.

    PostgreSQL: a transaction-level advisory lock keyed on the username. SQLite: the settings
    open every transaction with BEGIN IMMEDIATE, which already serialises writers.
    """
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(("thidua.login:" + username).encode()).digest()[:8], "big",
                         signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: Any = None) -> HttpResponse:
    """What django-axes answers for a locked-out attempt: the login page with the same message as
    any failure (and the half-open session of a two-factor step closed)."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        logout(request)
    return render(request, "accounts/login.html", {"error": failure_message(), "next": "/"}, status=400)
