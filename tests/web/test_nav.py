"""The menu: entries by role, and exactly one current entry (the most specific URL)."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.web.context import nav_items_for

pytestmark = pytest.mark.django_db


def current(items: list[Any]) -> list[str]:
    return [str(i.label) for i in items if i.active]


def test_the_most_specific_entry_is_the_current_one(make_user: Any) -> None:
    clerk = make_user("vanthu", role="clerk")
    assert current(nav_items_for(clerk, "/phong-trao/quan-ly/phat-dong/")) == ["Quản lý phong trào"]
    assert current(nav_items_for(clerk, "/phong-trao/cum/")) == ["Cụm, khối thi đua"]
    assert current(nav_items_for(clerk, "/phong-trao/12/")) == ["Phong trào thi đua"]
    assert current(nav_items_for(clerk, "/")) == ["Trang chủ"]
    assert current(nav_items_for(clerk, "/khong-co/")) == []


def test_anonymous_visitors_see_only_public_entries() -> None:
    labels = [str(i.label) for i in nav_items_for(None, "/")]
    assert "Cổng công khai" in labels and "Phong trào thi đua" in labels
    assert "Hồ sơ đề nghị" not in labels and "Quản lý phong trào" not in labels
