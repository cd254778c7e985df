from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.audit.models import AuditEvent
from thidua.audit.services import verify
from thidua.core import citizen_id as cid
from thidua.org import services
from thidua.org.models import Person, UnitSuccession
from thidua.org.selectors import unit_lineage, unit_with_lineage_ids
from thidua.registry.models import Award

D = dt.date


def _award(unit: Any, person: Any, code: str = "LDTT", year: int = 2023) -> Award:
    return Award.objects.create(person=person, code=code, year=year, level="grassroots",
                                decision_number=f"{year}/QĐ-UBND", decision_date=D(year, 12, 20),
                                issuer="UBND", source="import", unit=unit, subject_name=person.full_name)


def test_create_person_validates_citizen_id_against_birth_date_and_sex(make_unit: Any, make_user: Any) -> None:
    admin = make_user(role="admin")
    unit = make_unit()
    good = cid.make("020", "F", 1985, 42)
    p = services.create_person(by=admin, full_name="  Hoàng Thị Mai ", sex="F", birth_date=D(1985, 3, 2),
                               citizen_id=f"{good[:3]} {good[3:6]} {good[6:]}", unit=unit)
    assert p.citizen_id == good and p.full_name == "Hoàng Thị Mai"
    assert AuditEvent.objects.filter(action="person.create", object_id=str(p.pk)).count() == 1

    with pytest.raises(ValidationError) as err:
        services.create_person(by=admin, full_name="Lý Văn Bình", sex="M", birth_date=D(1990, 1, 1),
                               citizen_id=cid.make("020", "M", 1991, 7))
    assert "năm sinh 1991" in str(err.value.message_dict["citizen_id"])
    with pytest.raises(ValidationError) as err:
        services.create_person(by=admin, full_name="Lý Văn Bình", sex="M", birth_date=D(1985, 1, 1),
                               citizen_id=cid.make("020", "F", 1985, 8))
    assert "giới tính nam" in str(err.value.message_dict["citizen_id"])
    with pytest.raises(ValidationError) as err:
        services.create_person(by=admin, full_name="Người khác", sex="F", birth_date=D(1985, 9, 9),
                               citizen_id=good)
    assert "Hoàng Thị Mai" in str(err.value.message_dict["citizen_id"])
    assert Person.objects.count() == 1


def test_update_person_is_atomic_and_audited(make_unit: Any, make_user: Any, make_person: Any) -> None:
    admin = make_user(role="admin")
    p = make_person("Nông Văn Tú")
    services.set_direct_worker(by=admin, person=p, value=True)
    p.refresh_from_db()
    assert p.is_direct_worker
    event = AuditEvent.objects.filter(action="person.update").last()
    assert event is not None and event.before["is_direct_worker"] is False and event.after["is_direct_worker"]
    with pytest.raises(ValidationError):
        services.update_person(by=admin, person=p, full_name="Nông Văn Tú Mới", citizen_id="123")
    p.refresh_from_db()
    assert p.full_name == "Nông Văn Tú"


def test_clerk_cannot_create_person_outside_own_unit(make_unit: Any, make_user: Any) -> None:
    mine, other = make_unit(), make_unit()
    clerk = make_user(role="clerk", unit=mine)
    with pytest.raises(PermissionDenied):
        services.create_person(by=clerk, full_name="A", sex="M", unit=other)
    with pytest.raises(PermissionDenied):
        services.rename_unit(by=clerk, unit=mine, new_name="Tên mới")


def test_add_position_rejects_reversed_dates(make_unit: Any, make_user: Any, make_person: Any) -> None:
    admin, unit, p = make_user(role="admin"), make_unit(), make_person()
    pos = services.add_position(by=admin, person=p, unit=unit, title="Trưởng phòng", is_leader=True,
                                valid_from=D(2020, 1, 1))
    assert pos.is_leader
    with pytest.raises(ValidationError) as err:
        services.add_position(by=admin, person=p, unit=unit, title="Phó", valid_from=D(2021, 1, 1),
                              valid_to=D(2020, 1, 1))
    assert "trước ngày bắt đầu" in str(err.value)


def test_merge_units_keeps_history_and_moves_people(make_unit: Any, make_user: Any, make_person: Any) -> None:
    admin = make_user(role="specialist")
    district = make_unit("Huyện Cao Lộc", kind="district")
    a = make_unit("Xã Hợp Thành", parent=district, kind="commune", valid_from=D(2000, 1, 1))
    b = make_unit("Xã Tân Liên", parent=district, kind="commune", valid_from=D(2000, 1, 1))
    village = make_unit("Thôn Nà Chuông", parent=a, kind="village")
    pa, pb = make_person("Lộc Văn A", unit=a), make_person("Vi Thị B", unit=b, sex="F")
    award = _award(a, pa)
    new = services.merge_units(by=admin, predecessors=[a, b], successor_name="Xã Hợp Thành mới",
                               successor_code="X-HT", effective_on=D(2025, 7, 1),
                               legal_basis="Nghị quyết 1672/NQ-UBTVQH15")
    a.refresh_from_db(), b.refresh_from_db(), pa.refresh_from_db(), pb.refresh_from_db(), village.refresh_from_db()
    assert a.valid_to == b.valid_to == D(2025, 6, 30)
    assert new.valid_from == D(2025, 7, 1) and new.parent == district
    assert pa.unit == new and pb.unit == new
    assert village.parent == new and village.path.startswith(new.path)
    award.refresh_from_db()
    assert award.unit == a
    assert set(UnitSuccession.objects.filter(successor=new).values_list("predecessor", flat=True)) == {a.pk, b.pk}
    assert {u.pk for u in unit_lineage(new)} == {a.pk, b.pk}
    assert Award.objects.filter(unit_id__in=unit_with_lineage_ids(new)).count() == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"unit.create", "unit.end", "unit.succession", "person.move_unit", "unit.reparent"} <= actions
    assert verify().ok

    # A second round (2026): lineage is transitive.
    c = make_unit("Xã Gia Cát", parent=district, kind="commune")
    newer = services.merge_units(by=admin, predecessors=[c], successor=new, effective_on=D(2026, 1, 1),
                                 legal_basis="NQ 2")
    assert newer == new
    with pytest.raises(ValidationError) as err:
        services.merge_units(by=admin, predecessors=[a, c], successor_name="X", successor_code="X2",
                             effective_on=D(2026, 6, 1), legal_basis="NQ 3")
    assert "đã hết hiệu lực" in str(err.value)


def test_merge_units_refuses_duplicate_code_and_saves_nothing(make_unit: Any, make_user: Any) -> None:
    admin = make_user(role="admin")
    a, b = make_unit(code="A1"), make_unit(code="B1")
    with pytest.raises(ValidationError) as err:
        services.merge_units(by=admin, predecessors=[a, b], successor_name="Mới", successor_code="A1",
                             effective_on=D(2025, 7, 1), legal_basis="NQ")
    assert "«A1» đã được dùng" in str(err.value)
    a.refresh_from_db()
    assert a.valid_to is None and not AuditEvent.objects.exists()


def test_split_and_dissolve(make_unit: Any, make_user: Any, make_person: Any) -> None:
    admin = make_user(role="admin")
    big = make_unit("Sở Văn hoá, Thể thao và Du lịch")
    p1, p2 = make_person("Một", unit=big), make_person("Hai", unit=big)
    with pytest.raises(ValidationError) as err:
        services.split_unit(by=admin, unit=big, effective_on=D(2025, 3, 1), legal_basis="QĐ 1",
                            parts=[services.SplitPart("S-VH", "Sở Văn hoá", [p1.pk]),
                                   services.SplitPart("S-DL", "Sở Du lịch", [])])
    assert "chưa được giao" in str(err.value)
    parts = services.split_unit(by=admin, unit=big, effective_on=D(2025, 3, 1), legal_basis="QĐ 1",
                                parts=[services.SplitPart("S-VH", "Sở Văn hoá", [p1.pk]),
                                       services.SplitPart("S-DL", "Sở Du lịch", [p2.pk])])
    p1.refresh_from_db(), p2.refresh_from_db()
    assert (p1.unit, p2.unit) == (parts[0], parts[1])
    assert all(unit_lineage(u) == [big] for u in parts)

    services.dissolve_unit(by=admin, unit=parts[1], effective_on=D(2025, 9, 1), legal_basis="QĐ 9")
    p2.refresh_from_db()
    assert p2.unit is None
    parts[1].refresh_from_db()
    assert parts[1].valid_to == D(2025, 8, 31)


def test_rename_unit_keeps_old_name_in_audit(make_unit: Any, make_user: Any) -> None:
    admin = make_user(role="admin")
    unit = make_unit("Phòng Nội vụ")
    services.rename_unit(by=admin, unit=unit, new_name="Phòng Nội vụ và Lao động", legal_basis="QĐ 5")
    unit.refresh_from_db()
    assert unit.name == "Phòng Nội vụ và Lao động" and unit.search_key == "phong noi vu va lao dong"
    event = AuditEvent.objects.get(action="unit.rename")
    assert event.before["name"] == "Phòng Nội vụ" and event.after["legal_basis"] == "QĐ 5"
