"""Prize money: coefficient × base salary in force on the decision date, rounded up to 10,000 VND.

Decimal/int arithmetic only (NĐ 98/2023 Điều 53 [R]; NĐ 152/2025 Điều 49 khoản 2 [V]). A household
receiving a form (hình thức khen thưởng) gets 1.5 × the individual amount, rounded after the
multiplication (NĐ 152/2025 Điều 54 [V]). `prize_detail` also says when the amount rests on a
value not verified from the legal text (a base salary row or a coefficient with `doubt`).
Amounts in words follow the way decisions and payment vouchers write them:
"Bảy triệu không trăm hai mươi nghìn đồng".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from thidua.rules.catalog import CatalogError, CatalogView

_PRIZE_PARAM = {"individual": "prize_individual", "collective": "prize_collective", "household": "prize_household"}


def prize_amount(coefficient: Decimal | int, base_salary: int, rounding: int = 10_000) -> int:
    """coefficient × base_salary, rounded UP to the next multiple of `rounding` (VND)."""
    if coefficient < 0 or base_salary < 0 or rounding <= 0:
        raise ValueError("coefficient, base salary and rounding must be non-negative (rounding > 0)")
    raw = Decimal(coefficient) * Decimal(base_salary)
    steps = (raw / Decimal(rounding)).to_integral_value(rounding=ROUND_CEILING)
    return int(steps) * rounding


@dataclass(frozen=True)
class Prize:
    """An amount with what it rests on: coefficient × base salary (× household multiplier)."""

    amount_vnd: int
    coefficient: Decimal
    base_salary: int
    references: tuple[str, ...]
    doubt: str | None  # set when any value used is not verified ([R]/[G])


def prize_detail(view: CatalogView, award: str, subject_kind: str) -> Prize | None:
    """Prize for `award` given to a subject of `subject_kind` on `view.on`; None when it carries none."""
    definition = view.award(award)
    name = _PRIZE_PARAM.get(subject_kind)
    if name is None:
        raise CatalogError(f"subject kind {subject_kind!r}")
    coefficient = view.find(f"{award}.{name}")
    used = [coefficient] if coefficient is not None else []
    multiplier = Decimal(1)
    if coefficient is None and subject_kind == "household" and definition.kind == "form":
        household = view.param("household_form_multiplier")
        individual = view.find(f"{award}.prize_individual")
        if individual is not None:
            coefficient = individual
            multiplier = Decimal(household.value)
            used += [individual, household]
    if coefficient is None:
        return None
    base = view.param("base_salary")
    rounding = view.param("prize_rounding_vnd")
    used += [base, rounding]
    value = Decimal(coefficient.value) * multiplier
    doubts = [f"{p.name}: {p.doubt}" for p in used if p.doubt]
    return Prize(
        prize_amount(value, base.value, rounding.value), value, int(base.value),
        tuple(dict.fromkeys(p.reference for p in used)), " ".join(doubts) or None,
    )


def prize_for(view: CatalogView, award: str, subject_kind: str) -> int | None:
    """The amount alone (see `prize_detail` for its basis and doubt)."""
    detail = prize_detail(view, award, subject_kind)
    return None if detail is None else detail.amount_vnd


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ("", "nghìn", "triệu")


def _three(n: int, full: bool, zero_tens: str) -> list[str]:
    """Words for 0 < n < 1000; `full` spells the hundreds even when zero ("không trăm")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append(zero_tens)  # 105: một trăm linh năm
        if units:
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")  # 21: hai mươi mốt; 11: mười một
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")  # 24: hai mươi tư; 14: mười bốn
    elif units == 5:
        words.append("lăm")  # 15: mười lăm; 25: hai mươi lăm
    elif units:
        words.append(_DIGITS[units])
    return words


def _below_billion(n: int, leading: bool, zero_tens: str) -> list[str]:
    groups = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        first = leading and i == len(groups) - 1
        words += _three(g, not first, zero_tens)
        if _SCALES[i]:
            words.append(_SCALES[i])
    return words


def number_in_words(n: int, zero_tens: str = "linh") -> str:
    """Vietnamese words for a non-negative integer (lower case). `zero_tens`: "linh" (North) or "lẻ"."""
    if n < 0:
        raise ValueError("amount must be non-negative")
    if zero_tens not in ("linh", "lẻ"):
        raise ValueError("zero_tens must be 'linh' or 'lẻ'")
    if n == 0:
        return "không"
    billions, rest = divmod(n, 1_000_000_000)
    words: list[str] = []
    if billions:
        words += number_in_words(billions, zero_tens).split() + ["tỷ"]
    if rest:
        # groups after "tỷ" are spelled in full: "một tỷ không trăm linh năm triệu"
        words += _below_billion(rest, not billions, zero_tens)
    return " ".join(words)


def amount_in_words(n: int, zero_tens: str = "linh") -> str:
    """'Bảy triệu không trăm hai mươi nghìn đồng' for 7,020,000."""
    text = number_in_words(n, zero_tens) + " đồng"
    return text[0].upper() + text[1:]
