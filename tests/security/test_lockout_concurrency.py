"""H4: parallel guesses do not get past the lockout (PostgreSQL, real threads and connections)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db import connection, connections
from django.test import Client, override_settings

from thidua.audit.models import AuditEvent

LOGIN = "/tai-khoan/dang-nhap/"
THREADS = 20


@pytest.mark.django_db(transaction=True)
@override_settings(THIDUA_LOCKOUT_THRESHOLD=5)
def test_parallel_wrong_passwords_check_exactly_the_threshold(make_user: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Kiểm thử đồng thời chạy trên PostgreSQL (DATABASE_URL=postgres://…).")
    user = make_user("canbo", password="dung-mat-khau-1")
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def guess(n: int) -> None:
        try:
            client = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
            barrier.wait()
            statuses.append(client.post(LOGIN, {"username": "canbo", "password": f"sai-{n}"}).status_code)
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and statuses == [400] * THREADS
    # Every failure counted (no lost update), and only the first five were checked at all: the
    # other fifteen met the lock (they are not counted again, so the lock does not grow).
    counted = sum(AccessAttempt.objects.filter(username="canbo").values_list("failures_since_start", flat=True))
    assert counted == 5
    assert AuditEvent.objects.filter(action="account.locked", object_id=str(user.pk)).count() == 1
    assert Client().post(LOGIN, {"username": "canbo", "password": "dung-mat-khau-1"}).status_code == 400
