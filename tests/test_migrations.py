"""Every model change ships with its migration (a missing one would be made on the operator's machine)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_without_its_migration() -> None:
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"Thiếu migration (chạy thidua manage makemigrations):\n{out.getvalue()}")
        raise AssertionError from exc
