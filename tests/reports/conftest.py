"""Factories for report tests: award rows built in bulk with exact counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests import factories


@pytest.fixture
def add_awards(db: None) -> Callable[..., list[Any]]:
    """``add_awards(n, year=..., unit=..., ...)`` (``tests.factories.add_awards``)."""
    return factories.add_awards
