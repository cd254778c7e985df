"""A round takes dossiers only inside its window (and so inside its movement's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from thidua.nominations import dossiers, rounds
from thidua.nominations.errors import WorkflowError


@pytest.mark.django_db
def test_round_not_yet_open_refuses_dossiers(flow: Any) -> None:
    today = timezone.localdate()
    later = rounds.create_round(by=flow.specialist, name="Đợt chuyên đề", kind="thematic", year=today.year,
                             accepted_codes=["BK_TINH"], opens_on=today + dt.timedelta(days=10),
                             closes_on=today + dt.timedelta(days=40))
    with pytest.raises(WorkflowError, match="chưa mở"):
        dossiers.create_dossier(round=later, unit=flow.unit, by=flow.clerk, title="Đề nghị sớm")
