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

# Pages a signed-in user reaches before the second factor: static files, the language switch, the
# public portal (but not its office pages under quan-ly/), certificate verification, and the
# login/two-factor steps themselves. Every other page — the admin, the portal's office, the
# password change — asks for the second factor first.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/xac-minh/")
_PUBLIC_PREFIX = "/cong-khai/"
_PUBLIC_STAFF_PREFIX = "/cong-khai/quan-ly/"
_STEP_URLS = ("accounts:login", "accounts:logout", "accounts:totp", "accounts:totp_setup")


def exempt_from_second_factor(path: str) -> bool:
    if path.startswith(_OPEN_PREFIXES):
        return True
    if path.startswith(_PUBLIC_PREFIX):
        return not path.startswith(_PUBLIC_STAFF_PREFIX)
    return path in {reverse(name) for name in _STEP_URLS}


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
    """Staff who have TOTP switched on (or must, when THIDUA_REQUIRE_2FA) pass the second factor
    first (django-otp's OTPMiddleware, earlier in the chain, tells whether the session is verified)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.totp_enabled or settings.THIDUA_REQUIRE_2FA)
            and not user.is_verified()
            and not exempt_from_second_factor(request.path)
        ):
            return redirect(reverse("accounts:totp") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
