"""Formatting helpers for templates (they format, never decide)."""

from __future__ import annotations

from django import template

from thidua.registry import catalog

register = template.Library()


@register.filter
def award_name(code: str) -> str:
    """``CSTD_CO_SO`` → ``Chiến sĩ thi đua cơ sở``; an unknown code is shown as it is (``registry.catalog``)."""
    return catalog.award_name(code)


@register.filter
def vnd(amount: int | None) -> str:
    """1500000 → ``1.500.000 đ`` (Vietnamese thousands separator)."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " đ"
