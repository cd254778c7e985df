"""Individual titles, one test per sentence of the law, both sides of every threshold."""

from tests.factories import awards, case, ratings, reason, run


# ---- Lao động tiên tiến (Luật Điều 24)
def test_ldtt_needs_httnv_or_better() -> None:
    assert run(case("LAO_DONG_TIEN_TIEN", ratings=ratings(y2025="HTTNV"))).eligible
    assert run(case("LAO_DONG_TIEN_TIEN", ratings=ratings(y2025="HTXSNV"))).eligible
    v = run(case("LAO_DONG_TIEN_TIEN", ratings=ratings(y2025="HTNV")))
    assert not v.eligible
    assert reason(v, "LAO_DONG_TIEN_TIEN.rating").message == (
        "Cần xếp loại từ Hoàn thành tốt nhiệm vụ trở lên năm 2025; hiện: Hoàn thành nhiệm vụ."
    )


def test_ldtt_without_rating_is_not_eligible() -> None:
    v = run(case("LAO_DONG_TIEN_TIEN"))
    assert not v.eligible
    assert "chưa có xếp loại" in reason(v, "LAO_DONG_TIEN_TIEN.rating").message


def test_ldtt_reprimand_in_year_excludes() -> None:
    base = case("LAO_DONG_TIEN_TIEN", ratings=ratings(y2025="HTXSNV"))
    inside = {**base, "discipline": [{"form": "KHIEN_TRACH", "from": "2025-11-01", "to": "2026-05-01"}]}
    before = {**base, "discipline": [{"form": "CANH_CAO", "from": "2024-01-01", "to": "2024-12-31"}]}
    assert not run(inside).eligible
    assert reason(run(inside), "LAO_DONG_TIEN_TIEN.discipline").met is False
    assert run(before).eligible


def test_ldtt_human_criteria_are_null_and_do_not_block() -> None:
    v = run(case("LAO_DONG_TIEN_TIEN", ratings=ratings(y2025="HTTNV")))
    law = reason(v, "LAO_DONG_TIEN_TIEN.law")
    assert law.met is None and "cần thủ trưởng cơ quan, đơn vị xác nhận" in law.message
    assert v.eligible
    assert v.amount_vnd == 710_000  # 0.3 × 2,340,000 = 702,000 → 710,000


def test_title_for_wrong_subject_kind() -> None:
    v = run(case("LAO_DONG_TIEN_TIEN", kind="collective"))
    assert not v.eligible and v.amount_vnd is None
    assert reason(v, "LAO_DONG_TIEN_TIEN.subject").met is False


# ---- Chiến sĩ thi đua cơ sở (Luật Điều 23)
def test_cstdcs_htxs_alone_is_enough() -> None:
    v = run(case("CSTD_CO_SO", ratings=ratings(y2025="HTXSNV"), awards=awards(("LAO_DONG_TIEN_TIEN", 2025))))
    assert v.eligible
    assert reason(v, "CSTD_CO_SO.htxs.rating").met is True
    assert reason(v, "CSTD_CO_SO.initiative").met is False


def test_cstdcs_initiative_path_with_httnv() -> None:
    v = run(case("CSTD_CO_SO", ratings=ratings(y2025="HTTNV"), awards=awards(("LAO_DONG_TIEN_TIEN", 2025)),
                 initiatives=[{"year": 2025, "scope": "co_so"}]))
    assert v.eligible
    other_year = run(case("CSTD_CO_SO", ratings=ratings(y2025="HTTNV"), awards=awards(("LAO_DONG_TIEN_TIEN", 2025)),
                          initiatives=[{"year": 2024, "scope": "toan_quoc"}]))
    assert not other_year.eligible


def test_cstdcs_requires_ldtt_of_the_same_year_in_awards() -> None:
    v = run(case("CSTD_CO_SO", ratings=ratings(y2025="HTXSNV"), awards=awards(("LAO_DONG_TIEN_TIEN", 2024))))
    assert not v.eligible
    assert reason(v, "CSTD_CO_SO.prerequisite").message == (
        "Cần đạt Lao động tiên tiến hoặc Chiến sĩ tiên tiến năm 2025; chưa có trong danh sách danh hiệu đã đạt."
    )


def test_cstdcs_combat_path_alone_does_not_make_it_true() -> None:
    v = run(case("CSTD_CO_SO", ratings=ratings(y2025="HTTNV"), awards=awards(("LAO_DONG_TIEN_TIEN", 2025))))
    assert reason(v, "CSTD_CO_SO.combat.wit").met is None
    assert not v.eligible


# ---- Chiến sĩ thi đua cấp tỉnh (Luật Điều 22)
def _cstd_tinh(cstd_years: list[int], initiative_year: int | None = 2025, scope: str = "tinh", **extra: object) -> dict:
    data = case("CSTD_TINH", awards=awards(*[("CSTD_CO_SO", y) for y in cstd_years]))
    if initiative_year:
        data["initiatives"] = [{"year": initiative_year, "scope": scope}]
    data.update(extra)
    return data


def test_cstd_tinh_contract_example_message() -> None:
    v = run(_cstd_tinh([2024, 2025]))
    r = reason(v, "CSTD_TINH.streak")
    assert r.to_dict() == {
        "rule": "CSTD_TINH.streak",
        "met": False,
        "citation": "Điều 22 Luật Thi đua, khen thưởng 2022",  # as a person reads it
        "message": "Cần 3 năm liên tục đạt Chiến sĩ thi đua cơ sở; hiện có 2 (2024, 2025).",
    }
    assert not v.eligible
    assert v.amount_vnd == 7_020_000


def test_cstd_tinh_three_years_and_provincial_initiative() -> None:
    assert run(_cstd_tinh([2023, 2024, 2025])).eligible
    assert not run(_cstd_tinh([2023, 2024, 2025], scope="co_so")).eligible
    assert run(_cstd_tinh([2023, 2024, 2025], scope="toan_quoc")).eligible
    assert not run(_cstd_tinh([2023, 2024, 2025], initiative_year=2022)).eligible


def test_cstd_tinh_streak_must_end_at_the_judged_year() -> None:
    assert not run(_cstd_tinh([2022, 2023, 2024], initiative_year=2024)).eligible
    assert not run(_cstd_tinh([2022, 2023, 2025])).eligible


def test_cstd_tinh_justified_absence_bridges_the_streak() -> None:
    data = _cstd_tinh([2022, 2024, 2025], ratings=[{"year": 2023, "rating": None, "justified_absence": True}])
    assert run(data).eligible
    v = run(_cstd_tinh([2022, 2024, 2025]))
    assert reason(v, "CSTD_TINH.streak").message.endswith("hiện có 2 (2024, 2025).")


def test_cstd_tinh_previous_award_resets_the_count() -> None:
    data = _cstd_tinh([2020, 2021, 2022, 2023, 2024, 2025])
    data["awards"].append({"code": "CSTD_TINH", "year": 2023})
    v = run(data)
    assert not v.eligible
    assert reason(v, "CSTD_TINH.streak").message.endswith("hiện có 2 (2024, 2025).")


# ---- Chiến sĩ thi đua toàn quốc (Luật Điều 21)
def test_cstd_toan_quoc_two_consecutive_provincial_titles() -> None:
    ok = case("CSTD_TOAN_QUOC", awards=awards(("CSTD_TINH", 2022), ("CSTD_TINH", 2025)),
              initiatives=[{"year": 2024, "scope": "toan_quoc"}])
    assert run(ok).eligible
    assert run(ok).amount_vnd == 10_530_000  # 4.5 × 2,340,000
    gap = {**ok, "awards": awards(("CSTD_TINH", 2021), ("CSTD_TINH", 2025))}
    assert not run(gap).eligible
    provincial = {**ok, "initiatives": [{"year": 2024, "scope": "tinh"}]}
    assert not run(provincial).eligible
    v = run(gap)
    assert reason(v, "CSTD_TOAN_QUOC.streak").message == (
        "Cần 2 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh; hiện có 1 (2025)."
    )
