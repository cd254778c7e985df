from __future__ import annotations

import pytest

from tests.factories import flow  # noqa: F401


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    """The flow builds six accounts per test; PBKDF2 would make hashing their passwords most of the time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
