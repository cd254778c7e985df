from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules.catalog import load_catalog
from thidua.rules.money import amount_in_words, number_in_words, prize_amount, prize_for


def test_rounding_up_to_ten_thousand() -> None:
    assert prize_amount(Decimal("0.3"), 2_340_000) == 710_000  # 702,000 → 710,000
    assert prize_amount(Decimal("3.5"), 2_340_000) == 8_190_000
    assert prize_amount(Decimal("3.0"), 2_340_000) == 7_020_000  # already a multiple: unchanged
    assert prize_amount(Decimal("0.3"), 1_800_000) == 540_000
    assert prize_amount(Decimal("0.8"), 1_800_000) == 1_440_000
    assert prize_amount(0, 2_340_000) == 0


@given(st.decimals(min_value=0, max_value=300, places=2), st.integers(min_value=0, max_value=10_000_000))
def test_rounding_properties(coef: Decimal, base: int) -> None:
    amount = prize_amount(coef, base)
    exact = coef * base
    assert amount % 10_000 == 0
    assert exact <= amount < exact + 10_000


def test_base_salary_follows_the_decision_date() -> None:
    cat = load_catalog()
    assert prize_for(cat.for_date(date(2024, 6, 30)), "LAO_DONG_TIEN_TIEN", "individual") == 540_000
    assert prize_for(cat.for_date(date(2024, 7, 1)), "LAO_DONG_TIEN_TIEN", "individual") == 710_000
    assert prize_for(cat.for_date(date(2025, 12, 20)), "CSTD_TINH", "individual") == 7_020_000
    assert prize_for(cat.for_date(date(2025, 12, 20)), "BK_TTG", "individual") == 8_190_000
    assert prize_for(cat.for_date(date(2025, 12, 20)), "GIA_DINH_VAN_HOA", "household") is None


def test_unverified_2026_base_salary_is_flagged() -> None:
    p = load_catalog().param("base_salary", date(2026, 7, 1))
    assert p.value == 2_530_000 and p.doubt and "[G]" in p.doubt
    assert load_catalog().param("base_salary", date(2026, 6, 30)).doubt is None


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1_005, "một nghìn không trăm linh năm"),
        (702_000, "bảy trăm linh hai nghìn"),
        (710_000, "bảy trăm mười nghìn"),
        (1_000_005, "một triệu không trăm linh năm"),
        (8_190_000, "tám triệu một trăm chín mươi nghìn"),
        (21_060_000, "hai mươi mốt triệu không trăm sáu mươi nghìn"),
        (1_000_000_005, "một tỷ không trăm linh năm"),
        (2_000_000_000_000, "hai nghìn tỷ"),
    ],
)
def test_number_in_words(n: int, words: str) -> None:
    assert number_in_words(n) == words


def test_amount_in_words_style() -> None:
    assert amount_in_words(7_020_000) == "Bảy triệu không trăm hai mươi nghìn đồng"
    assert number_in_words(105, zero_tens="lẻ") == "một trăm lẻ năm"
    with pytest.raises(ValueError):
        number_in_words(-1)


@given(st.integers(min_value=1, max_value=10**15))
def test_words_never_contain_odd_forms(n: int) -> None:
    words = number_in_words(n)
    for wrong in ("mươi một", "mươi bốn", "mươi năm", "mười năm", "một mươi"):
        assert wrong not in words
    assert "một mươi" not in words and "không mươi" not in words
    assert "  " not in words and not words.startswith("không")
