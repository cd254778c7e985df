"""A commune sees the history merged into it, not a dissolved district's subtree (finding M2).

The tree is shaped like the demo's 2025 reform: two districts dissolved, their old communes merged
into new communes across the former district line, a commune renamed before it was merged, a
district-level agency, villages under every commune. One scope (`org.scope.scope_paths`) decides
the pages and the import; the test asserts they agree for every unit and every clerk.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import collective_row, write_xlsx
from thidua.org.models import Unit, UnitChangeKind, UnitKind, UnitSuccession
from thidua.org.scope import can_see_unit, inherited_units, scope_paths, units_visible_to
from thidua.org.selectors import unit_lineage
from thidua.registry import importer

pytestmark = pytest.mark.django_db

REFORM = dt.date(2025, 7, 1)
ENDED = dt.date(2025, 6, 30)


def _link(pred: Unit, succ: Unit, kind: str, on: dt.date = REFORM) -> None:
    UnitSuccession.objects.create(predecessor=pred, successor=succ, kind=kind, effective_on=on,
                                  legal_basis="Nghị quyết 1672/NQ-UBTVQH15")


@pytest.fixture
def reform(make_unit: Any) -> dict[str, Unit]:
    old = {"valid_to": ENDED}
    u: dict[str, Unit] = {}
    u["province"] = make_unit("UBND tỉnh Lạng Sơn", kind=UnitKind.PROVINCE, code="LS")
    u["syt"] = make_unit("Sở Y tế", parent=u["province"], code="SYT")
    u["dA"] = make_unit("UBND huyện Cao Lộc", parent=u["province"], kind=UnitKind.DISTRICT, code="H_CL", **old)
    u["dB"] = make_unit("UBND huyện Văn Lãng", parent=u["province"], kind=UnitKind.DISTRICT, code="H_VL", **old)
    u["dA_room"] = make_unit("Phòng Nội vụ huyện Cao Lộc", parent=u["dA"], code="H_CL_PNV", **old)
    u["renamed_old"] = make_unit("Xã Hồng Phong (cũ)", parent=u["dA"], kind=UnitKind.COMMUNE, code="X_HP_CU",
                                 valid_to=dt.date(2015, 12, 31))
    for key, name, district in [("a1", "Thị trấn Đồng Đăng", "dA"), ("a2", "Xã Hồng Phong", "dA"),
                                ("a3", "Xã Bảo Lâm", "dA"), ("b1", "Xã Tân Mỹ", "dB"), ("b2", "Xã Hoàng Văn Thụ", "dB")]:
        u[key] = make_unit(name, parent=u[district], kind=UnitKind.COMMUNE, code=f"X_{key.upper()}", **old)
        u[f"{key}_v"] = make_unit(f"Thôn 1 – {name}", parent=u[key], kind=UnitKind.VILLAGE,
                                  code=f"T_{key.upper()}", **old)
    new = {"valid_from": REFORM}
    u["n1"] = make_unit("Phường Đồng Đăng", parent=u["province"], kind=UnitKind.WARD, code="P_DD", **new)
    u["n2"] = make_unit("Xã Tân Mỹ (mới)", parent=u["province"], kind=UnitKind.COMMUNE, code="X_TM", **new)
    u["n3"] = make_unit("Xã Hoàng Văn Thụ (mới)", parent=u["province"], kind=UnitKind.COMMUNE, code="X_HVT", **new)
    for key in ("n1", "n2", "n3"):
        u[f"{key}_v"] = make_unit(f"Khối 1 – {u[key].name}", parent=u[key], kind=UnitKind.VILLAGE,
                                  code=f"K_{key.upper()}", **new)
    _link(u["renamed_old"], u["a2"], UnitChangeKind.RENAME, dt.date(2016, 1, 1))
    _link(u["a1"], u["n1"], UnitChangeKind.MERGE)
    _link(u["a2"], u["n1"], UnitChangeKind.MERGE)
    _link(u["a3"], u["n2"], UnitChangeKind.MERGE)  # across the old district line
    _link(u["b1"], u["n2"], UnitChangeKind.MERGE)
    _link(u["b2"], u["n3"], UnitChangeKind.RENAME)
    for district, heirs in (("dA", ("n1", "n2")), ("dB", ("n2", "n3"))):
        for heir in heirs:
            _link(u[district], u[heir], UnitChangeKind.DISSOLVE)
    return u


def _codes(units: Any) -> set[str]:
    return {unit.code for unit in units}


def test_commune_sees_merged_predecessors_not_the_dissolved_district(reform: dict[str, Unit],
                                                                     make_user: Any) -> None:
    clerk = make_user(unit=reform["n1"])
    assert _codes(units_visible_to(clerk)) == {"P_DD", "K_N1", "X_A1", "T_A1", "X_A2", "T_A2", "X_HP_CU"}
    assert _codes(inherited_units(reform["n1"])) == _codes(unit_lineage(reform["n1"])) == {"X_A1", "X_A2", "X_HP_CU"}
    # Not the dissolved district, its agency, nor the commune of the same district merged elsewhere.
    for key in ("dA", "dA_room", "a3", "a3_v", "b1", "n2"):
        assert not can_see_unit(clerk, reform[key]), key
    n2 = make_user(unit=reform["n2"])
    assert _codes(units_visible_to(n2)) == {"X_TM", "K_N2", "X_A3", "T_A3", "X_B1", "T_B1"}
    n3 = make_user(unit=reform["n3"])
    assert _codes(units_visible_to(n3)) == {"X_HVT", "K_N3", "X_B2", "T_B2"}
    assert scope_paths(make_user(unit=reform["syt"])) == [reform["syt"].path]  # no lineage: its own subtree


def test_import_refusal_and_page_visibility_agree_for_every_unit(reform: dict[str, Unit], make_user: Any,
                                                                 tmp_path: Path) -> None:
    units = sorted(reform.values(), key=lambda unit: unit.path)
    rows = [collective_row(stt=i, unit_code=unit.code, name=f"Tập thể {i}") for i, unit in enumerate(units, 1)]
    path = write_xlsx(tmp_path / "lich-su.xlsx", rows)
    checked = 0
    for home in ("n1", "n2", "n3", "a1", "syt", "dA"):
        clerk = make_user(unit=reform[home])
        client = Client()
        client.force_login(clerk)
        result = importer.import_awards_path(path, by=clerk)
        refused = {e.row for e in result.errors if e.column == "Mã đơn vị" and "ngoài phạm vi" in e.message}
        for row_number, unit in enumerate(units, start=2):
            page = client.get(reverse("registry:unit", args=[unit.code]))
            visible = can_see_unit(clerk, unit)
            assert (page.status_code == 200) == visible, (home, unit.code, page.status_code)
            assert (row_number in refused) == (not visible), (home, unit.code)
            checked += 1
    assert checked == 6 * len(units)
