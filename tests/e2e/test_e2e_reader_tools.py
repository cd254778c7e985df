"""The "Done when" browser checks: reader tools work and are remembered; scoping holds in the browser."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.filechecks import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "matkhau-demo-1"


def font_px(page: Any) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def login(page: Any, base: str, username: str) -> None:
    page.goto(base + "/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


def test_night_mode_font_size_print_and_read_aloud(live_server: Any, page: Any) -> None:
    base = live_server.url
    page.goto(base + "/")
    html = page.locator("html")

    # Night mode toggles and is remembered after a reload (applied before paint by the head script).
    day_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.click("[data-reader=night]")
    assert html.get_attribute("data-theme") == "night"
    assert page.locator("[data-reader=night]").get_attribute("aria-pressed") == "true"
    night_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert night_bg != day_bg
    page.reload()
    assert html.get_attribute("data-theme") == "night"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == night_bg
    page.click("[data-reader=night]")
    page.reload()
    assert html.get_attribute("data-theme") is None

    # +A / -A change the computed font size and are remembered.
    normal = font_px(page)
    page.click("[data-reader=font-up]")
    bigger = font_px(page)
    assert bigger > normal
    page.reload()
    assert font_px(page) == bigger
    page.click("[data-reader=font-down]")
    page.click("[data-reader=font-down]")
    assert font_px(page) < normal
    page.click("[data-reader=font-reset]")
    assert font_px(page) == normal

    # Print: navigation and tools disappear, content stays.
    assert page.locator(".site-header nav").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert not page.locator(".reader-tools").is_visible()
    assert page.locator("main h1").is_visible()
    page.emulate_media(media="screen")

    # Read aloud: either it reads with a Vietnamese voice or says clearly why it cannot.
    page.click("[data-reader=speak]")
    expect(page.locator(".reader-status")).to_have_text(
        re.compile("Đang đọc nội dung trang|Không tìm thấy giọng đọc tiếng Việt|không hỗ trợ đọc nội dung"))


def test_pdf_export_downloads_a_vietnamese_pdf(live_server: Any, page: Any, tmp_path: Path,
                                               make_unit: Callable[..., Any], make_person: Callable[..., Any],
                                               make_user: Callable[..., Any]) -> None:
    commune = make_unit("Xã Hoàng Văn Thụ", kind="commune")
    person = make_person("Hoàng Thị Đào", unit=commune, sex="F")
    make_user("canbo_pdf", unit=commune, password=PASSWORD)
    login(page, live_server.url, "canbo_pdf")
    page.goto(f"{live_server.url}/ca-nhan/{person.pk}/")
    with page.expect_download() as info:
        page.click("[data-reader=pdf]")
    target = tmp_path / "trang.pdf"
    info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF-")
    text = pdf_text(target.read_bytes(), tmp_path)
    assert "Hoàng Thị Đào" in text and "Quá trình công tác" in text


def test_clerk_cannot_open_another_communes_person(live_server: Any, page: Any,
                                                   make_unit: Callable[..., Any],
                                                   make_person: Callable[..., Any],
                                                   make_user: Callable[..., Any]) -> None:
    commune_a = make_unit("Xã Hoàng Văn Thụ", kind="commune")
    commune_b = make_unit("Xã Chi Lăng", kind="commune")
    mine = make_person("Lộc Văn Minh", unit=commune_a)
    other = make_person("Lộc Văn Khác", unit=commune_b)
    make_user("canbo_a", unit=commune_a, password=PASSWORD)
    login(page, live_server.url, "canbo_a")
    assert page.goto(f"{live_server.url}/ca-nhan/{mine.pk}/").status == 200
    assert "Lộc Văn Minh" in page.locator("main h1").inner_text()
    response = page.goto(f"{live_server.url}/ca-nhan/{other.pk}/")
    assert response.status == 404
    assert "Lộc Văn Khác" not in page.content()
    page.goto(f"{live_server.url}/ca-nhan/?q=loc+van")
    results = page.locator("main table").inner_text()
    assert "Lộc Văn Minh" in results and "Lộc Văn Khác" not in results
