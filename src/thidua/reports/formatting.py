"""Vietnamese number formatting for the reports: "79%", "65,44%", "tăng 13,56 điểm phần trăm"."""

from __future__ import annotations

from decimal import Decimal


def number(value: int) -> str:
    """2091 → "2.091" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def decimal_vi(value: Decimal) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = number(int(whole.lstrip("-") or "0"))
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{decimal_vi(value)}%"


def _change(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "không đổi"
    word = "tăng" if value > 0 else "giảm"
    return f"{word} {decimal_vi(abs(value))}{unit}"


def change_points(delta: Decimal | None) -> str:
    return _change(delta, " điểm phần trăm")


def change_percent(rel: Decimal | None) -> str:
    return _change(rel, "%")
