"""Writes for units and people: one transaction per use case, audited inside.

Units change with history (Luật TĐKT 2022 keeps awards with the unit that earned them): a merge,
split or dissolution ends the old unit with ``valid_to`` and links it to its successors; awards stay
attached to the old unit and are shown on the successor through ``selectors.unit_lineage``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.accounts.permissions import BOARD_ONLY, BOARD_ROLES, require_role
from thidua.audit.services import Change, record_many, snapshot
from thidua.core import citizen_id as cid
from thidua.core.text import nfc
from thidua.org.scope import require_unit

from .models import (
    Person,
    PersonNameSuffix,
    Position,
    Sex,
    Unit,
    UnitChangeKind,
    UnitKind,
    UnitSuccession,
    name_suffixes,
)

PERSON_FIELDS = ("full_name", "citizen_id", "birth_date", "sex", "ethnicity", "is_direct_worker", "unit",
                 "is_deceased")


# --- permissions -------------------------------------------------------------------------------

def require_office(by: Any) -> None:
    """Unit restructuring and identity merges belong to the provincial office (specialist, admin)."""
    require_role(by, BOARD_ROLES, "", message=BOARD_ONLY)


def _require_unit_scope(by: Any, unit: Unit | None) -> None:
    if unit is not None and hasattr(by, "is_province_wide"):
        require_unit(by, unit)


def _change(action: str, obj: Any, before: dict[str, Any] | None) -> Change:
    return Change(action, obj._meta.label_lower, str(obj.pk), before, snapshot(obj))


# --- people ------------------------------------------------------------------------------------

def _clean_person(person: Person) -> None:
    """Validate in place; raise a Vietnamese ValidationError naming the field and the rule."""
    errors: dict[str, str] = {}
    person.full_name = nfc(person.full_name or "")
    if not person.full_name:
        errors["full_name"] = "Họ và tên không được để trống."
    if person.sex not in Sex.values:
        errors["sex"] = f"Giới tính «{person.sex}» không hợp lệ (chỉ nhận Nam hoặc Nữ)."
    if person.birth_date and person.birth_date > dt.date.today():
        errors["birth_date"] = f"Ngày sinh {person.birth_date:%d/%m/%Y} ở tương lai."
    if person.citizen_id:
        try:
            person.citizen_id = cid.validate(person.citizen_id, birth_date=person.birth_date,
                                             sex=person.sex if person.sex in Sex.values else None)
        except cid.CitizenIdError as exc:
            errors["citizen_id"] = str(exc)
        else:
            other = Person.objects.filter(citizen_id=person.citizen_id).exclude(pk=person.pk).first()
            if other is not None:
                errors["citizen_id"] = (
                    f"Số định danh «{person.citizen_id}» đã thuộc về «{other.full_name}» (mã {other.pk}); "
                    "mỗi người chỉ có một hồ sơ — hãy gộp hồ sơ nếu là cùng một người."
                )
    else:
        person.citizen_id = None
    if errors:
        raise ValidationError(errors)


def create_person(
    *, by: Any, full_name: str, sex: str, birth_date: dt.date | None = None, citizen_id: str | None = None,
    unit: Unit | None = None, ethnicity: str = "Kinh", is_direct_worker: bool = False,
) -> Person:
    _require_unit_scope(by, unit)
    person = Person(full_name=full_name, sex=sex, birth_date=birth_date, citizen_id=citizen_id, unit=unit,
                    ethnicity=ethnicity, is_direct_worker=is_direct_worker)
    _clean_person(person)
    with transaction.atomic():
        person.save()
        record_many(actor=by, changes=[_change("person.create", person, None)])
    return person


def update_person(*, by: Any, person: Person, **changes: Any) -> Person:
    """Change the given fields (any of PERSON_FIELDS); nothing is saved if one is invalid."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Trường không được sửa qua update_person: {', '.join(sorted(unknown))}")
    _require_unit_scope(by, person.unit)
    if "unit" in changes:
        _require_unit_scope(by, changes["unit"])
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(current)
        for name, value in changes.items():
            setattr(current, name, value)
        _clean_person(current)
        current.save()
        record_many(actor=by, changes=[_change("person.update", current, before)])
    person.refresh_from_db()
    return current


def set_direct_worker(*, by: Any, person: Person, value: bool) -> Person:
    return update_person(by=by, person=person, is_direct_worker=value)


def add_position(
    *, by: Any, person: Person, unit: Unit, title: str, valid_from: dt.date, valid_to: dt.date | None = None,
    is_leader: bool = False,
) -> Position:
    _require_unit_scope(by, unit)
    title = nfc(title or "")
    if not title:
        raise ValidationError({"title": "Chức vụ không được để trống."})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": f"Ngày kết thúc {valid_to:%d/%m/%Y} trước ngày bắt đầu "
                                           f"{valid_from:%d/%m/%Y}."})
    with transaction.atomic():
        position = Position.objects.create(person=person, unit=unit, title=title, is_leader=is_leader,
                                           valid_from=valid_from, valid_to=valid_to)
        record_many(actor=by, changes=[_change("position.create", position, None)])
    return position


def rebuild_search_index(*, person_ids: Iterable[int] | None = None, full: bool = False) -> int:
    """Fill the name search index for people saved without ``Person.save`` (bulk_create, raw SQL).

    ``person_ids=`` indexes just those (call it right after a bulk insert); without it, people with
    no index rows are found and indexed; ``full=True`` rebuilds everything (after a
    ``QuerySet.update`` of names). Returns the number of index rows written.
    """
    written = 0
    with transaction.atomic():
        if person_ids is not None:
            ids = list(person_ids)
            PersonNameSuffix.objects.filter(person_id__in=ids).delete()
            source: Iterable[tuple[int, str]] = Person.objects.filter(pk__in=ids).values_list("pk", "search_key")
        else:
            qs = Person.objects.all()
            if full:
                PersonNameSuffix.objects.all().delete()
            else:
                qs = qs.filter(name_suffixes__isnull=True)
            source = qs.values_list("pk", "search_key").iterator(chunk_size=5000)
        batch: list[PersonNameSuffix] = []
        for pk, key in source:
            batch += [PersonNameSuffix(person_id=pk, suffix=s) for s in name_suffixes(key)]
            if len(batch) >= 5000:
                PersonNameSuffix.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        PersonNameSuffix.objects.bulk_create(batch)
        written += len(batch)
    return written


# --- units -------------------------------------------------------------------------------------

def _check_effective(units: Sequence[Unit], effective_on: dt.date) -> None:
    for unit in units:
        if unit.valid_to is not None:
            raise ValidationError(
                {"predecessors": f"Đơn vị «{unit.name}» đã hết hiệu lực từ {unit.valid_to:%d/%m/%Y}."}
            )
        if effective_on <= unit.valid_from:
            raise ValidationError(
                {"effective_on": f"Ngày hiệu lực {effective_on:%d/%m/%Y} phải sau ngày thành lập "
                                 f"«{unit.name}» ({unit.valid_from:%d/%m/%Y})."}
            )


def _check_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": "Mã đơn vị không được để trống."})
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Mã đơn vị «{code}» đã được dùng cho đơn vị khác."})
    return code


def _end_unit(unit: Unit, effective_on: dt.date, changes: list[Change]) -> None:
    before = snapshot(unit)
    unit.valid_to = effective_on - dt.timedelta(days=1)
    unit.save(update_fields=["valid_to"])
    changes.append(_change("unit.end", unit, before))


def _link(pred: Unit, succ: Unit, kind: str, effective_on: dt.date, legal_basis: str,
          changes: list[Change]) -> None:
    row = UnitSuccession.objects.create(predecessor=pred, successor=succ, kind=kind, effective_on=effective_on,
                                        legal_basis=legal_basis)
    changes.append(_change("unit.succession", row, None))


def _move_people(source: Unit, target: Unit | None, changes: list[Change],
                 only: Sequence[int] | None = None) -> None:
    people = Person.objects.filter(unit=source)
    if only is not None:
        people = people.filter(pk__in=only)
    for person in people.select_for_update():
        before = snapshot(person)
        person.unit = target
        person.save(update_fields=["unit", "updated_at"])
        changes.append(_change("person.move_unit", person, before))


def _reparent_children(source: Unit, target: Unit, changes: list[Change]) -> None:
    for child in source.children.filter(valid_to__isnull=True):
        before = snapshot(child)
        child.parent = target
        child.save()
        changes.append(_change("unit.reparent", child, before))


def rename_unit(*, by: Any, unit: Unit, new_name: str, short_name: str | None = None,
                legal_basis: str = "") -> Unit:
    """Rename in place (same unit, same awards); the old name stays in the audit log."""
    require_office(by)
    new_name = nfc(new_name or "")
    if not new_name:
        raise ValidationError({"name": "Tên đơn vị không được để trống."})
    with transaction.atomic():
        current = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(current)
        current.name = new_name
        if short_name is not None:
            current.short_name = short_name
        current.save()
        after = {**snapshot(current), "legal_basis": legal_basis}
        record_many(actor=by, changes=[Change("unit.rename", "org.unit", str(current.pk), before, after)])
    unit.refresh_from_db()
    return current


def merge_units(
    *, by: Any, predecessors: Sequence[Unit], effective_on: dt.date, legal_basis: str,
    successor_name: str = "", successor_code: str = "", successor: Unit | None = None,
    kind: str | None = None, parent: Unit | None = None,
) -> Unit:
    """Merge units into a new unit (hợp nhất) or into an existing one (sáp nhập, ``successor=``).

    Predecessors end the day before ``effective_on``; people and active sub-units move to the
    successor; awards stay attached to the predecessors (history survives).
    """
    require_office(by)
    preds = [u for u in predecessors if successor is None or u.pk != successor.pk]
    if len(preds) < (1 if successor is not None else 2):
        raise ValidationError({"predecessors": "Cần ít nhất hai đơn vị để hợp nhất (hoặc một đơn vị để "
                                               "sáp nhập vào đơn vị có sẵn)."})
    if not legal_basis.strip():
        raise ValidationError({"legal_basis": "Cần ghi căn cứ pháp lý (số, ngày nghị quyết/quyết định)."})
    with transaction.atomic():
        preds = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in preds]).order_by("pk"))
        _check_effective(preds, effective_on)
        changes: list[Change] = []
        if successor is None:
            name = nfc(successor_name or "")
            if not name:
                raise ValidationError({"successor_name": "Tên đơn vị mới không được để trống."})
            successor = Unit.objects.create(
                code=_check_code(successor_code), name=name, kind=kind or preds[0].kind,
                parent=parent if parent is not None else preds[0].parent,
                is_grassroots=any(u.is_grassroots for u in preds), valid_from=effective_on,
            )
            changes.append(_change("unit.create", successor, None))
        elif successor.valid_to is not None:
            raise ValidationError({"successor": f"Đơn vị nhận «{successor.name}» đã hết hiệu lực."})
        for pred in preds:
            _end_unit(pred, effective_on, changes)
            _link(pred, successor, UnitChangeKind.MERGE, effective_on, legal_basis, changes)
            _move_people(pred, successor, changes)
            _reparent_children(pred, successor, changes)
        record_many(actor=by, changes=changes)
    return successor


@dataclass(frozen=True)
class SplitPart:
    code: str
    name: str
    person_ids: Sequence[int] = field(default_factory=tuple)
    kind: str | None = None


def split_unit(*, by: Any, unit: Unit, parts: Sequence[SplitPart], effective_on: dt.date,
               legal_basis: str) -> list[Unit]:
    """Split a unit into new units; every current member must be assigned to one part."""
    require_office(by)
    if len(parts) < 2:
        raise ValidationError({"parts": "Chia tách cần ít nhất hai đơn vị mới."})
    if not legal_basis.strip():
        raise ValidationError({"legal_basis": "Cần ghi căn cứ pháp lý (số, ngày nghị quyết/quyết định)."})
    with transaction.atomic():
        current = Unit.objects.select_for_update().get(pk=unit.pk)
        _check_effective([current], effective_on)
        members = set(Person.objects.filter(unit=current).values_list("pk", flat=True))
        assigned: dict[int, str] = {}
        for part in parts:
            for pk in part.person_ids:
                if pk not in members:
                    raise ValidationError({"parts": f"Cá nhân mã {pk} (đơn vị mới «{part.name}») không thuộc "
                                                    f"«{current.name}»."})
                if pk in assigned:
                    raise ValidationError({"parts": f"Cá nhân mã {pk} được giao cho cả «{assigned[pk]}» và "
                                                    f"«{part.name}»."})
                assigned[pk] = part.name
        left = members - set(assigned)
        if left:
            raise ValidationError({"parts": f"Còn {len(left)} cá nhân của «{current.name}» chưa được giao cho "
                                            f"đơn vị mới nào (mã: {', '.join(map(str, sorted(left)[:10]))})."})
        changes: list[Change] = []
        _end_unit(current, effective_on, changes)
        created = []
        for part in parts:
            name = nfc(part.name or "")
            if not name:
                raise ValidationError({"parts": f"Đơn vị mới mã «{part.code}» chưa có tên."})
            new = Unit.objects.create(code=_check_code(part.code), name=name, kind=part.kind or current.kind,
                                      parent=current.parent, is_grassroots=current.is_grassroots,
                                      valid_from=effective_on)
            changes.append(_change("unit.create", new, None))
            _link(current, new, UnitChangeKind.SPLIT, effective_on, legal_basis, changes)
            _move_people(current, new, changes, only=list(part.person_ids))
            created.append(new)
        if current.children.filter(valid_to__isnull=True).exists():
            raise ValidationError({"parts": f"«{current.name}» còn đơn vị trực thuộc đang hoạt động; hãy chuyển "
                                            "chúng sang đơn vị mới trước khi chia tách."})
        record_many(actor=by, changes=changes)
    unit.refresh_from_db()
    return created


def dissolve_unit(*, by: Any, unit: Unit, effective_on: dt.date, legal_basis: str,
                  transfer_to: Unit | None = None) -> Unit:
    """End a unit. Its people move to ``transfer_to`` when given, else keep no current unit."""
    require_office(by)
    if not legal_basis.strip():
        raise ValidationError({"legal_basis": "Cần ghi căn cứ pháp lý (số, ngày nghị quyết/quyết định)."})
    with transaction.atomic():
        current = Unit.objects.select_for_update().get(pk=unit.pk)
        _check_effective([current], effective_on)
        if current.children.filter(valid_to__isnull=True).exists():
            raise ValidationError({"unit": f"«{current.name}» còn đơn vị trực thuộc đang hoạt động; không thể "
                                           "giải thể."})
        changes: list[Change] = []
        _end_unit(current, effective_on, changes)
        if transfer_to is not None:
            _link(current, transfer_to, UnitChangeKind.DISSOLVE, effective_on, legal_basis, changes)
        _move_people(current, transfer_to, changes)
        record_many(actor=by, changes=changes)
    unit.refresh_from_db()
    return current


def create_unit(*, by: Any, code: str, name: str, kind: str = UnitKind.AGENCY, parent: Unit | None = None,
                is_grassroots: bool = False, valid_from: dt.date | None = None) -> Unit:
    require_office(by)
    if kind not in UnitKind.values:
        raise ValidationError({"kind": f"Loại đơn vị «{kind}» không hợp lệ."})
    with transaction.atomic():
        unit = Unit.objects.create(code=_check_code(code), name=nfc(name), kind=kind, parent=parent,
                                   is_grassroots=is_grassroots, valid_from=valid_from or dt.date.today())
        record_many(actor=by, changes=[_change("unit.create", unit, None)])
    return unit
