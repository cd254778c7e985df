"""Request middleware for accounts: Vietnamese-first language choice and the second factor."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

SESSION_KEY = "thidua_2fa_ok"
_EXEMPT_PREFIXES = ("/tai-khoan/", "/static/", "/i18n/", "/cong-khai/", "/xac-minh/")


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language with the switch (the language cookie).

    Django's own middleware would follow the browser's Accept-Language, so an official whose
    browser is set to English would get English screens without asking for them.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class TwoFactorMiddleware:
    """Staff who have TOTP switched on (or must, when THIDUA_REQUIRE_2FA) pass the second factor first."""

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
            return redirect(reverse("accounts:totp") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
