"""One chromium per test session (Debian's /usr/bin/chromium); a fresh context per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.factories import PASSWORD

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Không có chromium: bỏ qua kiểm thử trình duyệt.")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()




@pytest.fixture
def open_as(chromium: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """``open_as(user)``: a fresh browser context signed in as ``user`` (Vietnamese locale,
    downloads accepted; ``javascript=False`` for the no-script path), on the home page."""
    contexts: list[Any] = []

    def _open(user: Any, *, javascript: bool = True) -> Any:
        ctx = chromium.new_context(locale="vi-VN", accept_downloads=True, java_script_enabled=javascript)
        ctx.set_default_timeout(10_000)
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.goto(live_server.url + "/tai-khoan/dang-nhap/")
        pg.fill("#id_username", user.username)
        pg.fill("#id_password", PASSWORD)
        pg.click("main button[type=submit]")
        pg.wait_for_url(live_server.url + "/")
        return pg

    yield _open
    for ctx in contexts:
        ctx.close()
