"""The three report tallies stay equal to the registry through every kind of write, and can be rebuilt."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from thidua.audit.models import AuditEvent
from thidua.org.models import Collective, Person, UnitKind
from thidua.registry.models import Award, AwardLevel, AwardStatus
from thidua.reports.models import TALLY_MODELS, AwardTally, EthnicityTally, MovementTally, ProvinceAwardTally
from thidua.reports.params import STATISTICS
from thidua.reports.selectors import Period, statutory_rows, summary_mismatches, trend, year_statistics
from thidua.reports.services import rebuild_summaries

pytestmark = pytest.mark.django_db

NTM = "Cả nước chung sức xây dựng nông thôn mới"


@pytest.fixture
def world(make_unit: Any, make_person: Any, make_user: Any, add_awards: Any) -> dict[str, Any]:
    province = make_unit("Tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    commune = make_unit("Xã Tân Thành", parent=province, kind=UnitKind.COMMUNE, is_grassroots=True)
    school = make_unit("Trường Tiểu học Tân Thành", parent=commune, kind=UnitKind.SCHOOL)
    hoa = make_person("Lường Thị Hoa", unit=commune, sex="F", ethnicity="Nùng", is_direct_worker=True)
    minh = make_person("Hoàng Văn Minh", unit=school, sex="M", ethnicity="Tày")
    coll = Collective.objects.create(name="Tổ sản xuất số 1", unit=commune, is_small=True)
    add_awards(4, year=2022, unit=commune, person=hoa, direct=True, movement=NTM, amount=500_000)
    add_awards(3, year=2022, unit=school, person=minh, code="CSTD_TINH", decision_date=dt.date(2022, 12, 5))
    add_awards(2, year=2022, unit=commune, collective=coll, small=True, level=AwardLevel.GRASSROOTS,
               code="GIAY_KHEN", movement="Vì người nghèo", amount=200_000)
    add_awards(5, year=2021, unit=school, person=minh, level=AwardLevel.STATE, code="BK_TTG", kind="ad_hoc")
    return {"province": province, "commune": commune, "school": school, "hoa": hoa, "minh": minh, "coll": coll,
            "chair": make_user(role="chair", unit=province)}


def _tally_rows() -> int:
    return sum(model._default_manager.count() for model in TALLY_MODELS)


def test_inserts_fill_all_three_tallies(world: dict[str, Any]) -> None:
    assert summary_mismatches() == []
    stats = year_statistics(world["chair"], Period(2022))
    assert stats.total == 9 and stats.amount == 4 * 500_000 + 2 * 200_000
    assert {r.key: r.count for r in stats.by_sex} == {"F": 4, "M": 3}
    assert {r.key: r.count for r in stats.by_ethnicity} == {"Nùng": 4, "Tày": 3}
    assert {r.key: (r.count, r.amount) for r in stats.by_movement} == {NTM: (4, 2_000_000),
                                                                       "Vì người nghèo": (2, 400_000)}
    # One row per distinct key, not per award; the province tier drops the unit.
    assert AwardTally.objects.count() == 4 and EthnicityTally.objects.count() == 3
    assert MovementTally.objects.count() == 2 and ProvinceAwardTally.objects.count() == 4


def test_retraction_restoration_and_counted_updates(world: dict[str, Any]) -> None:
    from thidua.registry.services import retract_award

    award = Award.objects.filter(person=world["hoa"]).first()
    assert award is not None
    retract_award(by=world["chair"], award=award, reason="Kê khai không trung thực")
    assert summary_mismatches() == []
    assert year_statistics(world["chair"], Period(2022)).by_movement[0].count == 3
    Award.objects.filter(pk=award.pk).update(status=AwardStatus.VALID)  # restored after review
    assert summary_mismatches() == []
    # One statement moving several rows across every key of every tally.
    Award.objects.filter(person=world["minh"], year=2022).update(
        unit=world["commune"], decision_date=dt.date(2023, 1, 9), movement=NTM, amount_vnd=1_000, level="state")
    assert summary_mismatches() == []
    Award.objects.filter(collective=world["coll"]).update(status=AwardStatus.UNDER_REVIEW)
    assert summary_mismatches() == []
    assert year_statistics(world["chair"], Period(2022)).by_movement == [
        r for r in year_statistics(world["chair"], Period(2022)).by_movement if r.key == NTM]


def _row_versions() -> list[Any]:
    """Every tally row, and on PostgreSQL its row version: an untouched row keeps its xmin."""
    with connection.cursor() as cur:
        version = "xmin::text" if connection.vendor == "postgresql" else "''"
        cur.execute(f"SELECT unit_id, year, decision_ym, code, n, amount, {version} FROM reports_awardtally "
                    "ORDER BY 1, 2, 3, 4")
        return cur.fetchall()


def test_update_of_uncounted_columns_changes_no_tally(world: dict[str, Any]) -> None:
    before = _row_versions()
    Award.objects.update(subject_name="Tên mới", subject_title="Trưởng thôn")
    assert _row_versions() == before
    assert summary_mismatches() == []


def test_person_sex_and_ethnicity_changes_move_their_awards(world: dict[str, Any]) -> None:
    minh = world["minh"]
    minh.sex, minh.ethnicity = "F", "Dao"
    minh.save()
    assert summary_mismatches() == []
    stats = year_statistics(world["chair"], Period(2022))
    assert {r.key: r.count for r in stats.by_sex} == {"F": 7}
    assert {r.key: r.count for r in stats.by_ethnicity} == {"Nùng": 4, "Dao": 3}
    Person.objects.update(ethnicity="Kinh")  # one statement, two people
    assert summary_mismatches() == []
    women = {r.code: r.counts["women"] for r in statutory_rows(world["chair"], Period(2021))}
    assert women == {"BK_TTG": 5}


def test_deletes(world: dict[str, Any]) -> None:
    Award.objects.filter(year=2021).delete()
    Award.objects.filter(collective=world["coll"])[:1].get().delete()
    assert summary_mismatches() == []
    assert year_statistics(world["chair"], Period(2021)).total == 0


def test_rebuild_repairs_the_tallies_and_is_audited(world: dict[str, Any]) -> None:
    expected = _tally_rows()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM reports_movementtally")
        cur.execute("UPDATE reports_awardtally SET n = n + 1")
    assert summary_mismatches() != []
    out = StringIO()
    with pytest.raises(CommandError, match="lệch với sổ khen thưởng"):
        call_command("rebuild_report_summaries", "--check", stdout=out)
    result = rebuild_summaries(by=world["chair"])
    assert summary_mismatches() == []
    assert sum(result.rows.values()) == expected == _tally_rows()
    event = AuditEvent.objects.filter(action="reports.rebuild_summaries").get()
    assert event.after is not None and event.after["rows"]["reports_awardtally"] == AwardTally.objects.count()
    call_command("rebuild_report_summaries", stdout=out)
    call_command("rebuild_report_summaries", "--check", stdout=out)
    assert "khớp với sổ khen thưởng" in out.getvalue()
    # The triggers go on counting after a rebuild.
    Award.objects.filter(year=2021)[:1].get().delete()
    assert summary_mismatches() == []


def test_trend_agrees_with_each_year(world: dict[str, Any]) -> None:
    chair = world["chair"]
    for mode in ("calendar", STATISTICS):
        for year, counts, share in trend(chair, years=[2021, 2022, 2023], mode=mode):
            stats = year_statistics(chair, Period(year, mode))
            assert sum(counts.values()) == stats.total, (mode, year)
            assert (share.numerator, share.denominator) == (stats.share.numerator, stats.share.denominator)
    by_year = {y: sum(c.values()) for y, c, _s in trend(chair, years=[2022, 2023], mode=STATISTICS)}
    # 2021's awards decided 16/01/2022; 2022's decided 16/01/2023 and 05/12/2022 (after 30/11: next year)
    assert by_year == {2022: 5, 2023: 4 + 3 + 2}


def test_clerk_scope_applies_to_every_tally(world: dict[str, Any], make_user: Any) -> None:
    clerk = make_user(role="clerk", unit=world["school"])
    stats = year_statistics(clerk, Period(2022))
    assert stats.total == 3 and stats.by_movement == []
    assert {r.key: r.count for r in stats.by_ethnicity} == {"Tày": 3}
    assert [(r.label, r.count) for r in stats.by_unit] == [("Trường Tiểu học Tân Thành", 3)]


def test_unit_and_province_tiers_give_the_same_figures(world: dict[str, Any], make_user: Any) -> None:
    """A clerk of the province unit sees every unit through the unit tier; the chair reads the province tier."""
    clerk = make_user(role="clerk", unit=world["province"])
    for period in (Period(2021), Period(2022), Period(2023, STATISTICS)):
        mine, chairs = year_statistics(clerk, period), year_statistics(world["chair"], period)
        for cut in ("by_level", "by_code", "by_subject", "by_sex", "by_ethnicity", "by_unit", "by_unit_kind",
                    "by_commune", "by_movement", "by_kind"):
            assert getattr(mine, cut) == getattr(chairs, cut), (period, cut)
        assert mine.share == chairs.share
        assert statutory_rows(clerk, period) == statutory_rows(world["chair"], period)
