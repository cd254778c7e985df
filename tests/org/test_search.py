from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.org.models import Person, PersonNameSuffix
from thidua.org.selectors import search_people
from thidua.org.services import rebuild_search_index


@pytest.mark.parametrize("query", ["nong luong chan", "NÔNG LƯƠNG CHẤN", "Nông Lương Chấn", "Nong Luong Chan",
                                   "chấn", "luong chan", "Nông  lương"])
def test_search_is_diacritics_and_case_insensitive(query: str, make_person: Any, make_user: Any) -> None:
    target = make_person("Nông Lương Chấn")
    make_person("Nông Văn Lương")
    make_person("Hoàng Văn Chanh")  # "chan" is a word-start prefix of "chanh": found only for "chan…"
    found = search_people(user=make_user(role="specialist"), query=query)
    assert target in found
    if query.lower().startswith("nong luong") or "lương" in query.lower() and "nông" in query.lower():
        assert found[0] == target


def test_search_respects_scope_and_merges(make_unit: Any, make_person: Any, make_user: Any) -> None:
    a, b = make_unit(), make_unit()
    mine = make_person("Đoàn Thị Hậu", unit=a, sex="F")
    theirs = make_person("Đoàn Thị Hậu", unit=b, sex="F")
    clerk = make_user(role="clerk", unit=a)
    assert search_people(user=clerk, query="hau") == [mine]
    theirs.merged_into = mine
    theirs.save()
    assert search_people(user=make_user(role="admin"), query="doan thi hau") == [mine]


def test_rename_updates_index_and_bulk_paths_rebuild(make_person: Any, make_user: Any) -> None:
    user = make_user(role="admin")
    p = make_person("Hồ Tiến Thiệu")
    p.full_name = "Hồ Tiến Thiện"
    p.save()
    assert search_people(user=user, query="thien") == [p]
    assert search_people(user=user, query="thieu") == []
    Person.objects.bulk_create([Person(full_name="Vy Văn Lập", search_key="vy van lap", sex="M",
                                       birth_date=dt.date(1990, 1, 1))])
    assert search_people(user=user, query="lap") == []
    assert rebuild_search_index() == 3
    assert [x.full_name for x in search_people(user=user, query="lap")] == ["Vy Văn Lập"]
    assert rebuild_search_index() == 0
    Person.objects.filter(pk=p.pk).update(full_name="Hồ Tiến Thanh", search_key="ho tien thanh")
    rebuild_search_index(full=True)
    assert search_people(user=user, query="thanh") == [p]
    assert PersonNameSuffix.objects.count() == 6


def test_search_by_citizen_id_prefix(make_person: Any, make_user: Any) -> None:
    p = make_person("Tô Thị Mai", sex="F")
    assert search_people(user=make_user(role="admin"), query=p.citizen_id[:8]) == [p]


def test_rebuild_for_given_ids_only(make_user: Any) -> None:
    made = Person.objects.bulk_create([Person(full_name=n, search_key=n.lower(), sex="F") for n in ("Ma Thi Lan",
                                                                                                   "Be Thi Lan")])
    assert rebuild_search_index(person_ids=[made[0].pk]) == 3
    assert search_people(user=make_user(role="admin"), query="lan") == [made[0]]
