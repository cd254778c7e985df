"""A commune created by the 2025 merger sees the history of the communes merged into it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from thidua.org.models import UnitSuccession
from thidua.org.scope import can_see_unit, people_visible_to, units_visible_to


@pytest.mark.django_db
def test_successor_clerk_sees_predecessors_but_not_neighbours(
    make_unit: Callable[..., Any], make_person: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    province = make_unit("Tỉnh Lạng Sơn", kind="province")
    district = make_unit("Huyện Cao Lộc", parent=province, kind="district", valid_to=dt.date(2025, 6, 30))
    old = make_unit("Thị trấn Đồng Đăng", parent=district, kind="township", valid_to=dt.date(2025, 6, 30))
    village = make_unit("Khối 1", parent=old, kind="village")
    new = make_unit("Xã Đồng Đăng", parent=province, kind="commune", valid_from=dt.date(2025, 7, 1))
    neighbour = make_unit("Xã Cao Lộc", parent=province, kind="commune")
    UnitSuccession.objects.create(predecessor=old, successor=new, kind="merge", effective_on=dt.date(2025, 7, 1))
    make_person("Người Láng Giềng", unit=neighbour)
    mine = make_person("Người Khối Một", unit=village)
    clerk = make_user("canbo.dongdang", role="clerk", unit=new)

    visible = set(units_visible_to(clerk))
    assert {new, old, village} <= visible and neighbour not in visible and district not in visible
    assert can_see_unit(clerk, village) and not can_see_unit(clerk, neighbour)
    assert list(people_visible_to(clerk)) == [mine]
