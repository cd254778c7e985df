from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    from thidua.portal.pagecache import forget_local

    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()
    # The locale middleware leaves the last request's language active in the thread: a page
    # requested in English here must not turn later tests' labels English.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def make_award(db: None) -> Callable[..., Any]:
    return factories.make_award


@pytest.fixture
def consultation_nominee(db: None, make_unit: Any, make_person: Any, make_user: Any) -> Callable[..., Any]:
    from thidua.nominations.models import Dossier, Nominee, Round
    from thidua.nominations.workflow import State

    def make(published_on: dt.date, *, name: str = "Nông Lương Chấn") -> Any:
        unit = make_unit("Ủy ban MTTQVN tỉnh")
        person = make_person(name, unit=unit)
        user = make_user(role="specialist")
        rnd = Round.objects.create(name="Khen thưởng cấp Nhà nước 2022", kind="annual", year=2022,
                                   opens_on=dt.date(2022, 1, 1), closes_on=dt.date(2023, 12, 31))
        d = Dossier.objects.create(round=rnd, unit=unit, title="Đề nghị Huân chương", state=State.CONSULTATION,
                                   created_by=user, consultation_published_on=published_on)
        return Nominee.objects.create(dossier=d, person=person, award_code="HCLD3",
                                      achievement_summary="Nhiều giải pháp đổi mới công tác mặt trận.")

    return make

