from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.audit.models import AuditEvent
from thidua.audit.services import verify
from thidua.org.models import Household, Person, Position
from thidua.registry.identity import duplicate_groups, merge_people, undo_merge
from thidua.registry.models import Award, Discipline, Initiative, YearRecord

D = dt.date


def _award(person: Any, code: str = "LDTT", year: int = 2023, number: str = "") -> Award:
    return Award.objects.create(person=person, code=code, year=year, level="grassroots",
                                decision_number=number or f"{year}/QĐ-UBND", decision_date=D(year, 12, 20),
                                issuer="UBND", source="import", unit=person.unit, subject_name=person.full_name)


def test_duplicate_groups_by_name_key_and_birth_date_scoped(make_unit: Any, make_person: Any,
                                                            make_user: Any) -> None:
    a, b = make_unit(), make_unit()
    p1 = make_person("Nông Lương Chấn", unit=a, birth_date=D(1970, 2, 3))
    p2 = make_person("NÔNG LƯƠNG CHẤN", unit=b, birth_date=D(1970, 2, 3), with_id=False)
    make_person("Nông Lương Chấn", unit=b, birth_date=D(1971, 2, 3))  # another person
    make_person("Hoàng Văn Nghiệm", unit=a, birth_date=D(1970, 2, 3))
    groups = duplicate_groups(user=make_user(role="specialist"))
    assert [(g.search_key, [p.pk for p in g.people]) for g in groups] == [("nong luong chan", [p1.pk, p2.pk])]
    assert duplicate_groups(user=make_user(role="clerk", unit=a)) == []


def test_merge_moves_all_history_and_undo_restores_exactly(make_unit: Any, make_person: Any,
                                                           make_user: Any) -> None:
    admin = make_user(role="admin")
    u1, u2 = make_unit(), make_unit()
    keep = make_person("Đoàn Thu Hà", sex="F", unit=None, with_id=False, birth_date=D(1975, 4, 4))
    remove = make_person("Đoàn Thu Hà", sex="F", unit=u2, birth_date=D(1975, 4, 4))
    remove_cid = remove.citizen_id
    keep.unit = u1
    keep.save()
    twin_k, twin_r = _award(keep, "BK_TINH", 2020), _award(remove, "BK_TINH", 2020)
    own = _award(remove, "CSTD_CO_SO", 2021)
    YearRecord.objects.create(person=keep, year=2021, rating="HTXSNV")
    same_year = YearRecord.objects.create(person=remove, year=2021, rating="HTXSNV")
    other_year = YearRecord.objects.create(person=remove, year=2022, rating="HTTNV")
    pos = Position.objects.create(person=remove, unit=u2, title="Phó phòng", valid_from=D(2015, 1, 1))
    ini = Initiative.objects.create(person=remove, title="Sáng kiến", year=2021, scope="co_so")
    dis = Discipline.objects.create(person=remove, form="KHIEN_TRACH", valid_from=D(2010, 1, 1))
    hh = Household.objects.create(head_name="Đoàn Thu Hà", head=remove, address="Thôn 1", unit=u2)

    merge = merge_people(by=admin, keep=keep, remove=remove)
    keep.refresh_from_db(), remove.refresh_from_db()
    assert remove.merged_into == keep and remove.citizen_id is None and keep.citizen_id == remove_cid
    assert keep.unit == u1  # kept its own unit
    assert set(Award.objects.filter(person=keep).values_list("pk", flat=True)) == {twin_k.pk, own.pk}
    assert Award.objects.get(pk=twin_r.pk).person == remove  # the same award twice stays behind
    assert set(YearRecord.objects.filter(person=keep).values_list("year", flat=True)) == {2021, 2022}
    assert YearRecord.objects.get(pk=same_year.pk).person == remove
    for obj in (pos, ini, dis):
        obj.refresh_from_db()
        assert obj.person_id == keep.pk
    hh.refresh_from_db()
    assert hh.head == keep
    assert AuditEvent.objects.filter(action="person_merge.move").count() == 6
    assert verify().ok

    undo_merge(by=admin, merge=merge)
    keep.refresh_from_db(), remove.refresh_from_db()
    assert remove.merged_into is None and remove.citizen_id == remove_cid and keep.citizen_id is None
    assert set(Award.objects.filter(person=remove).values_list("pk", flat=True)) == {twin_r.pk, own.pk}
    assert set(YearRecord.objects.filter(person=remove).values_list("pk", flat=True)) == {same_year.pk,
                                                                                          other_year.pk}
    for obj in (pos, ini, dis, hh):
        obj.refresh_from_db()
    assert (pos.person_id, ini.person_id, dis.person_id, hh.head_id) == (remove.pk,) * 4
    with pytest.raises(ValidationError, match="đã được hoàn tác"):
        undo_merge(by=admin, merge=merge)
    assert verify().ok


def test_merge_refuses_disagreeing_ratings_and_saves_nothing(make_person: Any, make_user: Any) -> None:
    admin = make_user(role="specialist")
    keep, remove = make_person("Lê Văn C"), make_person("Lê Văn C", with_id=False)
    YearRecord.objects.create(person=keep, year=2023, rating="HTXSNV")
    YearRecord.objects.create(person=remove, year=2023, rating="HTNV")
    pos = Position.objects.create(person=remove, unit=None or _unit(), title="X", valid_from=D(2020, 1, 1))
    with pytest.raises(ValidationError) as err:
        merge_people(by=admin, keep=keep, remove=remove)
    assert "Năm 2023" in str(err.value) and "HTXSNV" in str(err.value) and "HTNV" in str(err.value)
    pos.refresh_from_db()
    remove.refresh_from_db()
    assert pos.person_id == remove.pk and remove.merged_into is None


def _unit() -> Any:
    from thidua.org.models import Unit

    return Unit.objects.create(code="UX", name="Đơn vị X", kind="agency")


def test_merge_rules(make_person: Any, make_user: Any, make_unit: Any) -> None:
    admin = make_user(role="admin")
    a, b = make_person("Lê Văn D"), make_person("Lê Văn D")
    with pytest.raises(ValidationError, match="số định danh khác nhau"):
        merge_people(by=admin, keep=a, remove=b)
    c = make_person("Lê Văn D", with_id=False, birth_date=D(1981, 1, 1))
    with pytest.raises(ValidationError, match="khác ngày sinh"):
        merge_people(by=admin, keep=a, remove=c)
    with pytest.raises(ValidationError, match="chính nó"):
        merge_people(by=admin, keep=a, remove=a)
    clerk = make_user(role="clerk", unit=make_unit())
    with pytest.raises(PermissionDenied):
        merge_people(by=clerk, keep=a, remove=c)
    council = make_user(role="council_member")
    with pytest.raises(PermissionDenied):
        merge_people(by=council, keep=a, remove=c)
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
