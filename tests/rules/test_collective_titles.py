"""Collective titles (member ratios), flags, community and household titles."""

from typing import Any

from tests.factories import awards, case, ratings, reason, run


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


# ---- Tập thể lao động xuất sắc (Luật Điều 27 khoản 1 [V], law-review E2):
# a) HTXS; b) phong trào; c) 100% hoàn thành nhiệm vụ, có ít nhất 70% cá nhân đạt Lao động tiên tiến;
# d) có cá nhân đạt Chiến sĩ thi đua cơ sở; đ) đoàn kết. No discipline clause.
def _ttldxs(ratings_: dict[str, int], cstd: int = 1, ldtt: int = 14, **kw: Any) -> dict[str, Any]:
    return case("TT_LD_XUAT_SAC", kind="collective",
                subject={"members": _members(ratings=ratings_, CSTD_CO_SO=cstd, LAO_DONG_TIEN_TIEN=ldtt, **kw)})


ALL_DONE = {"HTXSNV": 4, "HTTNV": 10, "HTNV": 6}


def test_ttldxs_c_seventy_percent_ldtt_both_sides() -> None:
    v = run(_ttldxs(ALL_DONE, ldtt=14))  # 14/20 = 70%: "ít nhất 70%" is met (≥)
    assert v.eligible and v.amount_vnd == 3_510_000  # 1.5 × 2,340,000
    below = run(_ttldxs(ALL_DONE, ldtt=13))  # 65%
    assert not below.eligible
    assert reason(below, "TT_LD_XUAT_SAC.member_share").message == (
        "Cần ít nhất 70% thành viên đạt Lao động tiên tiến hoặc Chiến sĩ tiên tiến; hiện 13/20 (65%)."
    )
    assert reason(below, "TT_LD_XUAT_SAC.member_share").citation == (
        "Điều 27 khoản 1 điểm c Luật Thi đua, khen thưởng 2022 (có ít nhất 70% cá nhân đạt danh hiệu "
        "Lao động tiên tiến hoặc Chiến sĩ tiên tiến)"
    )


def test_ttldxs_c_counts_ldtt_not_ratings() -> None:
    # 70% rated "hoàn thành tốt" but only 10 LĐTT: the old measure would pass, the law's does not
    assert not run(_ttldxs({"HTXSNV": 4, "HTTNV": 10, "HTNV": 6}, ldtt=10)).eligible
    # 14 LĐTT although only 8 are rated HTTNV or better: the law's measure passes
    assert run(_ttldxs({"HTXSNV": 4, "HTTNV": 4, "HTNV": 12}, ldtt=14)).eligible


def test_ttldxs_c_everyone_completed_tasks() -> None:
    assert not run(_ttldxs({"HTXSNV": 4, "HTTNV": 10, "HTNV": 5, "KHTNV": 1})).eligible
    assert not run(_ttldxs({"HTXSNV": 4, "HTTNV": 10, "HTNV": 5})).eligible  # one member unrated


def test_ttldxs_d_needs_one_cstd_co_so() -> None:
    assert run(_ttldxs(ALL_DONE, cstd=1)).eligible
    assert not run(_ttldxs(ALL_DONE, cstd=0)).eligible


def test_ttldxs_has_no_discipline_clause() -> None:
    v = run(_ttldxs(ALL_DONE, disciplined_warning_or_worse=2))
    assert v.eligible
    assert not [r for r in v.reasons if r.rule.endswith("member_discipline")]


def test_don_vi_quyet_thang_same_measure_for_armed_forces() -> None:
    data = case("DON_VI_QUYET_THANG", kind="collective", subject={"armed_forces": True, "members": _members(
        ratings=ALL_DONE, CSTD_CO_SO=1, CHIEN_SI_TIEN_TIEN=14)})
    assert run(data).eligible
    fewer = {**data, "subject": {**data["subject"], "members": _members(ratings=ALL_DONE, CSTD_CO_SO=1, CHIEN_SI_TIEN_TIEN=13)}}
    assert not run(fewer).eligible


# ---- Cờ thi đua (Luật Điều 25, 26): data part + council/cluster judgment
def test_co_thi_dua_tinh_cluster_ranking_is_human() -> None:
    data = case("CO_THI_DUA_TINH", kind="collective", subject={"members": _members()}, ratings=ratings(y2025="HTXSNV"))
    v = run(data)
    assert v.eligible and v.amount_vnd == 18_720_000  # 8 × 2,340,000
    assert reason(v, "CO_THI_DUA_TINH.cluster").met is None
    assert not run({**data, "ratings": ratings(y2025="HTTNV")}).eligible


def test_co_thi_dua_cp_three_kinds_of_collective() -> None:
    # Luật Điều 25 khoản 2 [V]: a) leader of a bloc run by the ministry/province (encoded: holds the
    # Cờ thi đua cấp tỉnh of the year); b) leader of a bloc run by Ban TĐKT Trung ương; c) leader of
    # a PM movement of 5 years or more — b) and c) need no Cờ tỉnh and are judged by people.
    data = case("CO_THI_DUA_CP", kind="collective", subject={"members": _members()}, ratings=ratings(y2025="HTXSNV"))
    without = run(data)
    assert not without.eligible  # only the people-judged paths remain open
    assert reason(without, "CO_THI_DUA_CP.khoi_trung_uong.leader").met is None
    assert reason(without, "CO_THI_DUA_CP.phong_trao.leader").met is None
    assert "Điều 25 khoản 2 điểm c" in reason(without, "CO_THI_DUA_CP.phong_trao.leader").citation
    with_flag = run({**data, "awards": awards(("CO_THI_DUA_TINH", 2025))})
    assert with_flag.eligible and with_flag.amount_vnd == 28_080_000  # 12 × 2,340,000
    assert not run({**data, "awards": awards(("CO_THI_DUA_TINH", 2024))}).eligible


def test_co_thi_dua_cp_exceeded_targets_and_no_member_discipline_clause() -> None:
    data = case("CO_THI_DUA_CP", kind="collective", awards=awards(("CO_THI_DUA_TINH", 2025)),
                subject={"members": _members(disciplined_warning_or_worse=1)}, ratings=ratings(y2025="HTXSNV"))
    assert run(data).eligible  # Điều 25 has no member-discipline clause
    assert not run({**data, "ratings": ratings(y2025="HTTNV")}).eligible  # khoản 1 điểm a: vượt mức


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
