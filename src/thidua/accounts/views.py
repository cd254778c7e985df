from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .middleware import SESSION_KEY


def _next_url(request: HttpRequest) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return "/"


def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        result = services.attempt_login(
            request=request,
            username=request.POST.get("username", "").strip(),
            password=request.POST.get("password", ""),
        )
        if result.user is not None:
            login(request, result.user)
            return redirect(_next_url(request))
        error = result.error
    return render(request, "accounts/login.html", {"error": error, "next": _next_url(request)},
                  status=400 if error else 200)


def _verified(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_KEY))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("/")


@login_required
def totp_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.totp_enabled:  # type: ignore[union-attr]
        return redirect("accounts:totp_setup")
    error = ""
    if request.method == "POST":
        if services.consume_totp(user, request.POST.get("code", "")):  # type: ignore[arg-type]
            request.session[SESSION_KEY] = True
            return redirect(_next_url(request))
        error = _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 số đang hiện trên ứng dụng.")
    return render(request, "accounts/totp.html", {"error": error, "next": _next_url(request)},
                  status=400 if error else 200)


@login_required
def totp_setup_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Renewing the secret needs the current second factor first; otherwise a stolen password
    # would be enough to enrol the thief's own authenticator (this URL is exempt from the check).
    if user.totp_enabled and not _verified(request):  # type: ignore[union-attr]
        return redirect("accounts:totp")
    secret = request.session.get("totp_pending") or services.new_totp_secret()
    request.session["totp_pending"] = secret
    error = ""
    if request.method == "POST":
        if services.enable_totp(user=user, secret=secret, code=request.POST.get("code", "")):  # type: ignore[arg-type]
            request.session[SESSION_KEY] = True
            request.session.pop("totp_pending", None)
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect(_next_url(request))
        error = _("Mã xác thực không đúng. Hãy nhập mã 6 số đang hiện trên ứng dụng.")
    uri = services.totp_uri(user, secret)  # type: ignore[arg-type]
    buf = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(buf)
    return render(request, "accounts/totp_setup.html",
                  {"secret": secret, "qr_svg": buf.getvalue().decode(), "error": error,
                   "next": _next_url(request)}, status=400 if error else 200)
