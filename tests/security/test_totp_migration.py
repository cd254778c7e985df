"""H2: moving the hand-written TOTP secrets into django-otp devices keeps every enrolled
authenticator working (and going back restores the secrets)."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0002_totp_last_step")]
AFTER = [("accounts", "0004_remove_own_lockout_and_totp")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_existing_totp_secrets_become_django_otp_devices_and_back() -> None:
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        OldUser = old.get_model("accounts", "User")
        secret = pyotp.random_base32()
        step = pyotp.TOTP(secret).timecode(time.time())
        OldUser.objects.create(username="canbo", password="!", totp_secret=secret, totp_enabled=True,
                               totp_last_step=step - 1)
        OldUser.objects.create(username="khong-bat", password="!")

        executor = _migrate(AFTER)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from thidua.accounts.models import User

        device = TOTPDevice.objects.get(user__username="canbo")
        assert device.confirmed and device.last_t == step - 1
        assert User.objects.get(username="canbo").totp_enabled
        assert not TOTPDevice.objects.filter(user__username="khong-bat").exists()
        # The phone's app (the same secret) still opens the account; a used step is still used.
        assert device.verify_token(pyotp.TOTP(secret).at(time.time()))
        device.refresh_from_db()
        assert device.last_t >= step

        executor = _migrate(BEFORE)
        back = executor.loader.project_state(BEFORE).apps.get_model("accounts", "User").objects.get(username="canbo")
        assert back.totp_secret == secret and back.totp_enabled and back.totp_last_step >= step
    finally:
        _migrate(executor.loader.graph.leaf_nodes())
