"""One adapter from the registry to the rules engine: ``registry.cases`` (one person or many)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.org.models import Position
from thidua.registry import cases
from thidua.registry.models import (
    Award,
    AwardLevel,
    AwardSource,
    AwardStatus,
    Discipline,
    Initiative,
    YearRecord,
)
from thidua.rules.model import AwardRecord, Rating

SRC = Path(__file__).resolve().parents[2] / "src" / "thidua"
AS_OF = dt.date(2025, 12, 20)


def _history(person: Any, unit: Any, seed: int) -> None:
    for year in (2022, 2023, 2024, 2025, 2026):
        YearRecord.objects.create(person=person, year=year, rating="HTXSNV" if (year + seed) % 3 else "HTTNV")
        Award.objects.create(person=person, code="LAO_DONG_TIEN_TIEN", year=year, level=AwardLevel.GRASSROOTS,
                             decision_number=f"{year}-{seed}", decision_date=dt.date(year, 12, 28), issuer="UBND",
                             source=AwardSource.IMPORT, unit=unit, subject_name=person.full_name,
                             status=AwardStatus.RETRACTED if year == 2023 and seed == 1 else AwardStatus.VALID)
    Initiative.objects.create(person=person, title="Sáng kiến", year=2024 + seed % 2, scope="co_so")
    Discipline.objects.create(person=person, form="KHIEN_TRACH", valid_from=dt.date(2021, 1, 1),
                              valid_to=dt.date(2021, 12, 31))
    Position.objects.create(person=person, unit=unit, title="Chuyên viên", valid_from=dt.date(2015, 1, 1))


@pytest.mark.django_db
def test_one_person_and_many_people_give_the_same_cases_in_five_queries(
        make_unit: Callable[..., Any], make_person: Callable[..., Any]) -> None:
    unit = make_unit("Xã Cao Lộc", kind="commune")
    people = [make_person(f"Người {i}", unit=unit, sex="F" if i % 2 else "M") for i in range(4)]
    for i, person in enumerate(people):
        _history(person, unit, i)
    with CaptureQueriesContext(connection) as queries:
        many = cases.cases_for_people(people, year=2025, as_of=AS_OF, award="CSTD_CO_SO")
    assert len(queries) <= 7  # five kinds of fact, and the armed forces in two
    for person in people:
        one = cases.case_for_person(person, award="CSTD_CO_SO", year=2025, as_of=AS_OF)
        assert many[person.pk] == one
    first = many[people[1].pk]
    assert first.award == "CSTD_CO_SO" and first.subject.sex == "F"
    assert Rating(2026, "HTXSNV", False) not in first.ratings  # nothing after the judged year
    assert AwardRecord("LAO_DONG_TIEN_TIEN", 2023, dt.date(2023, 12, 28)) not in first.awards  # retracted
    assert len(first.discipline) == len(first.positions) == 1
    assert cases.with_award(first, "CSTD_TINH").award == "CSTD_TINH"


@pytest.mark.django_db
def test_a_dossier_and_a_movement_judge_with_the_same_cases(
        make_unit: Callable[..., Any], make_person: Callable[..., Any]) -> None:
    from thidua.movements.proposals import verdict_for
    from thidua.nominations.appraisal import nominee_cases
    from thidua.nominations.models import Nominee

    unit = make_unit("Xã Cao Lộc", kind="commune")
    person = make_person("Lương Văn An", unit=unit)
    _history(person, unit, 0)
    stand_in = Nominee(pk=7, person=person, award_code="CSTD_CO_SO")
    assert nominee_cases([stand_in], year=2025, as_of=AS_OF)[7] == cases.case_for_person(
        person, award="CSTD_CO_SO", year=2025, as_of=AS_OF)
    assert "eligible" in verdict_for(person, "CSTD_CO_SO", 2025)


_BUILDS_CASES = re.compile(r"\b(Case|Subject|PopulationBuilder)\(|population_from_cases\(")


def test_only_registry_cases_turns_records_into_rules_cases() -> None:
    offenders = [f"{path.relative_to(SRC)}:{n}" for path in sorted(SRC.rglob("*.py"))
                 if path.parts[len(SRC.parts)] != "rules" and path != SRC / "registry" / "cases.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if _BUILDS_CASES.search(line)]
    assert offenders == []
