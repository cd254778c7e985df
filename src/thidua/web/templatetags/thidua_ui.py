"""Formatting helpers for templates (they format, never decide)."""

from __future__ import annotations

from functools import lru_cache

from django import template

from thidua.rules.catalog import default_catalog

register = template.Library()

@lru_cache(maxsize=1)
def _award_names() -> dict[str, str]:
    """Catalog code → Vietnamese name, across every legal version (the newest text wins)."""
    return {code: award.name for code, award in default_catalog().latest_awards.items()}


@register.filter
def award_name(code: str) -> str:
    """``CSTD_CO_SO`` → ``Chiến sĩ thi đua cơ sở``; an unknown code is shown as it is."""
    return _award_names().get(code, code)


@register.filter
def vnd(amount: int | None) -> str:
    """1500000 → ``1.500.000 đ`` (Vietnamese thousands separator)."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " đ"
