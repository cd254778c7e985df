"""The year's statistics: the seed page's 2022 figures, the summary equal to the registry, scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from thidua.org.models import Collective, UnitKind
from thidua.registry.models import AwardLevel
from thidua.reports.params import STATISTICS, ReportParams
from thidua.reports.selectors import Period, summary_mismatches, year_statistics

pytestmark = pytest.mark.django_db


def _seed_year(add_awards: Any, *, year: int, unit: Any, person: Any, worker: Any, coll: Any, small: Any,
               total: int, qualifying: int, state: int = 0) -> None:
    """``total`` provincial awards of which ``qualifying`` go to grassroots units, small collectives or
    direct workers; ``state`` state-level awards."""
    third = qualifying // 3
    add_awards(third, year=year, unit=unit, collective=coll, grassroots=True, code="CO_THI_DUA_TINH")
    add_awards(third, year=year, unit=unit, collective=small, small=True, code="BK_TINH")
    add_awards(qualifying - 2 * third, year=year, unit=unit, person=worker, direct=True, code="BK_TINH")
    add_awards(total - qualifying, year=year, unit=unit, person=person, code="CSTD_TINH")
    add_awards(state, year=year, unit=unit, person=person, level=AwardLevel.STATE, code="BK_TTG")


@pytest.fixture
def seed(make_unit: Any, make_person: Any, make_user: Any, add_awards: Any) -> dict[str, Any]:
    province = make_unit("Tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    commune = make_unit("Xã Tân Thành", parent=province, kind=UnitKind.COMMUNE, is_grassroots=True)
    person = make_person("Hoàng Văn Minh", unit=commune, sex="M", ethnicity="Tày")
    worker = make_person("Lường Thị Hoa", unit=commune, sex="F", ethnicity="Nùng", is_direct_worker=True,
                         birth_date=dt.date(1985, 3, 2))
    coll = Collective.objects.create(name="UBND xã Tân Thành", unit=commune)
    small = Collective.objects.create(name="Tổ sản xuất số 1", unit=commune, is_small=True)
    common = dict(unit=commune, person=person, worker=worker, coll=coll, small=small)
    _seed_year(add_awards, year=2022, total=2091, qualifying=1652, state=55, **common)
    _seed_year(add_awards, year=2021, total=1875, qualifying=1227, **common)
    return {"province": province, "commune": commune, "person": person, "worker": worker,
            "chair": make_user(role="chair", unit=province)}


def test_seed_page_figures_for_2022(seed: dict[str, Any]) -> None:
    stats = year_statistics(seed["chair"], Period(2022))
    assert stats.level_counts["state"] == 55
    assert stats.level_counts["province"] == 2091
    assert (stats.share.numerator, stats.share.denominator) == (1652, 2091)
    assert stats.share.text == "79%"
    assert stats.previous_share.text == "65,44%"
    assert stats.change_points == Decimal("13.56")
    assert stats.change_points_text == "tăng 13,56 điểm phần trăm"
    assert stats.change_percent_text == "tăng 20,72%"
    sexes = {r.key: r.count for r in stats.by_sex}
    assert sexes == {"M": 2091 - 1652 + 55, "F": 1652 - 2 * (1652 // 3)}
    assert {r.label for r in stats.by_ethnicity} == {"Tày", "Nùng"}
    assert [r.label for r in stats.by_commune] == ["Xã Tân Thành"]
    assert summary_mismatches() == []


def test_share_definition_is_a_parameter(seed: dict[str, Any]) -> None:
    only_workers = ReportParams(share_grassroots_units=False, share_small_collectives=False)
    stats = year_statistics(seed["chair"], Period(2022), only_workers)
    assert stats.share.numerator == 1652 - 2 * (1652 // 3)
    rounded = year_statistics(seed["chair"], Period(2022), ReportParams(share_rounding="ROUND_HALF_UP"))
    assert rounded.share.text == "79,01%"


def test_statistics_year_counts_by_decision_date(make_unit: Any, make_person: Any, make_user: Any,
                                                 add_awards: Any) -> None:
    unit = make_unit(kind=UnitKind.COMMUNE)
    person = make_person(unit=unit)
    add_awards(3, year=2021, unit=unit, person=person, decision_date=dt.date(2021, 12, 1))  # stats year 2022
    add_awards(2, year=2022, unit=unit, person=person, decision_date=dt.date(2022, 11, 30))  # stats year 2022
    add_awards(4, year=2022, unit=unit, person=person, decision_date=dt.date(2022, 12, 1))  # stats year 2023
    user = make_user(role="specialist")
    assert year_statistics(user, Period(2022, STATISTICS)).total == 5
    assert year_statistics(user, Period(2023, STATISTICS)).total == 4
    assert year_statistics(user, Period(2022)).total == 6
    assert "01/12/2021 – 30/11/2022" in Period(2022, STATISTICS).label(ReportParams())


def test_summary_follows_retraction_person_change_and_delete(seed: dict[str, Any], make_user: Any) -> None:
    from thidua.registry.models import Award
    from thidua.registry.services import retract_award

    award = Award.objects.filter(person=seed["worker"], year=2022).first()
    assert award is not None
    retract_award(by=seed["chair"], award=award, reason="Kê khai không trung thực")
    stats = year_statistics(seed["chair"], Period(2022))
    assert stats.share.numerator == 1651 and stats.level_counts["province"] == 2090
    worker = seed["worker"]
    worker.ethnicity = "Dao"
    worker.save()
    Award.objects.filter(person=seed["person"], year=2021).update(year=2020)
    Award.objects.filter(person=seed["person"], year=2020)[:1].get().delete()
    assert summary_mismatches() == []
    assert "Dao" in {r.label for r in year_statistics(seed["chair"], Period(2022)).by_ethnicity}


def test_clerk_sees_only_their_subtree(seed: dict[str, Any], make_unit: Any, make_person: Any,
                                       make_user: Any, add_awards: Any) -> None:
    other = make_unit("Xã Khác", parent=seed["province"], kind=UnitKind.COMMUNE)
    add_awards(7, year=2022, unit=other, person=make_person(unit=other))
    clerk = make_user(role="clerk", unit=other)
    assert year_statistics(clerk, Period(2022)).total == 7
    assert year_statistics(seed["chair"], Period(2022)).total == 2091 + 55 + 7
