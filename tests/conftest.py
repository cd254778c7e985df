"""Shared fixtures over the builders of ``tests/factories.py``; the markers for programs outside
Python (browser, libreoffice); the frozen clock (``--today``)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check
# would refuse ORM calls from that thread although they are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# One marker per program outside Python and pip; its tests are skipped, with this reason in the
# summary, on a machine without it (CI installs both and runs them).
MISSING = {
    "browser": None if CHROMIUM else "thiếu trình duyệt chromium (gói Debian 'chromium'): bỏ qua kiểm thử giao diện",
    "libreoffice": None if SOFFICE else "thiếu LibreOffice (soffice; gói Debian 'libreoffice-writer-nogui'): "
                                        "bỏ qua kiểm thử mở DOCX",
}

# --today / THIDUA_TEST_TODAY: the whole run (collection included, in every xdist worker and in the
# live server's and browser tests' threads) sees that day at 9:30 in Vietnam, the clock ticking on.
_CLOCK = pytest.StashKey[Any]()
FROZEN_AT = dt.time(9, 30)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today", metavar="YYYY-MM-DD", default=os.environ.get("THIDUA_TEST_TODAY", ""),
        help="chạy kiểm thử như vào ngày này, 9:30 giờ Việt Nam (đồng hồ vẫn chạy tiếp); "
             "cũng đặt được bằng biến môi trường THIDUA_TEST_TODAY",
    )


def frozen_moment(config: pytest.Config) -> dt.datetime | None:
    value = config.getoption("--today")
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"--today/THIDUA_TEST_TODAY phải có dạng YYYY-MM-DD, không phải {value!r}") from None
    return dt.datetime.combine(day, FROZEN_AT, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def pytest_configure(config: pytest.Config) -> None:
    moment = frozen_moment(config)
    if moment is not None:
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        config.stash[_CLOCK] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_CLOCK, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    moment = frozen_moment(config)
    return f"đồng hồ kiểm thử: {moment:%Y-%m-%d %H:%M} giờ Việt Nam ({moment:%A})" if moment else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for marker, reason in MISSING.items():
        if reason is None:
            continue
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if marker in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _vietnamese_between_tests() -> Any:
    """Each test starts and ends in the default language: a page requested in English activates
    English for the worker's thread, which would otherwise leak into the next test's services."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for marker, reason in MISSING.items():
        if reason is not None:
            terminalreporter.write_line(f"LƯU Ý: các kiểm thử '{marker}' đã bị bỏ qua — {reason}.", yellow=True)


@pytest.fixture
def make_unit(db: None) -> Callable[..., Any]:
    """``make_unit(name, parent=..., kind=..., code=...)`` (``tests.factories.make_unit``)."""
    return factories.make_unit


@pytest.fixture
def make_person(db: None) -> Callable[..., Any]:
    """``make_person(full_name, unit=..., sex=..., birth_date=..., with_id=...)`` with a valid citizen id."""
    return factories.make_person


@pytest.fixture
def make_user(db: None) -> Callable[..., Any]:
    """``make_user(username, role=..., unit=..., password=...)``."""
    return factories.make_user
