"""The award catalog as the Django side reads it: names of the titles and forms by catalog code."""

from __future__ import annotations

from functools import lru_cache

from thidua.rules.catalog import default_catalog


@lru_cache(maxsize=1)
def _award_names() -> dict[str, str]:
    """Catalog code → Vietnamese name, across every legal version (the newest text wins)."""
    return {code: award.name for code, award in default_catalog().latest_awards.items()}


def award_name(code: str) -> str:
    """``CSTD_CO_SO`` → ``Chiến sĩ thi đua cơ sở``; an unknown code is shown as it is."""
    return _award_names().get(code, code)
