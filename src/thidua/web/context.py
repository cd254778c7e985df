from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation entries by role. Templates only render them."""
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = [("Trang chủ", reverse("web:home"))]
    if user is not None and user.is_authenticated:
        items += [
            ("Đơn vị", reverse("web:units")),
            ("Cá nhân", reverse("web:people")),
        ]
        if user.is_province_wide:
            items += [("Trùng lặp", reverse("web:duplicates"))]
        items += [("Nhập dữ liệu", reverse("web:import_awards"))]
        if user.is_staff:
            items += [("Quản trị", reverse("admin:index"))]
    return {"nav_items": items}
