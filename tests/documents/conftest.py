from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "nominations"))
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from nominations_flow import Flow, flow  # noqa: E402,F401


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    """The flow builds six accounts per test; PBKDF2 would make hashing their passwords most of the time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
