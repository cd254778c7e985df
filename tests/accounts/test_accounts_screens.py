from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.lockout import failure_message
from thidua.accounts.models import User
from thidua.accounts.services import b32_secret
from thidua.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/tai-khoan/dang-nhap/"
TOTP = "/tai-khoan/xac-thuc-hai-lop/"
SETUP = "/tai-khoan/xac-thuc-hai-lop/thiet-lap/"
PASSWORD = "dung-mat-khau-1"


def post_login(client: Client, username: str, password: str, next_url: str = "") -> Any:
    return client.post(LOGIN, {"username": username, "password": password, "next": next_url})


def error_of(response: Any) -> str:
    body = response.content.decode()
    start = body.index('<p class="error" role="alert">') + len('<p class="error" role="alert">')
    return body[start:body.index("</p>", start)]


def with_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def code(device: TOTPDevice, shift: int = 0) -> str:
    return pyotp.TOTP(b32_secret(device)).at(time.time() + 30 * shift)


def failures(username: str) -> int:
    return sum(AccessAttempt.objects.filter(username=username).values_list("failures_since_start", flat=True))


def test_login_then_logout(make_user: Any) -> None:
    make_user("canbo", password=PASSWORD)
    client = Client()
    response = post_login(client, "canbo", PASSWORD, "/don-vi/")
    assert response.status_code == 302 and response["Location"] == "/don-vi/"
    assert client.get("/don-vi/").status_code == 200
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.get("/don-vi/").status_code == 302


def test_login_refuses_an_open_redirect(make_user: Any) -> None:
    make_user("canbo", password=PASSWORD)
    response = post_login(Client(), "canbo", PASSWORD, "https://evil.example/")
    assert response["Location"] == "/"


@override_settings(THIDUA_LOCKOUT_THRESHOLD=3, THIDUA_LOCKOUT_MINUTES=15)
def test_lockout_after_threshold_failures_even_with_the_right_password(make_user: Any) -> None:
    user = make_user("canbo", password=PASSWORD)
    client = Client()
    for _ in range(3):
        wrong = post_login(client, "canbo", "sai")
        assert wrong.status_code == 400 and error_of(wrong) == failure_message()
    locked = post_login(client, "canbo", PASSWORD)
    assert locked.status_code == 400 and error_of(locked) == failure_message()
    assert client.get("/don-vi/").status_code == 302  # still not logged in
    # From another address and browser too: the counter is the username's.
    other = Client(REMOTE_ADDR="10.9.8.7", HTTP_USER_AGENT="khac")
    assert post_login(other, "canbo", PASSWORD).status_code == 400
    # One audit event when the lock starts, none for the refused attempts while it lasts.
    events = AuditEvent.objects.filter(action="account.locked", object_id=str(user.pk))
    assert events.count() == 1
    assert "password" not in str(events[0].after)


@override_settings(THIDUA_LOCKOUT_THRESHOLD=3)
def test_one_message_whether_the_username_exists_is_wrong_or_locked(make_user: Any) -> None:
    make_user("canbo", password=PASSWORD)
    make_user("nguoi-khac", password=PASSWORD)
    for _ in range(3):
        post_login(Client(), "canbo", "sai")
    answers = {
        "unknown": post_login(Client(), "khong-ai-ca", "sai"),
        "wrong": post_login(Client(), "nguoi-khac", "sai"),
        "locked": post_login(Client(), "canbo", PASSWORD),
        "locked-wrong": post_login(Client(), "canbo", "sai"),
    }
    assert {r.status_code for r in answers.values()} == {400}
    assert {error_of(r) for r in answers.values()} == {failure_message()}


@override_settings(THIDUA_LOCKOUT_THRESHOLD=3)
def test_a_good_login_resets_the_failure_count(make_user: Any) -> None:
    make_user("canbo", password=PASSWORD)
    client = Client()
    post_login(client, "canbo", "sai")
    post_login(client, "canbo", "sai")
    assert failures("canbo") == 2
    assert post_login(client, "canbo", PASSWORD).status_code == 302
    assert failures("canbo") == 0


def test_totp_setup_then_login_needs_the_code(make_user: Any) -> None:
    user = make_user("canbo", password=PASSWORD)
    client = Client()
    post_login(client, "canbo", PASSWORD)
    page = client.get(SETUP)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert b32_secret(device) in page.content.decode()
    wrong = client.post(SETUP, {"code": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "Mã xác thực không đúng" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code made the device wait: skip the wait here
    device.save()
    assert client.post(SETUP, {"code": code(device)}).status_code == 302
    user.refresh_from_db()
    device.refresh_from_db()
    assert user.totp_enabled and device.confirmed
    assert AuditEvent.objects.filter(action="account.totp_enabled").exists()

    # A fresh login: the password alone opens nothing until the code is given.
    fresh = Client()
    post_login(fresh, "canbo", PASSWORD)
    blocked = fresh.get("/ca-nhan/?q=an")
    assert blocked.status_code == 302 and blocked["Location"].startswith(TOTP + "?next=")
    # Nor can the key be renewed without the current second factor.
    assert fresh.get(SETUP)["Location"] == TOTP
    bad = fresh.post(TOTP, {"code": "12345", "next": "/ca-nhan/"})
    assert bad.status_code == 400 and "Mã xác thực không đúng hoặc đã hết hạn" in bad.content.decode()
    # The enrolment code is used up; the next step's code (accepted for clock drift) opens the session.
    next_code = code(device, 1)
    ok = fresh.post(TOTP, {"code": next_code, "next": "/ca-nhan/"})
    assert ok.status_code == 302 and ok["Location"] == "/ca-nhan/"
    assert fresh.get("/ca-nhan/").status_code == 200

    # The same code cannot open a second session within its window (no replay).
    other = Client()
    post_login(other, "canbo", PASSWORD)
    replay = other.post(TOTP, {"code": next_code, "next": "/ca-nhan/"})
    assert replay.status_code == 400 and "Mã xác thực không đúng hoặc đã hết hạn" in replay.content.decode()
    assert other.get("/ca-nhan/").status_code == 302


@override_settings(THIDUA_LOCKOUT_THRESHOLD=4)
def test_wrong_totp_codes_lock_the_account_like_passwords(make_user: Any) -> None:
    user = make_user("canbo", password=PASSWORD)
    device = with_device(user)
    wrong = "000000" if code(device) != "000000" else "111111"
    client = Client()
    post_login(client, "canbo", PASSWORD)
    for _ in range(2):
        answer = client.post(TOTP, {"code": wrong})
        assert answer.status_code == 400 and "Mã xác thực không đúng" in answer.content.decode()
    # Signing in again with the password does not start the count again: only both factors do.
    client = Client()
    post_login(client, "canbo", PASSWORD)
    assert failures("canbo") == 2
    client.post(TOTP, {"code": wrong})
    last = client.post(TOTP, {"code": wrong})
    # The fourth failure locks: the half-open session is closed, the login page says the usual.
    assert last.status_code == 400 and error_of(last) == failure_message()
    assert client.get("/ca-nhan/").status_code == 302
    assert client.get("/ca-nhan/")["Location"].startswith(LOGIN)
    # Locked: neither the password nor a right code opens the account now.
    again = Client()
    assert post_login(again, "canbo", PASSWORD).status_code == 400
    assert AuditEvent.objects.filter(action="account.locked", object_id=str(user.pk)).count() == 1


def test_a_wrong_code_makes_the_device_wait(make_user: Any) -> None:
    user = make_user("canbo", password=PASSWORD)
    device = with_device(user)
    client = Client()
    post_login(client, "canbo", PASSWORD)
    client.post(TOTP, {"code": "000000" if code(device) != "000000" else "111111"})
    right_too_soon = client.post(TOTP, {"code": code(device)})
    assert right_too_soon.status_code == 400 and "đợi vài giây" in right_too_soon.content.decode()


def test_no_staff_page_is_exempt_from_the_second_factor(make_user: Any) -> None:
    user = make_user("quantri", password=PASSWORD, role="admin", is_staff=True, is_superuser=True)
    device = with_device(user)
    client = Client()
    post_login(client, "quantri", PASSWORD)
    for staff_page in ("/cong-khai/quan-ly/y-kien/", "/cong-khai/quan-ly/bai-viet/", "/admin/",
                       "/admin/accounts/user/", "/tai-khoan/doi-mat-khau/"):
        answer = client.get(staff_page)
        assert answer.status_code == 302 and answer["Location"].startswith(TOTP), staff_page
    assert client.get("/cong-khai/").status_code == 200  # the public portal stays open
    assert client.post(TOTP, {"code": code(device)}).status_code == 302
    assert client.get("/cong-khai/quan-ly/y-kien/").status_code == 200
    assert client.get("/admin/").status_code == 200


@override_settings(THIDUA_LOCKOUT_THRESHOLD=3)
def test_the_admin_login_is_our_login(make_user: Any) -> None:
    make_user("quantri", password=PASSWORD, role="admin", is_staff=True, is_superuser=True)
    client = Client()
    page = client.get("/admin/login/?next=/admin/accounts/user/")
    assert page.status_code == 302
    assert page["Location"] == LOGIN + "?next=%2Fadmin%2Faccounts%2Fuser%2F"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    # Posting to the admin's login authenticates nobody (no way around the lockout).
    for _ in range(5):
        assert client.post("/admin/login/", {"username": "quantri", "password": "sai"}).status_code == 302
    assert client.post("/admin/login/", {"username": "quantri", "password": PASSWORD}).status_code == 302
    assert client.get("/admin/").status_code == 302
    for _ in range(3):
        post_login(client, "quantri", "sai")
    assert post_login(client, "quantri", PASSWORD).status_code == 400


@override_settings(THIDUA_REQUIRE_2FA=True)
def test_when_2fa_is_required_a_user_without_it_is_sent_to_setup(make_user: Any) -> None:
    make_user("canbo", password=PASSWORD)
    client = Client()
    post_login(client, "canbo", PASSWORD)
    first = client.get("/don-vi/")
    assert first.status_code == 302 and first["Location"].startswith(TOTP)
    assert client.get(first["Location"])["Location"] == SETUP


def test_self_service_password_change(make_user: Any) -> None:
    user = make_user("canbo.dongdang", password=PASSWORD, first_name="Nguyễn Văn An")
    client = Client()
    post_login(client, "canbo.dongdang", PASSWORD)
    home = client.get("/").content.decode()
    assert 'href="/tai-khoan/doi-mat-khau/"' in home and "Đổi mật khẩu" in home
    page = client.get("/tai-khoan/doi-mat-khau/")
    assert page.status_code == 200 and "ít nhất 12 ký tự" in page.content.decode()

    def change(new: str) -> Any:
        return client.post("/tai-khoan/doi-mat-khau/", {"old_password": PASSWORD, "new_password1": new,
                                                          "new_password2": new})

    for weak in ("ngan-qua", "canbo.dongdang1", "123456789012", "password1234"):
        refused = change(weak)
        assert refused.status_code == 200 and 'class="error"' in refused.content.decode(), weak
    assert client.post("/tai-khoan/doi-mat-khau/", {"old_password": "sai", "new_password1": "mua thu la vang roi",
                                                     "new_password2": "mua thu la vang roi"}).status_code == 200
    done = change("mua thu la vang roi")
    assert done.status_code == 302
    assert client.get("/don-vi/").status_code == 200  # the session stays open
    user.refresh_from_db()
    assert user.check_password("mua thu la vang roi") and not user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="account.password_changed", object_id=str(user.pk))
    assert "mua thu" not in str(event.after) and "pbkdf2" not in str(event.after)


def test_staff_sessions_last_a_working_day_and_end_with_the_browser(make_user: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 9 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    make_user("canbo", password=PASSWORD)
    client = Client()
    post_login(client, "canbo", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert 0 < client.session.get_expiry_age() <= 9 * 3600


def test_the_admin_removing_a_lost_phone_is_audited_and_switches_totp_off(make_user: Any) -> None:
    admin_user = make_user("quantri", password=PASSWORD, role="admin", is_staff=True, is_superuser=True)
    user = make_user("canbo", password=PASSWORD)
    device = with_device(user)
    user.refresh_from_db()
    assert user.totp_enabled
    client = Client()
    client.force_login(admin_user)  # no device of its own, 2FA not required in the test mode
    url = f"/admin/otp_totp/totpdevice/{device.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    user.refresh_from_db()
    assert not user.totp_enabled and not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="admin.delete", object_type="otp_totp.totpdevice")
    assert event.actor == "quantri" and device.key not in str(event.before)
