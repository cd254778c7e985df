"""A double click that reaches two app processes at once still opens one round (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.factories import Flow
from thidua.audit.services import verify
from thidua.nominations import rounds
from thidua.nominations.models import Round


@pytest.mark.django_db(transaction=True)
def test_eight_identical_requests_at_once_open_one_round(flow: Flow) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Cần PostgreSQL: SQLite tuần tự hóa mọi giao dịch ghi nên không kiểm được tranh chấp khóa.")
    import datetime as dt

    barrier = threading.Barrier(8)
    made: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait(timeout=30)
            rnd = rounds.create_round(by=flow.specialist, name="Khen thưởng đột xuất bão số 3", kind="ad_hoc",
                                   year=2026, accepted_codes=["BK_TINH"], opens_on=dt.date(2026, 9, 8),
                                   closes_on=dt.date(2026, 9, 30))
            made.append(rnd.pk)
        except BaseException as exc:  # reported below with the test's failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(set(made)) == 1 and len(made) == 8
    assert Round.objects.filter(name="Khen thưởng đột xuất bão số 3").count() == 1
    assert verify().ok
