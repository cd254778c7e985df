"""The URL configuration walked into a list, and a world of two sibling units to request it against.

Shared by the authorization matrix (``test_authz_matrix.py``) and the fuzz test (``test_fuzz_urls.py``):
both are generated from ``get_resolver().url_patterns`` (namespaced includes too), so a new URL is
requested — or makes the classification test fail — without anyone adding it by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # the joined pattern, e.g. "ho-so/<int:pk>/"
    name: str  # "namespace:name" (or "" for an unnamed pattern)
    callback: Any

    @property
    def params(self) -> list[str]:
        return [m["name"] for m in PARAM.finditer(self.route)]

    def fill(self, values: dict[str, str]) -> str:
        return "/" + PARAM.sub(lambda m: str(values[m["name"]]), self.route).replace("^", "").replace("$", "")


def walk(patterns: list[Any] | None = None, prefix: str = "", ns: str = "") -> Iterator[Route]:
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            namespace = ns + (f"{p.namespace}:" if p.namespace else "")
            yield from walk(p.url_patterns, prefix + str(p.pattern), namespace)
        elif isinstance(p, URLPattern):
            yield Route(prefix + str(p.pattern), ns + (p.name or ""), p.callback)


def routes() -> list[Route]:
    return list(walk())


# The admin site: one application of its own (Django's ModelAdmin views), open to staff accounts only;
# every admin URL is requested by the non-admin users and must not answer 200 (test_admin_urls…).
def is_admin(r: Route) -> bool:
    return r.name.startswith("admin:") or r.route.startswith("admin/")


# URLs public by design, each with its reason. Anonymous visitors may see them; what they show is
# still checked for the other unit's private markers (citizen ids, dossiers, files, drafts).
PUBLIC = {
    "portal:home": "cổng công khai: trang chủ",
    "portal:honours": "cổng công khai: bảng vinh danh (khen thưởng đã có hiệu lực là công khai)",
    "portal:person": "cổng công khai: một người có khen thưởng (404 khi không có)",
    "portal:collective": "cổng công khai: một tập thể có khen thưởng",
    "portal:stories": "cổng công khai: gương điển hình đã đăng",
    "portal:story": "cổng công khai: một gương điển hình đã đăng (bản nháp: 404)",
    "portal:news": "cổng công khai: tin tức đã đăng",
    "portal:news_detail": "cổng công khai: một tin đã đăng",
    "portal:consultation": "cổng công khai: lấy ý kiến nhân dân (chỉ hồ sơ đang lấy ý kiến)",
    "portal:comment": "cổng công khai: gửi góp ý cho người đang được lấy ý kiến",
    "documents:verify": "xác minh bằng khen qua mã ngẫu nhiên in trên bằng",
    "set_language": "đổi ngôn ngữ (i18n)",
    "accounts:login": "trang đăng nhập",
    "accounts:logout": "đăng xuất",
    "accounts:totp": "bước hai của đăng nhập (chỉ khi đã qua mật khẩu)",
}


@dataclass
class Side:
    """One unit's objects, each carrying markers found nowhere else."""

    unit: Any
    clerk: Any
    head: Any
    markers: list[str] = field(default_factory=list)
    ids: dict[str, Any] = field(default_factory=dict)


# Staff URLs: sign-in required, scoped by role and unit (accounts.permissions, org.scope). Every one is
# requested by the matrix; listing it here is how a new URL gets classified.
STAFF = frozenset({
    "accounts:password_change", "accounts:totp_setup",
    "council:meeting", "council:meetings", "council:minutes",
    "decisions:detail", "decisions:list",
    "documents:decision_file", "documents:dossier_file", "documents:job", "documents:job_file",
    "documents:start_certificates", "documents:job_keep_valid",
    "documents:file",  # private files (sec-files): the owner object's scope; anonymous: published only
    "documents:file_by_name", "documents:meeting_minutes_file",
    "movements:clusters", "movements:consolidate", "movements:detail", "movements:edit", "movements:final_review",
    "movements:launch", "movements:list", "movements:manage", "movements:membership", "movements:office",
    "movements:prepare_sheet", "movements:ranking", "movements:registration", "movements:score", "movements:sheets",
    "nominations:appraisal", "nominations:days_off", "nominations:dossier", "nominations:dossiers",
    "nominations:explain", "nominations:import", "nominations:notifications", "nominations:queue",
    "nominations:round", "nominations:round_edit", "nominations:round_new", "nominations:rounds",
    "org:people", "org:person_picker", "org:units",
    "portal:office_comments", "portal:office_stories", "portal:office_story_transition",
    "registry:duplicates", "registry:import_awards", "registry:import_template", "registry:merge_confirm",
    "registry:merge_undo", "registry:person", "registry:person_eligibility", "registry:unit",
    "registry:unit_eligibility",
    "reports:charts", "reports:dashboard", "reports:statistics", "reports:statistics_xlsx", "reports:statutory_xlsx",
    "web:home", "web:pdf",
})
