"""Writes on the award registry: one transaction per use case, audited inside.

Only a decision (``record_award``), a retraction (``retract_award``) or an audited import
of history (``import_awards``) writes here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.audit.services import Change, record, record_many, snapshot
from thidua.core.bulk import insert_returning_ids
from thidua.core.text import search_key
from thidua.org.models import Collective, Household, Person, PersonNameSuffix, Unit, name_suffixes

from .importing.plan import Plan
from .importing.reader import Sheet
from .importing.result import ImportResult, RowError
from .importing.validate import build_plan
from .models import Award, AwardSource, AwardStatus


def record_award(
    *,
    by: Any,
    unit: Unit,
    code: str,
    year: int,
    level: str,
    decision_number: str,
    decision_date: dt.date,
    issuer: str,
    person: Person | None = None,
    collective: Collective | None = None,
    household: Household | None = None,
    kind: str = "annual",
    amount_vnd: int | None = None,
    source: str = AwardSource.DECISION,
    subject_title: str = "",
    is_direct_worker: bool = False,
    is_posthumous: bool = False,
    movement: str = "",
) -> Award:
    """Add one award to the registry (from a decision); refuses a second award of the same title and year."""
    subjects = [s for s in (person, collective, household) if s is not None]
    if len(subjects) != 1:
        raise ValidationError("Khen thưởng phải có đúng một đối tượng: cá nhân, tập thể hoặc hộ gia đình.")
    subject_name = (person.full_name if person else collective.name if collective
                    else household.head_name if household else "")
    with transaction.atomic():
        held = Award.objects.filter(person=person, collective=collective, household=household,
                                    code=code, year=year)
        if held.exists():
            raise ValidationError(f"«{subject_name}» đã có «{code}» năm {year}; một thành tích chỉ khen một lần.")
        award = Award.objects.create(
            person=person, collective=collective, household=household, code=code, year=year, level=level,
            kind=kind, decision_number=decision_number, decision_date=decision_date, issuer=issuer,
            amount_vnd=amount_vnd, source=source, unit=unit, subject_name=subject_name,
            subject_title=subject_title, is_direct_worker=is_direct_worker,
            is_grassroots_unit=unit.is_grassroots,
            is_small_collective=bool(collective and collective.is_small),
            is_posthumous=is_posthumous, movement=movement,
        )
        record(actor=by, action="award.create", obj=award, after=snapshot(award))
    return award


def retract_award(*, by: Any, award: Award, reason: str) -> Award:
    """Thu hồi, hủy bỏ: the row stays in the registry with its reason, never deleted."""
    if not reason.strip():
        raise ValidationError("Phải ghi lý do thu hồi, hủy bỏ khen thưởng.")
    with transaction.atomic():
        locked = Award.objects.select_for_update().get(pk=award.pk)
        if locked.status == AwardStatus.RETRACTED:
            raise ValidationError("Khen thưởng này đã bị thu hồi trước đó.")
        before = snapshot(locked)
        locked.status = AwardStatus.RETRACTED
        locked.retraction_reason = reason.strip()
        locked.save(update_fields=["status", "retraction_reason"])
        record(actor=by, action="award.retract", obj=locked, before=before, after=snapshot(locked))
    return locked


def import_awards(*, by: Any, sheet: Sheet, scope_path: str | None, keep_valid: bool) -> ImportResult:
    """Check every row, then save all of them, or (keep_valid) only the valid ones; nothing half-saved."""
    result = ImportResult(keep_valid=keep_valid)
    try:
        with transaction.atomic():
            plan = build_plan(sheet, scope_path=scope_path, today=timezone.localdate())
            _fill_counts(result, plan)
            if plan.errors and not keep_valid:
                return result
            _write(by=by, plan=plan, result=result)
            result.saved = True
    except IntegrityError:
        # A concurrent writer created the same person or award between our check and our write.
        result.saved = False
        result.created = result.people_created = result.collectives_created = result.households_created = 0
        result.errors.append(RowError(None, "", "Dữ liệu vừa bị thay đổi đồng thời bởi người khác; "
                                                "không dòng nào được lưu. Hãy nhập lại tệp."))
    return result


def _fill_counts(result: ImportResult, plan: Plan) -> None:
    result.errors = sorted(plan.errors, key=lambda e: (e.row or 0))
    result.total_rows = plan.total_rows
    result.valid_rows = len(plan.awards) + plan.skipped_existing
    result.skipped_existing = plan.skipped_existing


def _write(*, by: Any, plan: Plan, result: ImportResult) -> None:
    now = timezone.now()
    people = [
        {"citizen_id": p.citizen_id, "full_name": p.full_name, "search_key": search_key(p.full_name),
         "birth_date": p.birth_date, "sex": p.sex, "ethnicity": "Kinh", "is_direct_worker": p.is_direct_worker,
         "unit_id": p.unit_id, "merged_into_id": None, "is_deceased": False, "created_at": now, "updated_at": now}
        for p in plan.new_people.values()
    ]
    person_pks = insert_returning_ids(Person, people)
    person_ids: dict[Any, int] = dict(zip(plan.new_people, person_pks, strict=True))
    # Person.save keeps the name search index; this insert bypasses it, so fill it here.
    insert_returning_ids(PersonNameSuffix, [{"suffix": suffix, "person_id": pk}
                                            for pk, p in zip(person_pks, plan.new_people.values(), strict=True)
                                            for suffix in name_suffixes(search_key(p.full_name))])
    collectives = [Collective(name=g.name, search_key=search_key(g.name), unit_id=g.unit_id, is_small=g.is_small)
                   for g in plan.new_collectives.values()]
    Collective.objects.bulk_create(collectives, batch_size=1000)
    collective_ids: dict[Any, int] = {key: c.pk for key, c in zip(plan.new_collectives, collectives, strict=True)}
    households = [Household(head_name=g.name, search_key=search_key(g.name), unit_id=g.unit_id, address="")
                  for g in plan.new_households.values()]
    Household.objects.bulk_create(households, batch_size=1000)
    household_ids: dict[Any, int] = {key: h.pk for key, h in zip(plan.new_households, households, strict=True)}

    changes: list[Change] = [Change("person.import", "org.person", str(pk), None, {"id": pk, **row})
                             for pk, row in zip(person_pks, people, strict=True)]
    for label, objs in (("collective", collectives), ("household", households)):
        changes.extend(Change(f"{label}.import", obj._meta.label_lower, str(obj.pk), None, snapshot(obj))
                       for obj in objs)

    subject_ids: dict[str, dict[Any, int]] = {"individual": person_ids, "collective": collective_ids,
                                              "household": household_ids}
    awards: list[dict[str, Any]] = []
    for a in plan.awards:
        ref = subject_ids[a.subject_kind][a.subject_ref] if a.subject_is_new else a.subject_ref
        awards.append({
            "person_id": ref if a.subject_kind == "individual" else None,
            "collective_id": ref if a.subject_kind == "collective" else None,
            "household_id": ref if a.subject_kind == "household" else None,
            "code": a.code, "year": a.year, "period_from": None, "kind": a.kind, "level": a.level,
            "decision_number": a.decision_number, "decision_date": a.decision_date, "issuer": a.issuer,
            "amount_vnd": a.amount_vnd, "status": AwardStatus.VALID.value, "retraction_reason": "",
            "source": AwardSource.IMPORT.value, "unit_id": a.unit_id, "subject_name": a.subject_name,
            "subject_title": "", "is_direct_worker": a.is_direct_worker, "is_grassroots_unit": a.is_grassroots_unit,
            "is_small_collective": a.is_small_collective, "is_posthumous": False, "movement": "", "created_at": now,
        })
    award_pks = insert_returning_ids(Award, awards)
    for pk, row, planned in zip(award_pks, awards, plan.awards, strict=True):
        after = {"id": pk, **row, "excel_row": planned.row}
        if planned.note:
            after["note"] = planned.note
        changes.append(Change("award.import", "registry.award", str(pk), None, after))
    record_many(actor=by, changes=changes)
    result.created = len(awards)
    result.people_created = len(people)
    result.collectives_created = len(collectives)
    result.households_created = len(households)
