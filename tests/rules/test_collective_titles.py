"""Collective titles (member ratios), flags, community and household titles."""

from typing import Any

from rules_helpers import awards, case, ratings, reason, run


def _members(**kw: Any) -> dict[str, Any]:
    return {"total": 20, "disciplined_warning_or_worse": 0, **kw}


# ---- Tập thể lao động tiên tiến (Luật Điều 28): > 50% LĐTT, nobody disciplined ≥ cảnh cáo
def test_ttldtt_needs_more_than_half_ldtt() -> None:
    over = run(case("TT_LD_TIEN_TIEN", kind="collective", subject={"members": _members(LAO_DONG_TIEN_TIEN=11)}))
    half = run(case("TT_LD_TIEN_TIEN", kind="collective", subject={"members": _members(LAO_DONG_TIEN_TIEN=10)}))
    assert over.eligible and over.amount_vnd == 1_880_000  # 0.8 × 2,340,000 = 1,872,000 → 1,880,000
    assert not half.eligible
    assert reason(half, "TT_LD_TIEN_TIEN.member_share").message == (
        "Cần trên 50% thành viên đạt Lao động tiên tiến hoặc Chiến sĩ tiên tiến; hiện 10/20 (50%)."
    )


def test_ttldtt_member_with_warning_excludes() -> None:
    v = run(case("TT_LD_TIEN_TIEN", kind="collective",
                 subject={"members": _members(LAO_DONG_TIEN_TIEN=15, disciplined_warning_or_worse=1)}))
    assert not v.eligible
    assert reason(v, "TT_LD_TIEN_TIEN.member_discipline").met is False


def test_ttldtt_without_member_counts_is_not_eligible() -> None:
    v = run(case("TT_LD_TIEN_TIEN", kind="collective"))
    assert not v.eligible
    assert "subject.members" in reason(v, "TT_LD_TIEN_TIEN.member_share").message


# ---- Tập thể lao động xuất sắc (Luật Điều 27)
def _ttldxs(ratings_: dict[str, int], cstd: int = 1) -> dict[str, Any]:
    return case("TT_LD_XUAT_SAC", kind="collective", subject={"members": _members(ratings=ratings_, CSTD_CO_SO=cstd)})


def test_ttldxs_all_completed_70_percent_well_one_cstd() -> None:
    v = run(_ttldxs({"HTXSNV": 4, "HTTNV": 10, "HTNV": 6}))
    assert v.eligible and v.amount_vnd == 3_510_000  # 1.5 × 2,340,000
    assert not run(_ttldxs({"HTXSNV": 4, "HTTNV": 9, "HTNV": 7})).eligible  # 13/20 = 65%
    assert not run(_ttldxs({"HTXSNV": 4, "HTTNV": 10, "HTNV": 5, "KHTNV": 1})).eligible
    assert not run(_ttldxs({"HTXSNV": 4, "HTTNV": 10, "HTNV": 5})).eligible  # one member unrated
    assert not run(_ttldxs({"HTXSNV": 4, "HTTNV": 10, "HTNV": 6}, cstd=0)).eligible


def test_ttldxs_share_message() -> None:
    v = run(_ttldxs({"HTXSNV": 4, "HTTNV": 9, "HTNV": 7}))
    assert reason(v, "TT_LD_XUAT_SAC.member_rating_share").message == (
        "Cần ít nhất 70% thành viên Hoàn thành tốt nhiệm vụ trở lên; hiện 13/20 (65%)."
    )


# ---- Cờ thi đua (Luật Điều 25, 26): data part + council/cluster judgment
def test_co_thi_dua_tinh_cluster_ranking_is_human() -> None:
    data = case("CO_THI_DUA_TINH", kind="collective", subject={"members": _members()}, ratings=ratings(y2025="HTXSNV"))
    v = run(data)
    assert v.eligible and v.amount_vnd == 18_720_000  # 8 × 2,340,000
    assert reason(v, "CO_THI_DUA_TINH.cluster").met is None
    assert not run({**data, "ratings": ratings(y2025="HTTNV")}).eligible


def test_co_thi_dua_cp_needs_provincial_flag_of_the_year() -> None:
    data = case("CO_THI_DUA_CP", kind="collective", subject={"members": _members()}, ratings=ratings(y2025="HTXSNV"))
    assert not run(data).eligible
    assert run({**data, "awards": awards(("CO_THI_DUA_TINH", 2025))}).eligible


# ---- NĐ 86/2023 community titles
def test_thon_van_hoa_share_of_cultured_households() -> None:
    ok = case("THON_TDP_VAN_HOA", kind="collective", subject={"members": {"total": 100, "GIA_DINH_VAN_HOA": 70}})
    low = case("THON_TDP_VAN_HOA", kind="collective", subject={"members": {"total": 100, "GIA_DINH_VAN_HOA": 69}})
    assert run(ok).eligible and not run(low).eligible
    assert reason(run(ok), "THON_TDP_VAN_HOA.nd86").met is None


def test_xa_phuong_tieu_bieu() -> None:
    data = case("XA_PHUONG_TIEU_BIEU", kind="collective", ratings=ratings(y2025="HTTNV"))
    assert run(data).eligible and run(data).amount_vnd == 4_680_000
    assert not run({**data, "ratings": ratings(y2025="HTNV")}).eligible


def test_gia_dinh_van_hoa_household_no_money() -> None:
    v = run(case("GIA_DINH_VAN_HOA", kind="household"))
    assert v.eligible and v.amount_vnd is None
    assert reason(v, "GIA_DINH_VAN_HOA.nd86").met is None
    bad = run(case("GIA_DINH_VAN_HOA", kind="household", discipline=[{"form": "KHIEN_TRACH", "from": "2025-02-01"}]))
    assert not bad.eligible
