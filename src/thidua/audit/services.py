"""Writing and verifying the audit chain.

hash = sha256(prev_hash | seq-independent canonical JSON of the event). The genesis
``prev_hash`` is 64 zeros. The chain head row is locked (SELECT … FOR UPDATE on
PostgreSQL; SQLite serialises writers) so two writers never share a predecessor.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from thidua.core.bulk import insert_returning_ids

from .models import AuditEvent, ChainHead

GENESIS = "0" * 64


def _default(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


def canonical(data: object) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)


def jsonable(data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if data is None else json.loads(canonical(data))


def compute_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + "|" + canonical(payload)).encode("utf-8")).hexdigest()


def _payload_text(event: AuditEvent, before_text: str, after_text: str) -> str:
    """``canonical(_payload(event))`` built from the already-serialised before/after.

    Keys in sorted order, the same separators: the text is identical, without serialising
    the (possibly large) before/after a second time. `verify` recomputes it the slow way.
    """
    d = canonical
    return (
        f'{{"action":{d(event.action)},"actor":{d(event.actor)},"actor_id":{d(event.actor_id)},'
        f'"after":{after_text},"at":{d(event.at.isoformat())},"before":{before_text},'
        f'"object_id":{d(event.object_id)},"object_type":{d(event.object_type)}}}'
    )


def _payload(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "before": event.before,
        "after": event.after,
    }


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Plain field values of a model row (foreign keys by id) for before/after."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return jsonable({name: getattr(obj, name) for name in names}) or {}


# ---- action names: events keep the name they were written with; apps declare later renames ----------
_RENAMED: dict[str, str] = {}


def declare_renamed_actions(former: Mapping[str, str]) -> None:
    """An app declares the names its events were once written under (former name → current name).
    Events are never rewritten: readers of the log map old names with ``current_action``."""
    _RENAMED.update(former)


def current_action(action: str) -> str:
    """The name an event's action has today (itself unless an app renamed it)."""
    return _RENAMED.get(action, action)


def action_names(action: str) -> list[str]:
    """The action and every former name of it, for filtering the log."""
    return [action, *sorted(old for old, new in _RENAMED.items() if new == action)]


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, "hệ thống"
    if isinstance(actor, str):
        return None, actor
    return getattr(actor, "pk", None), getattr(actor, "username", str(actor))


@dataclass(frozen=True)
class Change:
    action: str
    object_type: str
    object_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Call inside the use case's transaction."""
    otype = object_type or (obj._meta.label_lower if obj is not None else "")
    oid = object_id or (str(obj.pk) if obj is not None else "")
    return record_many(actor=actor, changes=[Change(action, otype, oid, before, after)])[0]


def record_many(*, actor: Any, changes: Iterable[Change]) -> list[AuditEvent]:
    """Append many events in one chain extension (bulk imports).

    Rows are written by `core.bulk` (multi-row INSERT … RETURNING, COPY on PostgreSQL) from the
    JSON already serialised for the hash (bulk_create would serialise every before/after again).
    """
    actor_id, actor_name = _actor_fields(actor)
    now = timezone.now()
    with transaction.atomic():
        head = _locked_head()
        prev = head.last_hash
        events: list[AuditEvent] = []
        rows: list[dict[str, Any]] = []
        for change in changes:
            before_text = canonical(change.before)
            after_text = canonical(change.after)
            event = AuditEvent(
                at=now, actor_id=actor_id, actor=actor_name, action=change.action,
                object_type=change.object_type, object_id=change.object_id,
                before=change.before, after=change.after, prev_hash=prev,
            )
            text = _payload_text(event, before_text, after_text)
            event.hash = hashlib.sha256((prev + "|" + text).encode("utf-8")).hexdigest()
            prev = event.hash
            events.append(event)
            rows.append({"at": now, "actor_id": actor_id, "actor": actor_name, "action": event.action,
                         "object_type": event.object_type, "object_id": event.object_id,
                         "before": None if change.before is None else before_text,
                         "after": None if change.after is None else after_text,
                         "prev_hash": event.prev_hash, "hash": event.hash})
        if not events:
            return []
        seqs = insert_returning_ids(AuditEvent, rows)
        for event, seq in zip(events, seqs, strict=True):
            event.seq = seq
            event._state.adding = False
        ChainHead.objects.filter(pk=1).update(last_hash=prev, last_seq=head.last_seq + len(events))
        return events


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        ChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS, "last_seq": 0})
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    message: str = ""


def _iter_events(batch: int = 5000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].seq


def verify() -> VerifyResult:
    """Walk the chain; name the first broken link."""
    prev = GENESIS
    count = 0
    last_seq = 0
    for event in _iter_events():
        if event.prev_hash != prev:
            return VerifyResult(False, count, event.seq,
                                f"Sự kiện #{event.seq}: mắt xích trước không khớp (thiếu hoặc chèn sự kiện).")
        expected = compute_hash(prev, _payload(event))
        if expected != event.hash:
            return VerifyResult(False, count, event.seq,
                                f"Sự kiện #{event.seq}: nội dung đã bị sửa (mã băm không khớp).")
        prev = event.hash
        last_seq = event.seq
        count += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is None and count:
        return VerifyResult(False, count, None,
                            f"Thiếu đầu chuỗi nhật ký (bản ghi đầu chuỗi đã bị xoá) sau {count} sự kiện: "
                            "có thể các sự kiện cuối cũng đã bị xoá; đối chiếu với điểm kiểm đã ký.")
    if head is not None and head.last_hash != prev:
        missing = head.last_seq - count
        return VerifyResult(
            False, count, last_seq + 1,
            f"Sự kiện cuối chuỗi đã bị xoá: thiếu {missing} sự kiện sau sự kiện #{last_seq} "
            "(đầu chuỗi không khớp).",
        )
    return VerifyResult(True, count, None, f"Chuỗi nhật ký toàn vẹn: {count} sự kiện.")


def history_of(obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
