"""The rules engine over the registry: one person explained, a population in bulk, the CLI."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from thidua.cli import main as cli_main
from thidua.registry import eligibility
from thidua.registry.models import Award, AwardLevel, AwardSource, Initiative, YearRecord

AS_OF = dt.date(2025, 12, 20)
LEVEL = {"LAO_DONG_TIEN_TIEN": AwardLevel.GRASSROOTS, "CSTD_CO_SO": AwardLevel.GRASSROOTS,
         "CSTD_TINH": AwardLevel.PROVINCE, "BK_TINH": AwardLevel.PROVINCE, "BK_TTG": AwardLevel.STATE}


def _award(person: Any, code: str, year: int) -> Award:
    return Award.objects.create(
        person=person, code=code, year=year, level=LEVEL.get(code, AwardLevel.GRASSROOTS),
        decision_number=f"{year}-{code}", decision_date=dt.date(year, 12, 28), issuer="UBND tỉnh",
        source=AwardSource.IMPORT, unit=person.unit, subject_name=person.full_name,
    )


def _rating(person: Any, year: int, rating: str) -> None:
    YearRecord.objects.create(person=person, year=year, rating=rating)


@pytest.fixture
def commune(make_unit: Callable[..., Any]) -> Any:
    province = make_unit("Tỉnh Lạng Sơn", kind="province")
    return make_unit("Xã Cao Lộc", parent=province, kind="commune")


@pytest.mark.django_db
def test_three_years_of_cstd_co_so_and_a_provincial_initiative_make_cstd_tinh(
    commune: Any, make_person: Callable[..., Any]
) -> None:
    person = make_person("Hoàng Thị Mai", unit=commune, sex="F")
    for year in (2023, 2024, 2025):
        _rating(person, year, "HTXSNV")
        _award(person, "LAO_DONG_TIEN_TIEN", year)
        _award(person, "CSTD_CO_SO", year)
    Initiative.objects.create(person=person, title="Số hoá hồ sơ", year=2025, scope="tinh")

    verdicts = {v.award: v for v in eligibility.explain_person(person, year=2025, as_of=AS_OF)}
    assert verdicts["CSTD_TINH"].eligible
    assert verdicts["CSTD_TINH"].amount_vnd == 7_020_000
    result = eligibility.evaluate_population(commune, year=2025, as_of=AS_OF)
    assert person.pk in result.eligible["CSTD_TINH"]


@pytest.mark.django_db
def test_two_years_are_not_enough_and_the_reason_says_so(commune: Any, make_person: Callable[..., Any]) -> None:
    person = make_person("Lường Văn Tư", unit=commune)
    for year in (2024, 2025):
        _rating(person, year, "HTXSNV")
        _award(person, "LAO_DONG_TIEN_TIEN", year)
        _award(person, "CSTD_CO_SO", year)
    Initiative.objects.create(person=person, title="Cải tiến quy trình", year=2025, scope="tinh")
    (verdict,) = eligibility.explain_person(person, year=2025, as_of=AS_OF, codes=["CSTD_TINH"])
    assert not verdict.eligible
    failed = [r for r in verdict.reasons if r.met is False]
    assert failed and "2024, 2025" in failed[0].message and failed[0].citation
    assert person.pk not in eligibility.evaluate_population(commune, year=2025, as_of=AS_OF).eligible["CSTD_TINH"]


@pytest.mark.django_db
def test_retracted_awards_do_not_count(commune: Any, make_person: Callable[..., Any]) -> None:
    person = make_person("Nông Văn Bảy", unit=commune)
    for year in (2023, 2024, 2025):
        _rating(person, year, "HTXSNV")
        _award(person, "LAO_DONG_TIEN_TIEN", year)
        _award(person, "CSTD_CO_SO", year)
    Initiative.objects.create(person=person, title="Sáng kiến", year=2025, scope="tinh")
    Award.objects.filter(person=person, code="CSTD_CO_SO", year=2024).update(status="retracted")
    (verdict,) = eligibility.explain_person(person, year=2025, as_of=AS_OF, codes=["CSTD_TINH"])
    assert not verdict.eligible
    assert person.pk not in eligibility.evaluate_population(commune, year=2025, as_of=AS_OF).eligible["CSTD_TINH"]


@pytest.mark.django_db
def test_bulk_agrees_with_the_engine_person_by_person(
    commune: Any, make_unit: Callable[..., Any], make_person: Callable[..., Any]
) -> None:
    rnd = random.Random(7)
    other = make_unit("Xã Khác", parent=commune.parent, kind="commune")
    people = []
    for k in range(40):
        person = make_person(f"Người Thứ {k}", unit=commune if k % 4 else other)
        people.append(person)
        for year in range(2016, 2026):
            rating = rnd.choice(["HTXSNV", "HTXSNV", "HTTNV", "HTTNV", "HTNV", "KHTNV"])
            _rating(person, year, rating)
            if rating in ("HTXSNV", "HTTNV") and rnd.random() < 0.9:
                _award(person, "LAO_DONG_TIEN_TIEN", year)
                if rating == "HTXSNV" and rnd.random() < 0.7:
                    _award(person, "CSTD_CO_SO", year)
            if rnd.random() < 0.2:
                Initiative.objects.create(person=person, title="SK", year=year,
                                          scope=rnd.choice(["co_so", "co_so", "tinh"]))
        if rnd.random() < 0.3:
            _award(person, "BK_TINH", rnd.choice([2017, 2018, 2019]))
    result = eligibility.evaluate_population(commune, year=2025, as_of=AS_OF)
    in_scope = {p.pk for p in people if p.unit_id == commune.pk}
    assert set(result.person_ids) == in_scope
    for person in people:
        if person.pk not in in_scope:
            continue
        for verdict in eligibility.explain_person(person, year=2025, as_of=AS_OF):
            assert (person.pk in result.eligible[verdict.award]) == verdict.eligible, (person, verdict.award)


@pytest.mark.django_db
def test_cli_lists_a_unit_and_writes_excel(
    commune: Any, make_person: Callable[..., Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    person = make_person("Đinh Thị Hoa", unit=commune, sex="F")
    _rating(person, 2025, "HTTNV")
    out = tmp_path / "du-dieu-kien.xlsx"
    code = cli_main(["eligibility", "--unit", commune.code, "--year", "2025", "--award",
                     "LAO_DONG_TIEN_TIEN", "--xlsx", str(out)])
    assert code == 0
    assert "LAO_DONG_TIEN_TIEN" in capsys.readouterr().out
    ws = load_workbook(out).active
    assert ws is not None
    names = [row[3] for row in ws.iter_rows(min_row=5, values_only=True)]
    assert names == ["Đinh Thị Hoa"]


@pytest.mark.django_db
def test_cli_refuses_unknown_unit_and_award(commune: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["eligibility", "--unit", "KHONG_CO", "--year", "2025"]) == 2
    assert "Không có đơn vị" in capsys.readouterr().err
    assert cli_main(["eligibility", "--unit", commune.code, "--year", "2025", "--award", "XYZ"]) == 2
    assert "XYZ" in capsys.readouterr().err


@pytest.mark.django_db
def test_armed_forces_subject_from_the_unit_kind(make_unit: Callable[..., Any], make_person: Callable[..., Any]) -> None:
    # Chiến sĩ tiên tiến only for the armed forces, Lao động tiên tiến for the others (Luật Điều 24).
    province = make_unit("Tỉnh Lạng Sơn", kind="province")
    military = make_unit("Bộ Chỉ huy quân sự tỉnh", parent=province, kind="armed")
    company = make_unit("Đại đội 1", parent=military, kind="sub_unit")
    office = make_unit("Sở Nội vụ", parent=province, kind="agency")
    soldier = make_person("Hà Văn Lính", unit=company)
    clerk = make_person("Vi Thị Văn", unit=office)
    for p in (soldier, clerk):
        _rating(p, 2025, "HTTNV")
    assert eligibility.is_armed_forces(soldier) and not eligibility.is_armed_forces(clerk)
    verdicts = {v.award: v for v in eligibility.explain_person(soldier, year=2025, as_of=AS_OF)}
    assert verdicts["CHIEN_SI_TIEN_TIEN"].eligible and not verdicts["LAO_DONG_TIEN_TIEN"].eligible
    verdicts = {v.award: v for v in eligibility.explain_person(clerk, year=2025, as_of=AS_OF)}
    assert not verdicts["CHIEN_SI_TIEN_TIEN"].eligible and verdicts["LAO_DONG_TIEN_TIEN"].eligible
    result = eligibility.evaluate_population(province, year=2025, as_of=AS_OF)
    assert soldier.pk in result.eligible["CHIEN_SI_TIEN_TIEN"] and soldier.pk not in result.eligible["LAO_DONG_TIEN_TIEN"]
    assert clerk.pk in result.eligible["LAO_DONG_TIEN_TIEN"] and clerk.pk not in result.eligible["CHIEN_SI_TIEN_TIEN"]


@pytest.mark.django_db
def test_ad_hoc_bk_tinh_does_not_ground_bk_ttg(commune: Any, make_person: Callable[..., Any]) -> None:
    # NĐ 152/2025 Điều 4 khoản 3: results rewarded đột xuất do not ground a công trạng proposal.
    def build(name: str, kind: str) -> Any:
        person = make_person(name, unit=commune)
        bk = _award(person, "BK_TINH", 2020)
        bk.kind = kind
        bk.save()
        for year in range(2021, 2026):
            _rating(person, year, "HTTNV")
        for year in (2021, 2022, 2023):
            _award(person, "CSTD_CO_SO", year)
        return person

    annual, ad_hoc = build("Người Thường Xuyên", "annual"), build("Người Đột Xuất", "ad_hoc")
    (v_annual,) = eligibility.explain_person(annual, year=2025, as_of=AS_OF, codes=["BK_TTG"])
    (v_ad_hoc,) = eligibility.explain_person(ad_hoc, year=2025, as_of=AS_OF, codes=["BK_TTG"])
    assert v_annual.eligible and not v_ad_hoc.eligible
    result = eligibility.evaluate_population(commune, year=2025, as_of=AS_OF)
    assert annual.pk in result.eligible["BK_TTG"] and ad_hoc.pk not in result.eligible["BK_TTG"]
