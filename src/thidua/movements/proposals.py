"""The final review (tổng kết) proposes its nominees, and the office turns the list into dossiers.

The list is pre-filled from what the movement produced in its year — the cluster rankings (the flag
to the first, certificates to the next ones) and the units' registrations — then edited by the
office. One step makes one draft dossier per proposing unit in a thematic round of the movement
(docs/movements.md explains why per unit): all rows or none, and a repeat returns the same dossiers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from thidua.audit import services as audit
from thidua.nominations import dossiers, rounds
from thidua.nominations.models import Dossier, Nominee, Round
from thidua.org.models import Collective, Person, Unit
from thidua.registry import cases
from thidua.registry import catalog as award_catalog
from thidua.registry.models import AwardKind
from thidua.rules.engine import evaluate
from thidua.rules.model import Case, CaseError

from .clusters import compute_ranking, members_of
from .errors import MovementError
from .models import (
    Movement,
    MovementKind,
    MovementRound,
    Proposal,
    ProposalSource,
    Registration,
    Review,
    ReviewKind,
    ScoringSheet,
    SheetStatus,
)
from .services import require_manage

WHAT = "lập danh sách đề xuất khen thưởng khi tổng kết"


def review_year(review: Review) -> int:
    """The year whose results the final review sums up: the movement's last year (or the review's)."""
    return (review.movement.ends_on or review.held_on).year


def _usable(code: str) -> bool:
    """A code a movement's (thematic) round can take at all."""
    kinds = award_catalog.award_info(code).award_kinds
    return not kinds or AwardKind.THEMATIC in kinds


def _in_scope(unit: Unit, scope: list[str]) -> bool:
    return not scope or any(unit.path.startswith(p) for p in scope)


def _unit_collective(unit: Unit) -> tuple[Collective, bool]:
    """The unit as a nominee (its ``represents_unit`` collective), made once if it does not exist."""
    return Collective.objects.get_or_create(represents_unit=unit, defaults={"name": unit.name, "unit": unit,
                                                                            "is_small": unit.is_small_collective})


def _verdict(case: Case) -> dict[str, Any]:
    try:
        v = evaluate(case)
    except (award_catalog.CatalogError, CaseError):
        return {}
    return {"eligible": v.eligible, "reasons": [r.message for r in v.reasons if r.met is False]}


def verdict_for(person: Person, code: str, year: int) -> dict[str, Any]:
    """The rules engine's verdict for an individual, as stored with the row (empty where it does not apply)."""
    return _verdict(cases.case_for_person(person, award=code, year=year, as_of=timezone.localdate()))


def _verdicts(rows: list[Proposal], year: int) -> None:
    """Every individual row's verdict from the registry's bulk case builder (five queries in all)."""
    people = [(p, p.person) for p in rows if p.person is not None]
    if not people:
        return
    by_person = cases.cases_for_people([person for _, person in people], year=year, as_of=timezone.localdate())
    for p, person in people:
        p.verdict = _verdict(cases.with_award(by_person[person.pk], p.award_code))


def _check_open(review: Review) -> None:
    if review.kind != ReviewKind.FINAL:
        raise MovementError("Chỉ khi tổng kết phong trào mới lập danh sách đề xuất khen thưởng (đây là sơ kết).")
    if review.dossiers_created_at is not None:
        raise MovementError(f"Đã lập hồ sơ đề nghị từ danh sách này lúc "
                            f"{timezone.localtime(review.dossiers_created_at):%H:%M %d/%m/%Y}: không sửa được nữa.")


def _snapshot(p: Proposal) -> dict[str, Any]:
    return audit.snapshot(p, ["review_id", "position", "unit_id", "person_id", "collective_id", "award_code",
                              "reason", "source"])


# ---------------------------------------------------------------- pre-fill

@dataclass
class Prefill:
    added: list[Proposal] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what was left out, and why


def _cluster_rows(review: Review, year: int, scope: list[str]) -> tuple[list[tuple[Any, ...]], list[str]]:
    """``(unit, code, reason)`` for each member a cluster ranking of the year proposes."""
    rows: list[tuple[Any, ...]] = []
    notes: list[str] = []
    for sheet in ScoringSheet.objects.filter(year=year).select_related("cluster").order_by("cluster__name"):
        members = members_of(sheet.cluster_id, year)
        units = Unit.objects.in_bulk(list(members))
        if not any(_in_scope(u, scope) for u in units.values()):
            continue
        if sheet.status == SheetStatus.CLOSED:
            ranked = [(r["unit"], r["rank"], r["tied"], r["total"], r["proposal"], r["notes"])
                      for r in sheet.result.get("rows", [])]
            state = "đã khóa"
        else:
            ranked = [(r.unit_id, r.rank, r.tied, str(r.total), r.proposal, r.notes) for r in compute_ranking(sheet)]
            state = "chưa khóa, xếp hạng tạm"
            notes.append(f"Bảng điểm «{sheet}» chưa được cụm trưởng khóa: đề xuất theo xếp hạng tạm thời.")
        for unit_id, rank, tied, total, code, row_notes in ranked:
            unit = units.get(unit_id)
            if not code or unit is None or not _in_scope(unit, scope):
                continue
            reason = (f"{sheet.cluster.name} năm {year} (bảng điểm {state}): hạng {rank}"
                      f"{' (đồng hạng)' if tied else ''}, tổng {total} điểm.")
            if row_notes:
                reason += " " + " ".join(row_notes)
            rows.append((unit, code, reason))
    return rows, notes


def _registration_rows(review: Review, year: int, scope: list[str]) -> tuple[list[tuple[Any, ...]], list[str]]:
    """``(unit, code, reason, person, collective)`` for each registered aim a thematic round can take."""
    movement = review.movement
    cond = Q(movement=movement)
    if movement.kind == MovementKind.REGULAR:
        cond |= Q(movement__isnull=True)  # the yearly registration is the regular movement's registration
    rows: list[tuple[Any, ...]] = []
    skipped: list[str] = []
    regs = (Registration.objects.filter(cond, year=year).select_related("unit")
            .prefetch_related("items__person", "items__collective").order_by("unit__path"))
    for reg in regs:
        if not _in_scope(reg.unit, scope):
            continue
        signed = f", ký giao ước ngày {reg.covenant_signed_on:%d/%m/%Y}" if reg.covenant_signed_on else ""
        for item in reg.items.all():
            if not _usable(item.award_code):
                skipped.append(f"{reg.unit.name}: «{award_catalog.award_info(item.award_code).name}» chỉ xét "
                               f"khen thưởng thường xuyên, không đề nghị khi tổng kết phong trào.")
                continue
            reason = f"Đăng ký thi đua năm {year} của {reg.unit.name}{signed}."
            rows.append((reg.unit, item.award_code, reason, item.person, item.collective))
    return rows, skipped


def prefill(*, review: Review, by: Any) -> Prefill:
    """Add the rows the movement's year produced; rows already in the list are left as they are."""
    movement = review.movement
    require_manage(by, movement, WHAT)
    _check_open(review)
    year = review_year(review)
    scope = list(movement.units.values_list("path", flat=True))
    out = Prefill()
    cluster_rows, out.skipped = _cluster_rows(review, year, scope)
    reg_rows, skipped = _registration_rows(review, year, scope)
    out.skipped += skipped
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        _check_open(locked)
        seen: set[tuple[int | None, int | None, str]] = set(
            locked.proposals.values_list("person_id", "collective_id", "award_code"))
        position = locked.proposals.aggregate(m=Max("position"))["m"] or 0
        made: list[Collective] = []
        wanted: list[tuple[Unit, str, str, Person | None, Collective | None, str]] = []
        for unit, code, reason in cluster_rows:
            unit_coll, created = _unit_collective(unit)
            if created:
                made.append(unit_coll)
            wanted.append((unit, code, reason, None, unit_coll, ProposalSource.CLUSTER))
        for unit, code, reason, person, item_coll in reg_rows:
            if person is None and item_coll is None:
                item_coll, created = _unit_collective(unit)
                if created:
                    made.append(item_coll)
            wanted.append((unit, code, reason, person, item_coll, ProposalSource.REGISTRATION))
        for unit, code, reason, person, coll, source in wanted:
            key = (person.pk if person else None, coll.pk if coll else None, code)
            if key in seen:
                continue
            seen.add(key)
            position += 1
            out.added.append(Proposal(review=locked, position=position, unit=unit, person=person, collective=coll,
                                      award_code=code, reason=reason, source=source))
        _verdicts(out.added, year)
        out.added = Proposal.objects.bulk_create(out.added)
        if not all(p.pk for p in out.added):  # a backend without RETURNING: read them back
            out.added = list(locked.proposals.filter(position__gt=position - len(out.added)).order_by("position"))
        audit.record_many(actor=by, changes=[
            *[audit.Change("movements.proposal_add", "movements.proposal", str(p.pk), None, _snapshot(p))
              for p in out.added],
            *[audit.Change("org.collective_create", "org.collective", str(c.pk), None,
                           audit.snapshot(c, ["name", "unit_id", "represents_unit_id"])) for c in made],
        ])
    return out


# ---------------------------------------------------------------- editing the list

def _add_errors(movement: Movement, unit: Unit, award_code: str, reason: str, person: Person | None,
                collective: Collective | None) -> list[str]:
    errors: list[str] = []
    subject = person or collective
    if (person is None) == (collective is None):
        errors.append("Đối tượng: chọn đúng một cá nhân hoặc một tập thể.")
    if award_code not in award_catalog.award_codes():
        errors.append(f"Hình thức «{award_code}»: không có trong danh mục thi đua, khen thưởng.")
    elif not _usable(award_code):
        errors.append(f"Hình thức «{award_catalog.award_info(award_code).name}»: chỉ xét khen thưởng thường xuyên, "
                      f"không đề nghị khi tổng kết phong trào.")
    elif subject is not None:
        info = award_catalog.award_info(award_code)
        if info.subjects and ("individual" if person else "collective") not in info.subjects:
            errors.append(f"Hình thức «{info.name}»: không tặng cho {'cá nhân' if person else 'tập thể'}.")
    if not reason.strip():
        errors.append("Thành tích, lý do đề nghị: không được để trống.")
    if subject is not None and (subject.unit is None or not subject.unit.path.startswith(unit.path)):
        errors.append(f"Đối tượng «{subject}» không thuộc đơn vị trình «{unit.name}».")
    if not _in_scope(unit, list(movement.units.values_list("path", flat=True))):
        errors.append(f"Đơn vị trình «{unit.name}» không thuộc phạm vi tham gia phong trào.")
    return errors


def add(*, review: Review, by: Any, unit: Unit, award_code: str, reason: str, person: Person | None = None,
        collective: Collective | None = None, whole_unit: bool = False) -> Proposal:
    """One row by hand; ``whole_unit`` proposes the proposing unit itself as a collective."""
    require_manage(by, review.movement, WHAT)
    with transaction.atomic():  # a refusal also undoes the unit's collective made for the row
        made: Collective | None = None
        if whole_unit and person is None and collective is None:
            collective, created = _unit_collective(unit)
            made = collective if created else None
        errors = _add_errors(review.movement, unit, award_code, reason, person, collective)
        if errors:
            raise MovementError(errors)
        locked = Review.objects.select_for_update().get(pk=review.pk)
        _check_open(locked)
        if locked.proposals.filter(person=person, collective=collective, award_code=award_code).exists():
            raise MovementError(f"«{person or collective}» đã có trong danh sách với đề nghị «{award_code}».")
        position = (locked.proposals.aggregate(m=Max("position"))["m"] or 0) + 1
        row = Proposal.objects.create(
            review=locked, position=position, unit=unit, person=person, collective=collective,
            award_code=award_code, reason=reason.strip(), source=ProposalSource.OFFICE,
            verdict=verdict_for(person, award_code, review_year(locked)) if person else {})
        audit.record(actor=by, action="movements.proposal_add", obj=row, after=_snapshot(row))
        if made is not None:
            audit.record(actor=by, action="org.collective_create", obj=made,
                         after=audit.snapshot(made, ["name", "unit_id", "represents_unit_id"]))
    return row


def remove(*, proposal: Proposal, by: Any) -> None:
    require_manage(by, proposal.review.movement, WHAT)
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=proposal.review_id)
        _check_open(locked)
        row = Proposal.objects.filter(pk=proposal.pk).first()
        if row is None:
            return  # removed already (a double click)
        audit.record(actor=by, action="movements.proposal_remove", obj=row, before=_snapshot(row))
        row.delete()


# ---------------------------------------------------------------- the dossiers

def rounds_for(movement: Movement) -> list[Round]:
    return [link.round for link in MovementRound.objects.filter(movement=movement)
            .select_related("round").order_by("-round__opens_on")]


def _row_label(i: int, p: Proposal) -> str:
    return f"Dòng {i} ({p.subject}, {p.award_code})"


def _errors(review: Review, rnd: Round, rows: list[Proposal], by: Any, today: dt.date) -> list[str]:
    errors: list[str] = []
    if not MovementRound.objects.filter(movement_id=review.movement_id, round=rnd).exists():
        errors.append(f"Đợt «{rnd.name}» không mở từ phong trào «{review.movement.name}».")
    errors += rounds.round_closed_errors(rnd, today)
    if not rows:
        errors.append("Danh sách đề xuất còn trống: thêm người, tập thể trước khi lập hồ sơ.")
    for i, p in enumerate(rows, start=1):
        errors += [f"{_row_label(i, p)}: {m}" for m in
                   dossiers.subject_errors(by, rnd, p.award_code, [p.person, p.collective, None])]
        if p.subject.unit is None or not p.subject.unit.path.startswith(p.unit.path):
            errors.append(f"{_row_label(i, p)}: không thuộc đơn vị trình «{p.unit.name}».")
    units = {p.unit_id: p.unit for p in rows}
    for unit in sorted(units.values(), key=lambda u: u.path):
        errors += [f"Đơn vị trình «{unit.name}»: {m}" for m in rounds.round_check_errors(rnd, unit, today)]
    return errors


def create_dossiers(*, review: Review, by: Any, round: Round) -> list[Dossier]:
    """One draft dossier per proposing unit, holding its rows; each unit then adds its documents and
    its head submits. All rows or none; once done, a repeat returns the same dossiers."""
    require_manage(by, review.movement, "lập hồ sơ đề nghị từ tổng kết phong trào")
    today = timezone.localdate()
    with transaction.atomic():
        locked = Review.objects.select_for_update().select_related("movement").get(pk=review.pk)
        if locked.dossiers_created_at is not None:
            return existing_dossiers(locked)
        if locked.kind != ReviewKind.FINAL:
            raise MovementError("Chỉ khi tổng kết phong trào mới lập hồ sơ đề nghị từ danh sách đề xuất.")
        rows = list(locked.proposals.select_related("unit", "person__unit", "collective__unit")
                    .order_by("position", "pk"))
        errors = _errors(locked, round, rows, by, today)
        if errors:
            raise MovementError(errors)
        by_unit: dict[int, list[Proposal]] = defaultdict(list)
        for p in rows:
            by_unit[p.unit_id].append(p)
        changes: list[audit.Change] = []
        dossiers: list[Dossier] = []
        for unit_rows in sorted(by_unit.values(), key=lambda r: _unit_order(r[0].unit)):
            unit = unit_rows[0].unit
            dossier = Dossier.objects.create(
                round=round, unit=unit, created_by=by,
                title=f"Đề nghị khen thưởng tổng kết phong trào «{locked.movement.name}»"[:255],
                note=f"Lập từ danh sách đề xuất khi tổng kết ngày {locked.held_on:%d/%m/%Y}.")
            nominees = Nominee.objects.bulk_create([
                Nominee(dossier=dossier, person=p.person, collective=p.collective, award_code=p.award_code,
                        achievement_summary=p.reason, position=i) for i, p in enumerate(unit_rows, start=1)])
            if not all(n.pk for n in nominees):
                nominees = list(dossier.nominees.order_by("position"))
            for p in unit_rows:
                p.dossier = dossier
            changes.append(audit.Change("nominations.dossier_create", "nominations.dossier", str(dossier.pk), None,
                                        {**audit.snapshot(dossier), "review": locked.pk}))
            changes += [audit.Change("nominations.nominee_add", "nominations.nominee", str(n.pk), None,
                                     audit.snapshot(n)) for n in nominees]
            dossiers.append(dossier)
        Proposal.objects.bulk_update(rows, ["dossier"])
        locked.round, locked.dossiers_created_at = round, timezone.now()
        locked.save(update_fields=["round", "dossiers_created_at"])
        changes.append(audit.Change("movements.review_dossiers", "movements.review", str(locked.pk), None,
                                    {"round": round.pk, "dossiers": [d.pk for d in dossiers],
                                     "rows": len(rows)}))
        audit.record_many(actor=by, changes=changes)
    review.round, review.dossiers_created_at = locked.round, locked.dossiers_created_at
    return dossiers


def _unit_order(unit: Unit) -> tuple[str, int]:
    """Dossiers are listed by their unit's name (then id): a stable order on every database. The tree
    path is no order between siblings (its numbers are not padded: «…/10/» sorts before «…/9/»)."""
    return (unit.name, unit.pk)


def existing_dossiers(review: Review) -> list[Dossier]:
    ids = set(review.proposals.exclude(dossier=None).values_list("dossier_id", flat=True))
    return sorted(Dossier.objects.filter(pk__in=ids).select_related("unit"), key=lambda d: _unit_order(d.unit))
