"""The one writer of the award registry: every ``Award`` row is created, imported, changed or
retracted here, in the caller's transaction, audited inside it under one set of action names.

    record_awards(by=, awards=[AwardEntry, …])  many awards at once (a decision): one INSERT, one audit append
    record_award(by=, …)                       one award; refuses a second one of the same title and year
    import_awards(by=, sheet=, …)              the audited import of history from Excel
    retract_awards(by=, awards=, reason=)      thu hồi, hủy bỏ: rows stay, with their reason; later awards
    retract_award(by=, award=, reason=)        that stood on them (the ladders) are put under review

Decisions, the import screen and the command line call these; no other app creates or changes ``Award``
rows (tests/registry/test_one_writer.py checks it) — only the admin's audited corrections, the person
merge re-pointing a person's whole history, and the demo generator (see ``models``). The database
triggers (tallies, fact changes) follow every write whatever its path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from thidua.audit.services import Change, record_many, snapshot
from thidua.core.bulk import insert_returning_ids
from thidua.core.text import search_key
from thidua.org.models import Collective, Household, Person, PersonNameSuffix, Unit, name_suffixes

from . import catalog
from .actions import AWARD_CREATE, AWARD_RETRACT, AWARD_UNDER_REVIEW
from .importing.plan import Plan
from .importing.reader import Sheet
from .importing.result import ImportResult, RowError
from .importing.validate import build_plan
from .models import Award, AwardKind, AwardSource, AwardStatus

_RETRACTION_FIELDS = ["status", "retraction_reason"]


def _created(pk: int, after: dict[str, Any]) -> Change:
    return Change(AWARD_CREATE, "registry.award", str(pk), None, after)


# ---- creating ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardEntry:
    """One award to write. The registry fills the snapshots taken from the subject and the unit
    (the subject's name unless given, grassroots unit, small collective)."""

    unit: Unit
    code: str
    year: int
    level: str
    decision_number: str
    decision_date: dt.date
    issuer: str
    person: Person | None = None
    collective: Collective | None = None
    household: Household | None = None
    kind: str = AwardKind.ANNUAL
    amount_vnd: int | None = None
    subject_name: str = ""
    subject_title: str = ""
    is_direct_worker: bool = False
    is_posthumous: bool = False
    movement: str = ""

    def subjects(self) -> list[Person | Collective | Household]:
        return [s for s in (self.person, self.collective, self.household) if s is not None]

    def own_name(self) -> str:
        p, c, h = self.person, self.collective, self.household
        return p.full_name if p else c.name if c else h.head_name if h else ""


def _row(new: AwardEntry, source: str) -> Award:
    return Award(
        person=new.person, collective=new.collective, household=new.household, code=new.code, year=new.year,
        level=new.level, kind=new.kind, decision_number=new.decision_number, decision_date=new.decision_date,
        issuer=new.issuer, amount_vnd=new.amount_vnd, source=source, unit=new.unit,
        subject_name=new.subject_name or new.own_name(), subject_title=new.subject_title,
        is_direct_worker=new.is_direct_worker, is_grassroots_unit=new.unit.is_grassroots,
        is_small_collective=bool(new.collective and new.collective.is_small),
        is_posthumous=new.is_posthumous, movement=new.movement,
    )


def record_awards(*, by: Any, awards: Sequence[AwardEntry], source: str = AwardSource.DECISION) -> list[Award]:
    """Add many awards (a decision's) in one bulk INSERT and one audit append; no query per row.

    Refuses, before writing anything, a line that does not name exactly one subject. Call inside the
    use case's transaction: a constraint failure (IntegrityError) then leaves nothing behind."""
    errors = [f"Dòng {n}: khen thưởng phải có đúng một đối tượng: cá nhân, tập thể hoặc hộ gia đình."
              for n, new in enumerate(awards, start=1) if len(new.subjects()) != 1]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rows = Award.objects.bulk_create([_row(new, source) for new in awards])
        record_many(actor=by, changes=[_created(a.pk, snapshot(a)) for a in rows])
    return rows


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
    kind: str = AwardKind.ANNUAL,
    amount_vnd: int | None = None,
    source: str = AwardSource.DECISION,
    subject_title: str = "",
    is_direct_worker: bool = False,
    is_posthumous: bool = False,
    movement: str = "",
) -> Award:
    """Add one award to the registry; refuses a second award of the same title and year."""
    new = AwardEntry(unit=unit, code=code, year=year, level=level, decision_number=decision_number,
                   decision_date=decision_date, issuer=issuer, person=person, collective=collective,
                   household=household, kind=kind, amount_vnd=amount_vnd, subject_title=subject_title,
                   is_direct_worker=is_direct_worker, is_posthumous=is_posthumous, movement=movement)
    if len(new.subjects()) != 1:
        raise ValidationError("Khen thưởng phải có đúng một đối tượng: cá nhân, tập thể hoặc hộ gia đình.")
    with transaction.atomic():
        held = Award.objects.filter(person=person, collective=collective, household=household,
                                    code=code, year=year)
        if held.exists():
            raise ValidationError(f"«{new.own_name()}» đã có «{code}» năm {year}; một thành tích chỉ khen một lần.")
        return record_awards(by=by, awards=[new], source=source)[0]


# ---- retracting -------------------------------------------------------------------------------------------


@dataclass
class Retraction:
    retracted: list[Award] = field(default_factory=list)  # retracted now (not the ones retracted before)
    flagged: list[Award] = field(default_factory=list)  # later valid awards now under review


def _subject_key(award: Award) -> tuple[str, int | None]:
    return (("p", award.person_id) if award.person_id else ("c", award.collective_id) if award.collective_id
            else ("h", award.household_id))


def _dependants(retracted: list[Award]) -> list[tuple[Award, Award]]:
    """(award, the retracted award it stood on): later valid awards of the same subject whose title relies
    on a retracted one through a ladder (``catalog.awards_relying_on``). One query for all."""
    relying = {a.pk: catalog.awards_relying_on(a.code) for a in retracted}
    wanted = [a for a in retracted if relying[a.pk]]
    if not wanted:
        return []
    subjects = (Q(person_id__in=[a.person_id for a in wanted if a.person_id])
                | Q(collective_id__in=[a.collective_id for a in wanted if a.collective_id])
                | Q(household_id__in=[a.household_id for a in wanted if a.household_id]))
    codes = set().union(*(relying[a.pk] for a in wanted))
    candidates = (Award.objects.select_for_update().filter(subjects, status=AwardStatus.VALID, code__in=codes,
                                                           year__gte=min(a.year for a in wanted))
                  .exclude(pk__in=[a.pk for a in retracted]).order_by("pk"))
    out: list[tuple[Award, Award]] = []
    for later in candidates:
        cause = next((a for a in wanted if _subject_key(a) == _subject_key(later)
                      and later.code in relying[a.pk] and later.year >= a.year), None)
        if cause is not None:
            out.append((later, cause))
    return out


def retract_awards(*, by: Any, awards: Iterable[Award], reason: str, refuse_retracted: bool = False) -> Retraction:
    """Thu hồi, hủy bỏ (Luật Thi đua, khen thưởng 2022, Chương VII): the rows stay with their reason, never
    deleted; later valid awards of the same subjects that stood on them (the ladders) go under review.

    An award already retracted with the same reason is left as it is (a repeat changes nothing); one
    retracted before with another reason is skipped, or refused when ``refuse_retracted``."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Phải ghi lý do thu hồi, hủy bỏ khen thưởng (Luật Thi đua, khen thưởng 2022, Chương VII).")
    with transaction.atomic():
        locked = list(Award.objects.select_for_update().filter(pk__in=[a.pk for a in awards]).order_by("pk"))
        if refuse_retracted and any(a.status == AwardStatus.RETRACTED and a.retraction_reason != reason
                                    for a in locked):
            raise ValidationError("Khen thưởng này đã bị thu hồi trước đó với lý do khác.")
        todo = [a for a in locked if a.status != AwardStatus.RETRACTED]
        if not todo:
            return Retraction()
        # Row by row (retractions are few): model signals must fire, e.g. the public portal's cache.
        befores = {a.pk: snapshot(a, _RETRACTION_FIELDS) for a in todo}
        for a in todo:
            a.status, a.retraction_reason = AwardStatus.RETRACTED, reason
            a.save(update_fields=_RETRACTION_FIELDS)
        dependants = _dependants(todo)
        flagged = [later for later, _ in dependants]
        changes: list[Change] = []
        for a in todo:
            changes.append(Change(AWARD_RETRACT, "registry.award", str(a.pk), befores[a.pk],
                                  snapshot(a, _RETRACTION_FIELDS)))
            for later, cause in dependants:
                if cause is a:
                    changes.append(Change(AWARD_UNDER_REVIEW, "registry.award", str(later.pk),
                                          {"status": later.status},
                                          {"status": AwardStatus.UNDER_REVIEW.value, "because_of": a.pk,
                                           "reason": reason}))
        for later in flagged:
            later.status = AwardStatus.UNDER_REVIEW
            later.save(update_fields=["status"])
        record_many(actor=by, changes=changes)
    return Retraction(todo, flagged)


def retract_award(*, by: Any, award: Award, reason: str) -> Award:
    """Retract one award (see ``retract_awards``); refuses one already retracted for another reason."""
    retract_awards(by=by, awards=[award], reason=reason, refuse_retracted=True)
    award.refresh_from_db(fields=_RETRACTION_FIELDS)
    return award


# ---- importing history ------------------------------------------------------------------------------------


def import_awards(*, by: Any, sheet: Sheet, scope_paths: list[str] | None, keep_valid: bool) -> ImportResult:
    """Check every row, then save all of them, or (keep_valid) only the valid ones; nothing half-saved."""
    result = ImportResult(keep_valid=keep_valid)
    try:
        with transaction.atomic():
            plan = build_plan(sheet, scope_paths=scope_paths, today=timezone.localdate())
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
        changes.append(_created(pk, after))
    record_many(actor=by, changes=changes)
    result.created = len(awards)
    result.people_created = len(people)
    result.collectives_created = len(collectives)
    result.households_created = len(households)
