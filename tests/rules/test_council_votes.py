"""Council vote thresholds (law-review E1), sentence by sentence of NĐ 98/2023 Điều 30 khoản 7 [V]:
the vote is compulsory for Anh hùng, CSTĐ toàn quốc, CSTĐ tỉnh, CSTĐ cơ sở, Cờ thi đua tỉnh and
Cờ thi đua của Chính phủ; Anh hùng, CSTĐ toàn quốc and CSTĐ tỉnh need "từ 90% trở lên", the others
"từ 80% trở lên", of the TOTAL number of members; "từ … trở lên" is ≥."""

from datetime import date
from fractions import Fraction

import pytest

from thidua.rules.catalog import load_catalog
from thidua.rules.council import decide, threshold_on, vote_passes

ND98_DAY, ND152_DAY = date(2025, 3, 1), date(2025, 12, 1)


@pytest.mark.parametrize("award", ["AH_LAO_DONG", "AH_LLVTND", "CSTD_TOAN_QUOC", "CSTD_TINH"])
@pytest.mark.parametrize("day", [ND98_DAY, ND152_DAY])
def test_ninety_percent_of_all_members(award: str, day: date) -> None:
    th = threshold_on(award, day)
    assert th.required and th.at_least and th.share == Fraction(9, 10)
    assert vote_passes(20, 18, th)  # exactly 90%: "từ 90% trở lên"
    assert not vote_passes(20, 17, th)  # 85%
    assert vote_passes(10, 9, th) and not vote_passes(11, 9, th)  # 9/11 = 81.8%
    assert th.needed(11) == 10 and th.needed(20) == 18


@pytest.mark.parametrize("award", ["CSTD_CO_SO", "CO_THI_DUA_TINH", "CO_THI_DUA_CP"])
@pytest.mark.parametrize("day", [ND98_DAY, ND152_DAY])
def test_eighty_percent_of_all_members(award: str, day: date) -> None:
    th = threshold_on(award, day)
    assert th.required and th.at_least and th.share == Fraction(4, 5)
    assert vote_passes(15, 12, th)  # exactly 80%
    assert not vote_passes(15, 11, th)  # 73%
    assert th.needed(15) == 12 and th.needed(13) == 11  # ceil(10.4)


def test_other_awards_use_the_default_more_than_half() -> None:
    th = threshold_on("LAO_DONG_TIEN_TIEN", ND152_DAY)
    assert not th.required and not th.at_least and th.share == Fraction(1, 2)
    assert not vote_passes(10, 5, th)  # exactly half is not "more than half"
    assert vote_passes(10, 6, th)
    assert th.needed(10) == 6 and th.needed(9) == 5


def test_counted_against_all_members_not_those_present() -> None:
    th = threshold_on("CSTD_TINH", ND152_DAY)
    # 9 members present of 15, all 9 vote yes: 9/15 = 60% of ALL members
    assert not vote_passes(15, 9, th)


def test_decide_states_threshold_and_citation_as_read() -> None:
    result = decide(15, 12, threshold_on("CSTD_CO_SO", ND98_DAY))
    assert result.passed and result.needed == 12
    assert result.message == (
        "12/15 thành viên đồng ý; cần từ 80% trở lên tổng số thành viên Hội đồng (ít nhất 12 phiếu) theo "
        "Điều 30 khoản 7 Nghị định 98/2023/NĐ-CP (bỏ phiếu kín; từ 80% trở lên tổng số thành viên Hội đồng "
        "đồng ý; thành viên vắng mặt bỏ phiếu bằng văn bản): đạt."
    )
    assert threshold_on("CSTD_CO_SO", ND98_DAY).to_code() == "≥4/5"


def test_nd152_threshold_carries_its_doubt() -> None:
    th = threshold_on("CSTD_TINH", ND152_DAY)
    assert "Nghị định 152/2025/NĐ-CP" in th.reference and th.doubt and "[R]" in th.doubt
    assert threshold_on("CSTD_TINH", ND98_DAY).doubt is None  # NĐ98 Điều 30 khoản 7 is [V]


def test_bad_counts_are_refused() -> None:
    th = threshold_on("CSTD_TINH", ND152_DAY, load_catalog())
    with pytest.raises(ValueError):
        vote_passes(0, 0, th)
    with pytest.raises(ValueError):
        vote_passes(5, 6, th)
