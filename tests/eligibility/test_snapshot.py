"""The province snapshot stays exact whatever path writes the registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from thidua.registry import eligibility, snapshot
from thidua.registry.models import Award, AwardLevel, AwardSource, YearRecord

AS_OF = dt.date(2025, 12, 20)


def _lao_dong(person: Any, year: int) -> Award:
    return Award(person=person, code="LAO_DONG_TIEN_TIEN", year=year, level=AwardLevel.GRASSROOTS,
                 decision_number=f"{year}/LDTT", decision_date=dt.date(year, 12, 28), issuer="UBND xã",
                 source=AwardSource.IMPORT, unit=person.unit, subject_name=person.full_name)


def _eligible(code: str, unit: Any = None) -> set[int]:
    return set(eligibility.evaluate_population(unit, year=2025, as_of=AS_OF, codes=[code]).eligible[code])


def _same_as_rebuilt() -> None:
    patched = dict(snapshot.current().bits)
    rebuilt = snapshot.rebuild().bits
    assert {k: v for k, v in patched.items() if v} == {k: v for k, v in rebuilt.items() if v}


@pytest.mark.django_db
def test_changes_through_every_path_are_seen(make_unit: Callable[..., Any],
                                             make_person: Callable[..., Any]) -> None:
    commune = make_unit("Xã Tân Thành", kind="commune")
    a = make_person("Lăng Văn Hùng", unit=commune)
    b = make_person("Chu Thị Hạnh", unit=commune, sex="F")
    assert _eligible("CSTD_CO_SO") == set()

    # ORM create, then bulk_create
    YearRecord.objects.create(person=a, year=2025, rating="HTXSNV")
    _lao_dong(a, 2025).save()
    assert _eligible("CSTD_CO_SO") == {a.pk}
    YearRecord.objects.bulk_create([YearRecord(person=b, year=2025, rating="HTXSNV")])
    Award.objects.bulk_create([_lao_dong(b, 2025)])
    assert _eligible("CSTD_CO_SO") == {a.pk, b.pk}

    # queryset update (retraction) and raw SQL
    Award.objects.filter(person=a).update(status="retracted")
    assert _eligible("CSTD_CO_SO") == {b.pk}
    with connection.cursor() as cur:
        cur.execute("UPDATE registry_yearrecord SET rating = %s WHERE person_id = %s", ["HTNV", b.pk])
    assert _eligible("CSTD_CO_SO") == set()
    _same_as_rebuilt()


@pytest.mark.django_db
def test_merged_people_drop_out(make_unit: Callable[..., Any], make_person: Callable[..., Any]) -> None:
    commune = make_unit("Xã Yên Trạch", kind="commune")
    keep = make_person("Tô Văn Lâm", unit=commune)
    gone = make_person("Tô Văn Lâm", unit=commune)
    for p in (keep, gone):
        YearRecord.objects.create(person=p, year=2025, rating="HTTNV")
    assert _eligible("LAO_DONG_TIEN_TIEN") == {keep.pk, gone.pk}
    gone.merged_into = keep
    gone.save()
    assert _eligible("LAO_DONG_TIEN_TIEN") == {keep.pk}
    _same_as_rebuilt()


@pytest.mark.django_db
def test_a_unit_sees_only_its_subtree(make_unit: Callable[..., Any], make_person: Callable[..., Any]) -> None:
    province = make_unit("Tỉnh", kind="province")
    one = make_unit("Xã Một", parent=province, kind="commune")
    two = make_unit("Xã Hai", parent=province, kind="commune")
    p1, p2 = make_person("Người Một", unit=one), make_person("Người Hai", unit=two)
    for p in (p1, p2):
        YearRecord.objects.create(person=p, year=2025, rating="HTTNV")
    assert _eligible("LAO_DONG_TIEN_TIEN", one) == {p1.pk}
    assert _eligible("LAO_DONG_TIEN_TIEN", province) == {p1.pk, p2.pk}


def test_serialisation_round_trips() -> None:
    facts = snapshot.Facts(200, {("alive",): (1 << 199) | 5, ("r", "HTXSNV", "2025"): 1 << 7}, 3)
    back = snapshot.loads(snapshot.dumps(facts), facts.size, facts.version)
    assert back.bits == facts.bits and back.version == 3
