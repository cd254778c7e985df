"""The office's pages for rounds and the province's days off: who may open them, what they show,
the steps' dates counted in working days, errors by field, nothing saved twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from nominations_flow import Flow

from thidua.audit.models import AuditEvent
from thidua.nominations import services as svc
from thidua.nominations.models import DayOff, Round

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def round_post(**overrides: Any) -> dict[str, Any]:
    """What the create page posts for an annual round closing on Friday 29/01/2027 (before Tết)."""
    data: dict[str, Any] = {
        "name": "Khen thưởng tổng kết năm 2026", "kind": "annual", "year": "2026",
        "accepted_codes": ["CSTD_TINH", "TT_LD_XUAT_SAC"], "opens_on": "2027-01-04", "closes_on": "2027-01-29",
        "authority": "Chủ tịch UBND tỉnh Lạng Sơn", "issuer": "UBND", "movement": "",
        "deadline_receive": "1", "deadline_appraisal": "20", "deadline_supplement": "5", "deadline_council": "5",
        "deadline_signature": "5", "action": "save",
    }
    data.update(overrides)
    return data


def test_clerk_is_refused_specialist_sees_grouped_defaults(flow: Flow) -> None:
    assert client_for(flow.clerk).get("/ho-so/dot/moi/").status_code == 403
    assert client_for(flow.clerk).post("/ho-so/dot/moi/", round_post()).status_code == 403
    page = client_for(flow.specialist).get("/ho-so/dot/moi/").content.decode()
    assert "Danh hiệu cấp tỉnh" in page and "Hình thức khen thưởng cấp Nhà nước" in page
    assert 'value="CSTD_TINH" checked' in page  # annual: the yearly titles
    assert 'value="BK_TINH" checked' not in page
    assert "<code>BK_TTG</code> — Bằng khen của Thủ tướng Chính phủ" in page


def test_defaults_follow_the_kind(flow: Flow) -> None:
    page = client_for(flow.specialist).post("/ho-so/dot/moi/", round_post(kind="thematic", action="defaults"))
    body = page.content.decode()
    assert 'value="BK_TINH" checked' in body and 'value="CO_THI_DUA_TINH" checked' in body
    assert 'value="CSTD_TINH" checked' not in body
    assert Round.objects.count() == 1  # the fixture's round only


def test_preview_shows_step_dates_across_tet_2027_and_saves_nothing(flow: Flow) -> None:
    r = client_for(flow.specialist).post("/ho-so/dot/moi/", round_post(action="preview"))
    body = r.content.decode()
    # 29/01/2027 + 1 → Mon 01/02; +20 skipping Tết (04–10/02/2027) → 08/03; +5 → 15/03; +5 → 22/03.
    for date in ("01/02/2027", "08/03/2027", "15/03/2027", "22/03/2027"):
        assert f"→ {date}" in body
    assert "kể từ ngày trả lại hồ sơ" in body
    assert Round.objects.count() == 1
