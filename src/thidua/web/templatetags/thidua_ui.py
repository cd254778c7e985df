"""Formatting helpers for templates (they format, never decide)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from django import template

register = template.Library()

CATALOG_DIR = Path(__file__).resolve().parent.parent.parent / "rules" / "catalog"


@lru_cache(maxsize=1)
def _award_names() -> dict[str, str]:
    """Catalog code → Vietnamese name, from every catalog file (the newest text wins on a clash)."""
    names: dict[str, str] = {}
    for path in sorted(CATALOG_DIR.rglob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue  # a catalog being edited must not take the screens down; the code is shown instead
        for code, spec in (data.get("awards") or {}).items():
            if isinstance(spec, dict) and isinstance(spec.get("name"), str):
                names[code] = spec["name"]
    return names


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
