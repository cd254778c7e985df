"""Fixtures for the award-history import: a small unit tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def tree(make_unit: Callable[..., Any]) -> dict[str, Any]:
    """Tỉnh → Sở Nội vụ (SNV) → Phòng (SNV_P1); Tỉnh → Sở Y tế (SYT)."""
    from thidua.org.models import UnitKind

    province = make_unit("UBND tỉnh Lạng Sơn", kind=UnitKind.PROVINCE, code="LS")
    snv = make_unit("Sở Nội vụ", parent=province, code="SNV")
    room = make_unit("Phòng Công chức", parent=snv, code="SNV_P1", kind=UnitKind.SUB_UNIT,
                     is_small_collective=True)
    syt = make_unit("Sở Y tế", parent=province, code="SYT")
    commune = make_unit("Xã Hoàng Đồng", parent=province, code="XHD", kind=UnitKind.COMMUNE, is_grassroots=True)
    return {"province": province, "snv": snv, "room": room, "syt": syt, "commune": commune}
