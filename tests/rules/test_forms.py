"""Forms: Bằng khen tỉnh, Bằng khen Thủ tướng, Huân chương Lao động (ladders), tenure, Giấy khen."""

from typing import Any

from tests.factories import awards, case, ratings, reason, run


# ---- BK_TINH (Luật Điều 74 khoản 1 điểm d)
def test_bk_tinh_ministry_of_home_affairs_example() -> None:
    """2023 HTXS + 1 initiative; 2024 HTXS + 1 initiative + CSTĐCS → eligible (chinhsachonline.chinhphu.vn)."""
    data = case("BK_TINH", year=2024, as_of="2025-03-15",
                ratings=ratings(y2023="HTXSNV", y2024="HTXSNV"),
                awards=awards(("LAO_DONG_TIEN_TIEN", 2024), ("CSTD_CO_SO", 2024)),
                initiatives=[{"year": 2023, "scope": "co_so"}, {"year": 2024, "scope": "co_so"}])
    v = run(data)
    assert v.eligible
    assert reason(v, "BK_TINH.d2.streak").met is True
    assert reason(v, "BK_TINH.d2.initiative").met is True
    assert reason(v, "BK_TINH.d1.streak").met is False
    assert v.amount_vnd == 2_340_000  # NĐ98 in force on 2025-03-15: 1.0 × 2,340,000


def test_bk_tinh_htxs_path_needs_two_initiatives() -> None:
    data = case("BK_TINH", year=2024, as_of="2025-03-15", ratings=ratings(y2023="HTXSNV", y2024="HTXSNV"),
                initiatives=[{"year": 2024, "scope": "co_so"}])
    assert not run(data).eligible


def test_bk_tinh_two_consecutive_cstdcs() -> None:
    assert run(case("BK_TINH", awards=awards(("CSTD_CO_SO", 2024), ("CSTD_CO_SO", 2025)))).eligible
    assert not run(case("BK_TINH", awards=awards(("CSTD_CO_SO", 2023), ("CSTD_CO_SO", 2025)))).eligible


def test_bk_tinh_pending_discipline_blocks_proposal() -> None:
    data = case("BK_TINH", awards=awards(("CSTD_CO_SO", 2024), ("CSTD_CO_SO", 2025)),
                discipline=[{"form": "KHIEN_TRACH", "from": "2025-10-01", "to": "2026-04-01"}])
    v = run(data)
    assert not v.eligible
    assert reason(v, "BK_TINH.discipline").met is False


def test_bk_tinh_prize_changes_with_nd152() -> None:
    data = case("BK_TINH", awards=awards(("CSTD_CO_SO", 2024), ("CSTD_CO_SO", 2025)))
    assert run({**data, "as_of": "2025-06-30"}).amount_vnd == 2_340_000
    assert run({**data, "as_of": "2025-07-01"}).amount_vnd == 3_510_000


# ---- BK_TTG (Luật Điều 73 khoản 1 điểm b)
def _bk_ttg(run_years: range, cstd: list[int], **extra: Any) -> dict[str, Any]:
    return case("BK_TTG", ratings=[{"year": y, "rating": "HTTNV"} for y in run_years],
                awards=awards(("BK_TINH", 2020), *[("CSTD_CO_SO", y) for y in cstd]), **extra)


def test_bk_ttg_five_years_after_bk_tinh_with_three_cstdcs() -> None:
    v = run(_bk_ttg(range(2021, 2026), [2021, 2023, 2025]))
    assert v.eligible
    assert v.amount_vnd == 8_190_000  # 3.5 × 2,340,000 (NĐ152)


def test_bk_ttg_four_years_is_not_enough() -> None:
    v = run(_bk_ttg(range(2022, 2026), [2022, 2023, 2025]))
    assert not v.eligible
    assert reason(v, "BK_TTG.b.run").message == (
        "Cần 5 năm liên tục xếp loại từ Hoàn thành tốt nhiệm vụ trở lên sau Bằng khen của Chủ tịch UBND tỉnh "
        "(từ năm 2021); hiện có 4 (2022, 2023, 2024, 2025)."
    )


def test_bk_ttg_years_before_the_predecessor_are_not_reused() -> None:
    data = _bk_ttg(range(2018, 2026), [2018, 2019, 2025])
    v = run(data)
    assert not v.eligible
    assert reason(v, "BK_TTG.b.titles").met is False


def test_bk_ttg_without_bk_tinh() -> None:
    data = case("BK_TTG", ratings=[{"year": y, "rating": "HTTNV"} for y in range(2019, 2026)])
    assert reason(run(data), "BK_TTG.b.predecessor").message == (
        "Cần đã được tặng Bằng khen của Chủ tịch UBND tỉnh; chưa có."
    )


def test_bk_ttg_disciplined_year_breaks_the_run() -> None:
    data = _bk_ttg(range(2021, 2026), [2021, 2023, 2025],
                   discipline=[{"form": "KHIEN_TRACH", "from": "2023-02-01", "to": "2023-08-01"}])
    assert not run(data).eligible


# ---- Huân chương Lao động (Luật Điều 44, 43, 42)
def test_hcld3_after_bk_ttg_needs_one_htxs_and_three_cstdcs() -> None:
    rs = [{"year": y, "rating": "HTTNV"} for y in range(2021, 2026)]
    base = case("HC_LAO_DONG_3", ratings=rs, awards=awards(("BK_TTG", 2020), ("CSTD_CO_SO", 2021),
                                                             ("CSTD_CO_SO", 2022), ("CSTD_CO_SO", 2023)))
    assert not run(base).eligible
    assert reason(run(base), "HC_LAO_DONG_3.ladder.htxs").met is False
    rs[2] = {"year": 2023, "rating": "HTXSNV"}
    assert run({**base, "ratings": rs}).eligible
    assert run({**base, "ratings": rs}).amount_vnd == 10_530_000


def test_hcld2_needs_two_htxs_and_one_provincial_cstd() -> None:
    rs = [{"year": y, "rating": "HTXSNV" if y in (2022, 2024) else "HTTNV"} for y in range(2021, 2026)]
    data = case("HC_LAO_DONG_2", ratings=rs, awards=awards(("HC_LAO_DONG_3", 2020), ("CSTD_TINH", 2023)))
    assert run(data).eligible
    assert not run({**data, "awards": awards(("HC_LAO_DONG_3", 2020))}).eligible


def test_hcld1_alternative_titles_in_the_run() -> None:
    rs = [{"year": y, "rating": "HTXSNV" if y >= 2023 else "HTTNV"} for y in range(2021, 2026)]
    two_tinh = case("HC_LAO_DONG_1", ratings=rs, awards=awards(("HC_LAO_DONG_2", 2020), ("CSTD_TINH", 2022), ("CSTD_TINH", 2025)))
    one_tq = case("HC_LAO_DONG_1", ratings=rs, awards=awards(("HC_LAO_DONG_2", 2020), ("CSTD_TOAN_QUOC", 2025)))
    one_tinh = case("HC_LAO_DONG_1", ratings=rs, awards=awards(("HC_LAO_DONG_2", 2020), ("CSTD_TINH", 2025)))
    assert run(two_tinh).eligible and run(one_tq).eligible
    assert not run(one_tinh).eligible


# ---- Tenure (quá trình cống hiến)
def _tenure(award: str, title: str, start: str, end: str, sex: str) -> dict[str, Any]:
    return case(award, subject={"sex": sex}, positions=[{"title": title, "from": start, "to": end}])


def test_tenure_women_reduction_and_title_normalisation() -> None:
    woman = run(_tenure("HC_LAO_DONG_1", "GIÁM ĐỐC SỞ", "2012-01-01", "2025-06-30", "F"))
    man = run(_tenure("HC_LAO_DONG_1", "Giám đốc Sở", "2012-01-01", "2025-06-30", "M"))
    assert woman.eligible and not man.eligible
    assert reason(man, "HC_LAO_DONG_1.tenure").message == (  # position names, never internal codes
        "Giữ chức vụ thuộc nhóm Ủy viên Ban Chấp hành Đảng bộ tỉnh, Trưởng ban Đảng tỉnh, Giám đốc sở, "
        "Bí thư Huyện ủy tổng cộng 13,5 năm; cần từ 15 năm."
    )


def test_tenure_sums_consecutive_terms_without_double_counting() -> None:
    data = case("HC_LAO_DONG_2", subject={"sex": "M"}, positions=[
        {"title": "Chủ tịch UBND tỉnh", "from": "2020-01-01", "to": "2022-12-31"},
        {"title": "Phó Bí thư Tỉnh ủy", "from": "2022-06-01", "to": "2023-06-30"},
    ])
    assert run(data).eligible  # 3.5 years in the group, overlap counted once
    short = {**data, "positions": [{"title": "Chủ tịch UBND tỉnh", "from": "2020-01-01", "to": "2022-06-30"}]}
    assert not run(short).eligible


def test_tenure_table_missing_in_version_is_reported() -> None:
    v = run(_tenure("HC_LAO_DONG_3", "Vụ trưởng", "2015-01-01", "2025-01-01", "M") | {"as_of": "2025-03-01"})
    assert not v.eligible
    assert "chưa có" in reason(v, "HC_LAO_DONG_3.tenure").message
    assert run(_tenure("HC_LAO_DONG_3", "Vụ trưởng", "2015-01-01", "2025-01-01", "M")).eligible


def test_order_without_data_path_is_never_true_from_data() -> None:
    v = run(case("HC_SAO_VANG"))
    assert not v.eligible
    assert v.amount_vnd == 107_640_000  # 46 × 2,340,000
    assert reason(v, "HC_SAO_VANG.achievement").met is None


# ---- Giấy khen
def test_giay_khen_completed_well() -> None:
    assert run(case("GIAY_KHEN", ratings=ratings(y2025="HTTNV"))).eligible
    assert not run(case("GIAY_KHEN", ratings=ratings(y2025="HTNV"))).eligible
    assert run(case("GIAY_KHEN", kind="collective", ratings=ratings(y2025="HTTNV"))).amount_vnd == 1_410_000
    household = run(case("GIAY_KHEN", kind="household"))
    assert not household.eligible  # only human-judged paths for households
    # NĐ 152/2025 Điều 54: a household gets 1.5 × the individual amount, rounded after the
    # multiplication: 1.5 × 0.3 × 2,340,000 = 1,053,000 → 1,060,000 (not 1.5 × 710,000 = 1,065,000)
    assert household.amount_vnd == 1_060_000
