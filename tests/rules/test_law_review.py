"""law-review-2026-12.md E3–E14 and items 4 and 8, written from the legal text, both sides of each
threshold. Dates pick the text: 2025-03-01 / 2025-06-30 → NĐ 98/2023; from 2025-07-01 → NĐ 152/2025."""

from datetime import date
from typing import Any

import pytest

from tests.factories import awards, case, ratings, reason, run
from thidua.rules.catalog import load_catalog
from thidua.rules.model import CaseError, parse_case
from thidua.rules.money import prize_detail

CAT = load_catalog()


def prize(award: str, kind: str, day: date) -> Any:
    return prize_detail(CAT.for_date(day), award, kind)


# ---- E3: NĐ 152/2025 Điều 54 [V]: a household given a FORM gets 1.5 × the individual amount,
# rounded up to 10,000 VND after the multiplication (Điều 49 khoản 2).
def test_e3_household_form_is_one_and_a_half_times_rounded_after() -> None:
    day = date(2025, 12, 1)
    assert prize("BK_TINH", "individual", day).amount_vnd == 3_510_000  # 1.5 × 2,340,000
    assert prize("BK_TINH", "household", day).amount_vnd == 5_270_000  # 2.25 × 2,340,000 = 5,265,000 → 5,270,000
    assert prize("BK_TTG", "household", day).amount_vnd == 12_290_000  # 5.25 × 2,340,000 = 12,285,000
    assert prize("GIAY_KHEN", "household", day).amount_vnd == 1_060_000  # 1,053,000 → not 1.5 × 710,000
    assert "Điều 54" in " ".join(prize("BK_TINH", "household", day).references)


def test_e3_household_title_has_no_form_multiplier() -> None:
    assert prize("GIA_DINH_VAN_HOA", "household", date(2025, 12, 1)) is None  # a title without money


def test_e3_nd98_household_rule_carries_its_doubt() -> None:
    p = prize("BK_TINH", "household", date(2025, 3, 1))
    assert p.amount_vnd == 3_510_000  # 1.5 × 1.0 [R] × 2,340,000
    assert p.doubt and "household_form_multiplier" in p.doubt


# ---- E4: Bà mẹ Việt Nam anh hùng 15.5 × (NĐ 98/2023 Điều 56 khoản 1 [V]), paid outside the fund
def test_e4_ba_me_vnah_prize() -> None:
    assert prize("BA_ME_VNAH", "individual", date(2024, 3, 1)).amount_vnd == 27_900_000  # 15.5 × 1,800,000
    p = prize("BA_ME_VNAH", "individual", date(2025, 3, 1))
    assert p.amount_vnd == 36_270_000 and p.references[0].startswith("Nghị định 98/2023/NĐ-CP, Điều 56, khoản 1")
    assert "Quỹ" in (p.doubt or "")


# ---- E5: BK Thủ tướng 3.5 × under NĐ98 too [R] (NĐ91 and NĐ152 are 3.5 [V])
def test_e5_bk_ttg_nd98_three_and_a_half_with_doubt() -> None:
    p = prize("BK_TTG", "individual", date(2024, 8, 1))
    assert p.amount_vnd == 8_190_000  # was 3,510,000 at 1.5 ×: under-paid by 4,680,000
    assert p.doubt and "[R]" in p.doubt
    assert prize("BK_TTG", "individual", date(2024, 3, 1)).amount_vnd == 6_300_000  # 3.5 × 1,800,000
    assert prize("BK_TTG", "individual", date(2025, 7, 1)).doubt is None  # NĐ152 3.5 × [V]


# ---- E6, E7: tenure (khen thưởng quá trình cống hiến), HCLĐ hạng Nhất: Giám đốc sở ≥ 15 years
def _tenure(sex: str, start: str, as_of: str, **extra: Any) -> dict[str, Any]:
    return case("HC_LAO_DONG_1", year=int(as_of[:4]), as_of=as_of, subject={"sex": sex},
                positions=[{"title": "Giám đốc sở", "from": start, "to": "2025-06-30"}], **extra)


def test_e6_women_one_third_less_from_2025_07_01() -> None:
    # 15 × 2/3 = 10 years; 2015-07-01 .. 2025-06-30 is 10 years
    woman = run(_tenure("F", "2015-07-01", "2025-12-01"))
    assert reason(woman, "HC_LAO_DONG_1.tenure").met is True
    assert woman.eligible
    assert "nữ giảm 1/3 thời gian: 10 năm" in reason(woman, "HC_LAO_DONG_1.tenure").message
    assert reason(run(_tenure("F", "2015-07-02", "2025-12-01")), "HC_LAO_DONG_1.tenure").met is False
    assert reason(run(_tenure("M", "2015-07-01", "2025-12-01")), "HC_LAO_DONG_1.tenure").met is False


def test_e6_exception_for_higher_retirement_age_is_a_judgment() -> None:
    r = reason(run(_tenure("F", "2015-07-01", "2025-12-01")), "HC_LAO_DONG_1.tenure.tenure_women")
    assert r.met is None and "tuổi nghỉ hưu cao hơn" in r.message
    assert "Điều 4 khoản 7 Nghị định 152/2025/NĐ-CP" in r.citation


def test_e6_nd98_period_keeps_three_years_with_doubt() -> None:
    # before 2025-07-01: 15 - 3 = 12 years [R]; 10 years are not enough
    r = reason(run(_tenure("F", "2015-07-01", "2025-06-30")), "HC_LAO_DONG_1.tenure")
    assert r.met is False and "nữ giảm 3 năm: 12 năm" in r.message


def test_e7_discipline_while_in_post_bars_the_tenure_award() -> None:
    disc = [{"form": "KHIEN_TRACH", "from": "2018-01-01", "to": "2018-06-30"}]
    v = run(_tenure("F", "2015-07-01", "2025-12-01", discipline=disc))
    assert not v.eligible
    r = reason(v, "HC_LAO_DONG_1.tenure.tenure_discipline")
    assert r.met is False and "trong thời gian giữ chức vụ" in r.message and "Điều 9" in r.citation
    before = [{"form": "CANH_CAO", "from": "2014-01-01", "to": "2014-12-31"}]  # before taking the post
    assert reason(run(_tenure("F", "2015-07-01", "2025-12-01", discipline=before)),
                  "HC_LAO_DONG_1.tenure.tenure_discipline").met is True


def test_e7_nd98_period_only_discipline_in_force_on_the_date() -> None:
    disc = [{"form": "KHIEN_TRACH", "from": "2018-01-01", "to": "2018-06-30"}]
    v = run(_tenure("M", "2008-01-01", "2025-06-30", discipline=disc))
    assert [r for r in v.reasons if r.rule.endswith("tenure_discipline")] == []
    assert reason(v, "HC_LAO_DONG_1.tenure").met is True


# ---- E10: NĐ 152/2025 Điều 4 khoản 3 [V]: đột xuất / chuyên đề awards do not ground a công trạng ladder
def _bk_ttg(as_of: str = "2025-12-20", year: int = 2025, kind: str | None = None, **extra: Any) -> dict[str, Any]:
    bk: dict[str, Any] = {"code": "BK_TINH", "year": year - 5}
    if kind:
        bk["kind"] = kind
    runs = {f"y{y}": "HTTNV" for y in range(year - 4, year + 1)}
    return case("BK_TTG", year=year, as_of=as_of, ratings=ratings(**runs),
                awards=[bk, *awards(*[("CSTD_CO_SO", y) for y in range(year - 4, year - 1)])], **extra)


def test_e10_annual_predecessor_grounds_the_ladder() -> None:
    assert run(_bk_ttg()).eligible
    assert run(_bk_ttg(kind="annual")).eligible


@pytest.mark.parametrize("kind", ["ad_hoc", "thematic"])
def test_e10_ad_hoc_or_thematic_predecessor_does_not(kind: str) -> None:
    v = run(_bk_ttg(kind=kind))
    assert not v.eligible
    r = reason(v, "BK_TTG.b.predecessor")
    assert r.met is False and "không làm căn cứ đề nghị khen thưởng công trạng" in r.message
    assert "Nghị định 152/2025/NĐ-CP, Điều 4, khoản 3" in r.message


def test_e10_thematic_titles_do_not_count_inside_the_run() -> None:
    data = _bk_ttg()
    data["awards"][-1]["kind"] = "thematic"  # one of the three CSTĐ cơ sở
    assert not run(data).eligible


def test_e10_nd98_period_does_not_exclude_with_doubt() -> None:
    assert run(_bk_ttg(as_of="2025-06-30", year=2024, kind="ad_hoc")).eligible


def test_e10_kind_is_validated() -> None:
    with pytest.raises(CaseError, match=r"awards\[0\]\.kind"):
        parse_case(case("BK_TTG", awards=[{"code": "BK_TINH", "year": 2020, "kind": "special"}]))


# ---- E11: NĐ 152/2025 Điều 4 khoản 5 [V]: maternity leave time is counted
def test_e11_maternity_year_counts_in_a_rating_run() -> None:
    data = _bk_ttg()
    data["ratings"] = [r for r in data["ratings"] if r["year"] != 2023]
    data["ratings"].append({"year": 2023, "rating": None, "justified_absence": True, "absence": "maternity"})
    data["awards"] = [a for a in data["awards"] if a["code"] == "BK_TINH"] + awards(
        ("CSTD_CO_SO", 2021), ("CSTD_CO_SO", 2022), ("CSTD_CO_SO", 2024))
    assert run(data).eligible  # 2021–2025: five years, 2023 counted
    other = {**data, "ratings": [dict(r, absence="other") if r["year"] == 2023 else r for r in data["ratings"]]}
    v = run(other)
    assert not v.eligible  # another justified absence neither counts nor breaks: four years
    assert "hiện có 4" in reason(v, "BK_TTG.b.run").message


def test_e11_absence_needs_justified_absence() -> None:
    with pytest.raises(CaseError, match="absence"):
        parse_case(case("BK_TTG", ratings=[{"year": 2023, "rating": "HTTNV", "absence": "maternity"}]))


# ---- E13: awarding bodies before and after 2025-07-01 (Luật Điều 80 khoản 2 [V]; NĐ 129/2025 Điều 59 [V])
@pytest.mark.parametrize("code", ["CSTD_CO_SO", "TT_LD_TIEN_TIEN", "THON_TDP_VAN_HOA"])
def test_e13_district_chair_before_commune_chair_after(code: str) -> None:
    assert "cấp huyện" in CAT.for_date(date(2025, 3, 1)).award(code).awarded_by
    after = CAT.for_date(date(2025, 7, 1)).award(code).awarded_by
    assert "cấp xã" in after and "cấp huyện" not in after


# ---- E14: NĐ 152/2025 Điều 4 khoản 4 [V]: achievements count from the end of the discipline
def test_e14_title_run_restarts_after_discipline() -> None:
    base = case("CSTD_TINH", awards=awards(("CSTD_CO_SO", 2023), ("CSTD_CO_SO", 2024), ("CSTD_CO_SO", 2025)),
                initiatives=[{"year": 2025, "scope": "tinh"}])
    assert run(base).eligible
    v = run({**base, "discipline": [{"form": "KHIEN_TRACH", "from": "2023-01-01", "to": "2023-03-01"}]})
    assert not v.eligible
    assert reason(v, "CSTD_TINH.streak").message == (
        "Cần 3 năm liên tục đạt Chiến sĩ thi đua cơ sở; hiện có 2 (2024, 2025). "
        "Thành tích chỉ được tính từ năm 2024, sau khi hết thời hạn kỷ luật."
    )
    earlier = {**base, "discipline": [{"form": "CANH_CAO", "from": "2022-01-01", "to": "2022-12-31"}]}
    assert run(earlier).eligible  # ended before the run began


# ---- E9: articles as the review gives them (Luật: vinh dự Điều 59–67, KNC Điều 71; NĐ152 titles Điều 50)
def test_e9_article_numbers() -> None:
    nd98, nd152 = CAT.for_date(date(2025, 3, 1)), CAT.for_date(date(2025, 12, 1))
    assert nd98.award("BA_ME_VNAH").citation == "Luật Thi đua, khen thưởng 2022, Điều 59, khoản 2, điểm b"
    assert nd98.award("AH_LAO_DONG").citation.endswith("Điều 63")
    assert nd98.award("NGND").citation.endswith("Điều 64")
    assert nd98.award("KNC").citation.endswith("Điều 71")
    assert nd98.param("AH_LAO_DONG.prize_individual").reference.startswith("Nghị định 98/2023/NĐ-CP, Điều 56")
    assert nd98.param("BK_TINH.prize_individual").reference.startswith("Nghị định 98/2023/NĐ-CP, Điều 58")
    assert nd98.param("HC_LAO_DONG_3.prize_individual").reference.startswith("Nghị định 98/2023/NĐ-CP, Điều 55")
    assert nd152.param("CSTD_CO_SO.prize_individual").reference == "Nghị định 152/2025/NĐ-CP, Điều 50"
    assert nd152.param("TT_LD_XUAT_SAC.prize_collective").reference.startswith("Nghị định 152/2025/NĐ-CP, Điều 50")
    assert nd152.param("AH_LAO_DONG.prize_individual").reference.startswith("Nghị định 152/2025/NĐ-CP, Điều 52")
    assert nd152.param("prize_rounding_vnd").reference.startswith("Nghị định 152/2025/NĐ-CP, Điều 49, khoản 2")


# ---- Item 4: whom a title serves (Luật Điều 24 khoản 2, 27 khoản 2, 28 khoản 2)
def test_item4_chien_si_tien_tien_only_for_the_armed_forces() -> None:
    civilian = run(case("CHIEN_SI_TIEN_TIEN", ratings=ratings(y2025="HTTNV")))
    assert not civilian.eligible and civilian.amount_vnd is None
    r = reason(civilian, "CHIEN_SI_TIEN_TIEN.serves")
    assert r.met is False and r.message == (
        "Chiến sĩ tiên tiến chỉ xét cho lực lượng vũ trang; đối tượng không thuộc lực lượng vũ trang.")
    assert run(case("CHIEN_SI_TIEN_TIEN", ratings=ratings(y2025="HTTNV"), subject={"armed_forces": True})).eligible


def test_item4_lao_dong_tien_tien_not_for_the_armed_forces() -> None:
    assert run(case("LAO_DONG_TIEN_TIEN", ratings=ratings(y2025="HTTNV"))).eligible
    assert not run(case("LAO_DONG_TIEN_TIEN", ratings=ratings(y2025="HTTNV"), subject={"armed_forces": True})).eligible
    # forms serve everyone
    assert run(case("GIAY_KHEN", ratings=ratings(y2025="HTTNV"), subject={"armed_forces": True})).eligible


def test_item4_armed_forces_flag_is_validated() -> None:
    with pytest.raises(CaseError, match="armed_forces"):
        parse_case(case("LAO_DONG_TIEN_TIEN", subject={"armed_forces": "yes"}))


# ---- Item 8: an unverified base salary row ([G] 2,530,000 from 2026-07-01) flags every amount
def test_item8_unverified_base_salary_flags_the_amount() -> None:
    v = run(case("LAO_DONG_TIEN_TIEN", year=2026, as_of="2026-08-01", ratings=ratings(y2026="HTTNV")))
    assert v.amount_vnd == 760_000  # 0.3 × 2,530,000 = 759,000 → 760,000
    assert v.amount_doubt and "[G]" in v.amount_doubt and "base_salary" in v.amount_doubt
    assert v.to_dict()["amount_doubt"] == v.amount_doubt
    ok = run(case("LAO_DONG_TIEN_TIEN", ratings=ratings(y2025="HTTNV")))
    assert ok.amount_vnd == 710_000 and ok.amount_doubt is None


def test_item4_awards_for_a_subject() -> None:
    view = CAT.for_date(date(2025, 12, 20))
    civilian = {a.code for a in view.awards_for("individual")}
    soldier = {a.code for a in view.awards_for("individual", armed_forces=True)}
    assert "LAO_DONG_TIEN_TIEN" in civilian and "CHIEN_SI_TIEN_TIEN" not in civilian
    assert "CHIEN_SI_TIEN_TIEN" in soldier and "LAO_DONG_TIEN_TIEN" not in soldier
    assert {"HCH_QUAN_KY_QUYET_THANG", "HCH_CHIEN_SI_VE_VANG_1"} <= soldier - civilian
    units = {a.code for a in view.awards_for("collective")}
    assert "TT_LD_XUAT_SAC" in units and "DON_VI_QUYET_THANG" not in units and "TINH_ANH_HUNG" in units
