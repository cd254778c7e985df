from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest
from django.test import Client, override_settings

from thidua.accounts.models import User
from thidua.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/tai-khoan/dang-nhap/"
TOTP = "/tai-khoan/xac-thuc-hai-lop/"
SETUP = "/tai-khoan/xac-thuc-hai-lop/thiet-lap/"


def post_login(client: Client, username: str, password: str, next_url: str = "") -> Any:
    return client.post(LOGIN, {"username": username, "password": password, "next": next_url})


def test_login_then_logout(make_user: Any) -> None:
    make_user("canbo", password="dung-mat-khau-1")
    client = Client()
    response = post_login(client, "canbo", "dung-mat-khau-1", "/don-vi/")
    assert response.status_code == 302 and response["Location"] == "/don-vi/"
    assert client.get("/don-vi/").status_code == 200
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.get("/don-vi/").status_code == 302


def test_login_refuses_an_open_redirect(make_user: Any) -> None:
    make_user("canbo", password="dung-mat-khau-1")
    response = post_login(Client(), "canbo", "dung-mat-khau-1", "https://evil.example/")
    assert response["Location"] == "/"


@override_settings(THIDUA_LOCKOUT_THRESHOLD=3, THIDUA_LOCKOUT_MINUTES=15)
def test_lockout_after_threshold_failures_even_with_the_right_password(make_user: Any) -> None:
    user = make_user("canbo", password="dung-mat-khau-1")
    client = Client()
    first = post_login(client, "canbo", "sai")
    assert first.status_code == 400
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in first.content.decode()
    second = post_login(client, "canbo", "sai").content.decode()
    assert "Còn 1 lần thử trước khi tài khoản bị tạm khoá." in second
    third = post_login(client, "canbo", "sai").content.decode()
    assert "Tài khoản tạm khoá do đăng nhập sai nhiều lần. Thử lại sau 15 phút" in third
    locked = post_login(client, "canbo", "dung-mat-khau-1")
    assert locked.status_code == 400 and "Tài khoản tạm khoá" in locked.content.decode()
    assert client.get("/don-vi/").status_code == 302  # still not logged in
    user.refresh_from_db()
    assert user.locked_until is not None
    assert AuditEvent.objects.filter(action="account.locked", object_id=str(user.pk)).exists()


@override_settings(THIDUA_LOCKOUT_THRESHOLD=3)
def test_a_good_login_resets_the_failure_count(make_user: Any) -> None:
    user = make_user("canbo", password="dung-mat-khau-1")
    client = Client()
    post_login(client, "canbo", "sai")
    post_login(client, "canbo", "sai")
    assert post_login(client, "canbo", "dung-mat-khau-1").status_code == 302
    user.refresh_from_db()
    assert user.failed_logins == 0 and user.locked_until is None


def test_totp_setup_then_login_needs_the_code(make_user: Any) -> None:
    user = make_user("canbo", password="dung-mat-khau-1")
    client = Client()
    post_login(client, "canbo", "dung-mat-khau-1")
    page = client.get(SETUP)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    secret = client.session["totp_pending"]
    wrong = client.post(SETUP, {"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"})
    assert wrong.status_code == 400 and "Mã xác thực không đúng" in wrong.content.decode()
    assert client.post(SETUP, {"code": pyotp.TOTP(secret).now()}).status_code == 302
    user.refresh_from_db()
    assert user.totp_enabled and user.totp_secret == secret
    assert AuditEvent.objects.filter(action="account.totp_enabled").exists()

    # A fresh login: the password alone opens nothing until the code is given.
    fresh = Client()
    post_login(fresh, "canbo", "dung-mat-khau-1")
    blocked = fresh.get("/ca-nhan/?q=an")
    assert blocked.status_code == 302 and blocked["Location"].startswith(TOTP + "?next=")
    # Nor can the secret be renewed without the current second factor.
    assert fresh.get(SETUP)["Location"] == TOTP
    bad = fresh.post(TOTP, {"code": "12345", "next": "/ca-nhan/"})
    assert bad.status_code == 400 and "Mã xác thực không đúng hoặc đã hết hạn" in bad.content.decode()
    # The enrolment code is used up; the next step's code (accepted for clock drift) opens the session.
    next_code = pyotp.TOTP(secret).at(time.time() + 30)
    ok = fresh.post(TOTP, {"code": next_code, "next": "/ca-nhan/"})
    assert ok.status_code == 302 and ok["Location"] == "/ca-nhan/"
    assert fresh.get("/ca-nhan/").status_code == 200

    # The same code cannot open a second session within its window (no replay).
    other = Client()
    post_login(other, "canbo", "dung-mat-khau-1")
    replay = other.post(TOTP, {"code": next_code, "next": "/ca-nhan/"})
    assert replay.status_code == 400 and "Mã xác thực không đúng hoặc đã hết hạn" in replay.content.decode()
    assert other.get("/ca-nhan/").status_code == 302


@override_settings(THIDUA_REQUIRE_2FA=True)
def test_when_2fa_is_required_a_user_without_it_is_sent_to_setup(make_user: Any) -> None:
    make_user("canbo", password="dung-mat-khau-1")
    client = Client()
    post_login(client, "canbo", "dung-mat-khau-1")
    first = client.get("/don-vi/")
    assert first.status_code == 302 and first["Location"].startswith(TOTP)
    assert client.get(first["Location"])["Location"] == SETUP


def test_user_model_unchanged_password_hash_not_in_audit(make_user: Any) -> None:
    # The lockout audit event records when, not secrets.
    user = make_user("canbo", password="dung-mat-khau-1")
    with override_settings(THIDUA_LOCKOUT_THRESHOLD=1):
        post_login(Client(), "canbo", "sai")
    event = AuditEvent.objects.get(action="account.locked")
    assert "password" not in str(event.after) and "totp_secret" not in str(event.after)
    assert User.objects.get(pk=user.pk).locked_until is not None
