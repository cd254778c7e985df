"""The shared builders' fixtures these tests use (``tests/factories.py``)."""

from __future__ import annotations

from tests.factories import flow  # noqa: F401
