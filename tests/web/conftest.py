"""Two communes under one province, a clerk in each, and a person's history (``add_history``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import add_history


@dataclass
class World:
    province: Any
    commune_a: Any
    commune_b: Any
    clerk_a: Any
    specialist: Any
    person_a: Any
    person_b: Any


@pytest.fixture
def world(make_unit: Callable[..., Any], make_person: Callable[..., Any],
          make_user: Callable[..., Any]) -> World:
    from thidua.org.models import UnitKind

    province = make_unit("Tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    commune_a = make_unit("Xã Hoàng Văn Thụ", parent=province, kind=UnitKind.COMMUNE)
    commune_b = make_unit("Xã Chi Lăng", parent=province, kind=UnitKind.COMMUNE)
    person_a = make_person("Nông Lương Chấn", unit=commune_a)
    person_b = make_person("Nông Thị Chấn", unit=commune_b, sex="F")
    return World(
        province=province, commune_a=commune_a, commune_b=commune_b,
        clerk_a=make_user("canbo_a", unit=commune_a),
        specialist=make_user("chuyenvien", role="specialist"),
        person_a=person_a, person_b=person_b,
    )


@pytest.fixture
def history(db: None) -> Callable[..., None]:
    """``history(person, years=range(2015, 2025))`` adds ratings, awards, initiatives, a position."""
    return add_history
