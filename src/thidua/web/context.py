"""Navigation by role, built here so that templates only render it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thidua.accounts.permissions import ALL_STAFF, BOARD_ROLES, DATA_ENTRY_ROLES, PROVINCE_ROLES, has_role

from .pdf import NO_PDF_PREFIXES


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None  # None: everyone, also anonymous visitors
    staff_only: bool = False  # Django's is_staff (the admin site)


# Order matters: it is the order of the menu. An entry whose URL does not exist (an app not
# installed yet) is skipped, so adding a screen is one row here.
NAV: tuple[NavEntry, ...] = (
    NavEntry(_("Trang chủ"), "web:home", None),
    NavEntry(_("Cổng công khai"), "portal:home", None),
    NavEntry(_("Đơn vị"), "org:units", ALL_STAFF),
    NavEntry(_("Cá nhân"), "org:people", ALL_STAFF),
    NavEntry(_("Trùng lặp"), "registry:duplicates", PROVINCE_ROLES),
    NavEntry(_("Nhập dữ liệu"), "registry:import_awards", DATA_ENTRY_ROLES),
    NavEntry(_("Hồ sơ đề nghị"), "nominations:dossiers", ALL_STAFF),
    NavEntry(_("Đợt khen thưởng"), "nominations:rounds", ALL_STAFF),
    NavEntry(_("Ngày nghỉ của tỉnh"), "nominations:days_off", BOARD_ROLES),
    NavEntry(_("Hội đồng"), "council:meetings", PROVINCE_ROLES),
    NavEntry(_("Quyết định"), "decisions:list", ALL_STAFF),
    NavEntry(_("Phong trào thi đua"), "movements:list", None),
    NavEntry(_("Cụm, khối thi đua"), "movements:sheets", ALL_STAFF),
    NavEntry(_("Đăng ký thi đua"), "movements:registration", DATA_ENTRY_ROLES),
    NavEntry(_("Quản lý phong trào"), "movements:office", DATA_ENTRY_ROLES),
    NavEntry(_("Bảng điều khiển"), "reports:dashboard", ALL_STAFF),
    NavEntry(_("Báo cáo"), "reports:statistics", ALL_STAFF),
    NavEntry(_("Ý kiến nhân dân"), "portal:office_comments", BOARD_ROLES),
    NavEntry(_("Bài gương điển hình"), "portal:office_stories", BOARD_ROLES),
    NavEntry(_("Quản trị"), "admin:index", None, staff_only=True),
)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool


def _allowed(entry: NavEntry, user: Any) -> bool:
    authenticated = bool(getattr(user, "is_authenticated", False))
    if entry.staff_only:
        return authenticated and bool(user.is_staff)
    if entry.roles is None:
        return True
    if not authenticated:
        return False
    return has_role(user, entry.roles)


# The menu's URLs and translated labels, resolved once per process for each URL configuration, script
# prefix and language (they never change while a process runs): a page then only filters by role.
_RESOLVED: dict[tuple[Any, str, str | None], tuple[tuple[NavEntry, str, str], ...]] = {}


def _resolved_nav() -> tuple[tuple[NavEntry, str, str], ...]:
    key = (get_urlconf(), get_script_prefix(), get_language())
    resolved = _RESOLVED.get(key)
    if resolved is None:
        rows = []
        for entry in NAV:
            try:
                rows.append((entry, reverse(entry.url_name), str(entry.label)))
            except NoReverseMatch:  # an app not installed: its entry is skipped
                continue
        resolved = _RESOLVED[key] = tuple(rows)
    return resolved


def nav_items_for(user: Any, path: str = "/") -> list[NavItem]:
    """The user's menu; the one entry whose URL is the longest prefix of the page's path is current
    (so /phong-trao/quan-ly/ marks «Quản lý phong trào», not also «Phong trào thi đua»)."""
    rows = [(url, label) for entry, url, label in _resolved_nav() if _allowed(entry, user)]
    matches = [url for url, _label in rows if (path == url if url == "/" else path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [NavItem(label, url, url == current) for url, label in rows]


def pdf_url_for(request: HttpRequest) -> str:
    """The reader tools' "Xuất PDF" link for this page, or "" where a page cannot be exported."""
    if request.path.startswith(NO_PDF_PREFIXES):
        return ""
    return reverse("web:pdf") + "?" + urlencode({"path": request.get_full_path()})


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav_items`` for the current user and page, and the PDF link."""
    return {
        "nav_items": nav_items_for(getattr(request, "user", None), request.path),
        "reader_pdf_url": pdf_url_for(request),
    }
