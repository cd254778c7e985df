from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.audit.services import record

from . import services
from .lockout import failure_message
from .models import User

_PENDING = "totp_pending"


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
            if not services.needs_second_factor(result.user):
                services.complete_login(request=request, user=result.user)
            return redirect(_next_url(request))
        error = result.error
    return render(request, "accounts/login.html", {"error": error, "next": _next_url(request)},
                  status=400 if error else 200)


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin's login page is ours: the same lockout, the same second factor."""
    nxt = request.GET.get("next") or reverse("admin:index")
    return redirect(reverse("accounts:login") + "?" + urlencode({"next": nxt}))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("/")


@login_required
def totp_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not user.totp_enabled:
        return redirect("accounts:totp_setup")
    error = ""
    if request.method == "POST":
        result = services.verify_second_factor(request=request, user=user, code=request.POST.get("code", ""))
        if result.ok:
            return redirect(_next_url(request))
        if result.locked:
            # django-axes' middleware answers with the login page (accounts.lockout.lockout_response).
            logout(request)
            return render(request, "accounts/login.html", {"error": failure_message(), "next": "/"}, status=400)
        error = (_("Mã xác thực không đúng hoặc đã hết hạn. Hãy đợi vài giây rồi nhập mã 6 số đang hiện "
                   "trên ứng dụng.") if result.wait else
                 _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 số đang hiện trên ứng dụng."))
    return render(request, "accounts/totp.html", {"error": error, "next": _next_url(request)},
                  status=400 if error else 200)


@login_required
def totp_setup_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    # Renewing the key needs the current second factor first; otherwise a stolen password
    # would be enough to enrol the thief's own authenticator (this URL is exempt from the check).
    if user.totp_enabled and not user.is_verified():  # type: ignore[attr-defined]
        return redirect("accounts:totp")
    device = services.pending_device(user, request.session.get(_PENDING))
    request.session[_PENDING] = device.pk
    error = ""
    if request.method == "POST":
        if services.enable_totp(request=request, user=user, device=device, code=request.POST.get("code", "")):
            request.session.pop(_PENDING, None)
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect(_next_url(request))
        error = _("Mã xác thực không đúng. Hãy nhập mã 6 số đang hiện trên ứng dụng.")
    buf = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(buf)
    return render(request, "accounts/totp_setup.html",
                  {"secret": services.b32_secret(device), "qr_svg": buf.getvalue().decode(), "error": error,
                   "next": _next_url(request)}, status=400 if error else 200)


class PasswordChange(PasswordChangeView):
    """Self-service password change (Django's form and validators: 12 characters or more, not like
    the username or name, not common, not all digits); audited; the session stays open."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("web:home")

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[arg-type]
        user = self.request.user
        assert isinstance(user, User)
        record(actor=user, action="account.password_changed", obj=user, after={"changed": True})
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


password_change_view = PasswordChange.as_view()
