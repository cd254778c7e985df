"""Preparing, issuing and retracting award decisions. Issuing is the only path from a
dossier into the registry: one transaction takes the number, has the registry's writer
(``registry.services.record_awards``) write every award and moves the dossiers to «decided» — or,
on any failure, leaves nothing behind (number included). Retractions go through the registry's
one retractor (``registry.services.retract_awards``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts.permissions import PREPARE_ROLES, RETRACT_ROLES, SIGN_ROLES, require_role
from thidua.audit import services as audit
from thidua.core.files import PDF_ONLY, FileRefused, store_upload
from thidua.nominations.dossiers import mark_decided
from thidua.nominations.errors import WorkflowError
from thidua.nominations.models import Dossier
from thidua.nominations.workflow import State
from thidua.org.models import Position
from thidua.registry import catalog
from thidua.registry import services as registry
from thidua.registry.models import Award, AwardSource

from . import signals
from .models import Decision, DecisionCounter, DecisionItem, DecisionStatus


class DecisionError(WorkflowError):
    """The decision cannot be issued or retracted as asked; nothing was saved."""


def prepare_decision(*, dossiers: Iterable[Dossier], by: Any, decided_on: dt.date, subject: str,
                     signer: str = "") -> Decision:
    """A draft decision listing every nominee the council passed in dossiers awaiting signature."""
    require_role(by, PREPARE_ROLES, "lập dự thảo quyết định")
    chosen = list(Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).select_related("round"))
    if not chosen:
        raise DecisionError("Chọn ít nhất một hồ sơ để lập quyết định.")
    errors = [f"Hồ sơ «{d.title}» chưa ở bước chờ ký quyết định." for d in chosen
              if d.state != State.AWAITING_SIGNATURE]
    rounds = {d.round_id for d in chosen}
    if len(rounds) > 1:
        errors.append("Một quyết định chỉ gồm hồ sơ của cùng một đợt.")
    if errors:
        raise DecisionError(errors)
    rnd = chosen[0].round
    with transaction.atomic():
        decision = Decision.objects.create(issuer=rnd.issuer, issuer_name=rnd.authority, year=decided_on.year,
                                           decided_on=decided_on, signer=signer, subject=subject, round=rnd,
                                           created_by=by)
        decision.dossiers.set(chosen)
        items: list[DecisionItem] = []
        for d in chosen:
            for n in d.nominees.filter(council_passed=True).order_by("position", "pk"):
                items.append(DecisionItem(decision=decision, nominee=n, person_id=n.person_id,
                                          collective_id=n.collective_id, household_id=n.household_id,
                                          award_code=n.award_code, year=rnd.year, kind=rnd.kind,
                                          position=len(items) + 1))
        if not items:
            raise DecisionError("Các hồ sơ đã chọn không có ai được Hội đồng thông qua.")
        DecisionItem.objects.bulk_create(items)
        audit.record(actor=by, action="decisions.prepare", obj=decision,
                     after={**audit.snapshot(decision), "items": len(items)})
    return decision


def attach_signed_pdf(*, decision: Decision, by: Any, file: File[Any]) -> Decision:
    require_role(by, PREPARE_ROLES | SIGN_ROLES, "tải lên bản ký quyết định")
    with transaction.atomic():
        try:
            store_upload(decision.signed_pdf, file, allowed=PDF_ONLY, what="Bản ký số", save=True)
        except FileRefused as exc:
            raise DecisionError(str(exc)) from exc
        audit.record(actor=by, action="decisions.signed_pdf", obj=decision,
                     after=audit.snapshot(decision, ["signed_pdf"]))
    return decision


def _next_number(issuer: str, year: int) -> int:
    DecisionCounter.objects.get_or_create(issuer=issuer, year=year)
    counter = DecisionCounter.objects.select_for_update().get(issuer=issuer, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _subject_kind(item: DecisionItem) -> str:
    return "individual" if item.person_id else "collective" if item.collective_id else "household"


def _build_awards(decision: Decision, items: list[DecisionItem]) -> list[registry.AwardEntry]:
    person_ids = [i.person_id for i in items if i.person_id]
    titles = dict(Position.objects.filter(person_id__in=person_ids, valid_to__isnull=True)
                  .order_by("valid_from").values_list("person_id", "title"))
    movement = decision.round.movement if decision.round else ""
    awards: list[registry.AwardEntry] = []
    errors: list[str] = []
    for line, item in enumerate(items, start=1):
        try:
            info = catalog.award_info(item.award_code)
            amount = catalog.prize_amount(item.award_code, _subject_kind(item), decision.decided_on)
        except catalog.CatalogError as exc:
            errors.append(f"Dòng {line}: {exc}")
            continue
        person, coll, home = item.person, item.collective, item.household
        subject = person or coll or home
        unit = getattr(subject, "unit", None) or (item.nominee.dossier.unit if item.nominee else None)
        if subject is None or unit is None:
            errors.append(f"Dòng {line}: thiếu đối tượng hoặc đơn vị được khen.")
            continue
        awards.append(registry.AwardEntry(
            person=person, collective=coll, household=home, code=item.award_code, year=item.year,
            kind=item.kind, level=info.level, decision_number=decision.label, decision_date=decision.decided_on,
            issuer=decision.issuer_name, amount_vnd=amount, unit=unit,
            subject_name=str(subject), subject_title=titles.get(person.pk, "") if person else "",
            is_direct_worker=bool(person and person.is_direct_worker),
            is_posthumous=bool(person and person.is_deceased), movement=movement,
        ))
    if errors:
        raise DecisionError(errors)
    return awards


def issue_decision(*, decision: Decision, by: Any) -> Decision:
    """Number the decision, write its awards into the registry, close its dossiers — all or nothing."""
    require_role(by, SIGN_ROLES, "ký ban hành quyết định")
    try:
        with transaction.atomic():
            locked = Decision.objects.select_for_update().get(pk=decision.pk)
            if locked.status == DecisionStatus.ISSUED:
                return _refresh(decision, locked)  # a double click or a retry: already done
            if locked.status != DecisionStatus.DRAFT:
                raise DecisionError("Quyết định đã bị hủy bỏ, không ban hành được.")
            items = list(locked.items.select_related("person", "collective__unit", "household__unit",
                                                     "person__unit", "nominee__dossier__unit"))
            if not items:
                raise DecisionError("Quyết định chưa có danh sách khen thưởng.")
            locked.number = _next_number(locked.issuer, locked.year)
            locked.status, locked.issued_at = DecisionStatus.ISSUED, timezone.now()
            locked.save()
            new_awards = _build_awards(locked, items)
            audit.record(actor=by, action="decisions.issue", obj=locked,
                         after={**audit.snapshot(locked), "label": locked.label, "awards": len(new_awards)})
            try:
                awards = registry.record_awards(by=by, awards=new_awards, source=AwardSource.DECISION)
            except ValidationError as exc:
                raise DecisionError([f"Không ban hành được quyết định: {m} Không có dòng nào được ghi vào sổ "
                                     "khen thưởng." for m in exc.messages]) from exc
            for item, award in zip(items, awards, strict=True):
                item.award = award
            DecisionItem.objects.bulk_update(items, ["award"])
            for dossier in locked.dossiers.filter(state=State.AWAITING_SIGNATURE):
                mark_decided(dossier=dossier, by=by, decision_number=locked.label)
            # Certificates' QR codes are made in the background once the awards are committed (documents listens).
            decision_id = locked.pk
            transaction.on_commit(lambda: signals.decision_issued.send(sender=Decision, decision_id=decision_id))
    except IntegrityError as exc:
        raise DecisionError(f"Không ban hành được quyết định: dữ liệu khen thưởng vi phạm ràng buộc ({exc}). "
                            "Không có dòng nào được ghi vào sổ khen thưởng.") from exc
    return _refresh(decision, locked)


def _refresh(target: Decision, source: Decision) -> Decision:
    for f in Decision._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    return target


def _retract(awards: Any, by: Any, reason: str, *, refuse_retracted: bool) -> registry.Retraction:
    """The registry's one retractor, its refusals as this app's errors."""
    try:
        return registry.retract_awards(by=by, awards=awards, reason=reason, refuse_retracted=refuse_retracted)
    except ValidationError as exc:
        raise DecisionError(exc.messages) from exc


def retract_award(*, award: Award, by: Any, reason: str) -> list[Award]:
    """Retract one award with its reason; returns the later awards now flagged for review."""
    require_role(by, RETRACT_ROLES, "thu hồi, hủy bỏ khen thưởng")
    with transaction.atomic():
        done = _retract([award], by, reason, refuse_retracted=True)
        award.refresh_from_db(fields=["status", "retraction_reason"])
    return done.flagged


def retract_decision(*, decision: Decision, by: Any, reason: str) -> list[Award]:
    """Cancel a whole decision: every award it granted is retracted; dependants are flagged."""
    require_role(by, RETRACT_ROLES, "hủy bỏ quyết định khen thưởng")
    if not reason.strip():
        raise DecisionError("Phải ghi lý do hủy bỏ quyết định.")
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.status == DecisionStatus.RETRACTED and locked.retraction_reason == reason:
            return []
        if locked.status != DecisionStatus.ISSUED:
            raise DecisionError("Chỉ hủy bỏ được quyết định đã ban hành.")
        done = _retract(Award.objects.filter(decision_item__decision=locked), by, reason, refuse_retracted=False)
        before = audit.snapshot(locked, ["status", "retraction_reason"])
        locked.status, locked.retraction_reason = DecisionStatus.RETRACTED, reason
        locked.save(update_fields=["status", "retraction_reason"])
        audit.record(actor=by, action="decisions.retract", obj=locked, before=before,
                     after=audit.snapshot(locked, ["status", "retraction_reason"]))
    _refresh(decision, locked)
    # The decision's own awards are retracted together, never "under review" because of each other.
    return done.flagged
