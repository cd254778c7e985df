"""Staff who have TOTP switched on (or must, when THIDUA_REQUIRE_2FA) pass the second factor first."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

SESSION_KEY = "thidua_2fa_ok"
_EXEMPT_PREFIXES = ("/tai-khoan/", "/static/", "/i18n/", "/cong-khai/", "/xac-minh/")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and (user.totp_enabled or settings.THIDUA_REQUIRE_2FA)
            and not request.path.startswith(_EXEMPT_PREFIXES)
        ):
            return redirect("accounts:totp")
        return self.get_response(request)
