"""The test clock: frozen on the day --today / THIDUA_TEST_TODAY names (9:30 in Vietnam, ticking), in
every xdist worker; the real clock otherwise."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from django.utils import timezone


def test_the_clock_is_the_one_the_run_asked_for(pytestconfig: pytest.Config, tmp_path: Path) -> None:
    value = pytestconfig.getoption("--today")
    now = timezone.localtime()
    if value:
        assert now.date() == dt.date.fromisoformat(value) == timezone.localdate()
        assert dt.time(9, 30) <= now.time() < dt.time(12, 0)  # mid-morning
        time.sleep(0.01)
        assert timezone.localtime() > now  # and ticking
    else:  # the process's clock agrees with the file system's
        probe = tmp_path / "now"
        probe.write_bytes(b"")
        assert abs(probe.stat().st_mtime - time.time()) < 60
