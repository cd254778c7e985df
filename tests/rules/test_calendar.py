from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from thidua.rules.calendar import add_working_days, is_working_day, working_days_between


def test_tet_2025_is_skipped() -> None:
    # Friday 24/01/2025 + 1 working day: Tết holidays run 27/01–31/01 (Mon–Fri) → Monday 03/02.
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)


def test_weekend_and_national_day() -> None:
    assert not is_working_day(date(2025, 9, 2))
    assert not is_working_day(date(2025, 9, 6))  # Saturday
    assert add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)


def test_substitute_day_off_from_the_package() -> None:
    assert not is_working_day(date(2025, 5, 2))


def test_extra_days_off_and_extra_working_days() -> None:
    d = date(2025, 3, 3)  # Monday
    assert add_working_days(d, 1) == date(2025, 3, 4)
    assert add_working_days(d, 1, extra_days_off=[date(2025, 3, 4)]) == date(2025, 3, 5)
    assert is_working_day(date(2025, 3, 8), extra_working_days=[date(2025, 3, 8)])


def test_zero_and_negative() -> None:
    d = date(2025, 3, 5)
    assert add_working_days(d, 0) == d
    assert add_working_days(d, -2) == date(2025, 3, 3)


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), st.integers(min_value=0, max_value=40))
def test_between_inverts_add(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert working_days_between(end, start) == -n
    assert n == 0 or is_working_day(end)
