"""The audit log is append-only and hash-chained: tampering is refused or detected."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import trigger_disabled
from thidua.audit.models import AppendOnlyError, AuditEvent
from thidua.audit.services import GENESIS, record, verify
from thidua.cli import main as cli_main


def _events(n: int) -> list[AuditEvent]:
    return [record(actor="kiểm thử", action="test.write", object_type="test", object_id=str(i),
                   before=None, after={"i": i, "tên": "Nông Lương Chấn"}) for i in range(n)]


@pytest.mark.django_db
def test_clean_chain_verifies_and_links_from_genesis() -> None:
    events = _events(5)
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    result = verify()
    assert result.ok and result.checked == 5 and "5 sự kiện" in result.message


@pytest.mark.django_db
def test_raw_sql_tampering_is_detected_naming_first_broken_seq() -> None:
    events = _events(6)
    target = events[2]
    with trigger_disabled(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET actor = %s WHERE seq = %s", ["kẻ gian", target.seq])
    result = verify()
    assert not result.ok and result.broken_seq == target.seq
    assert f"#{target.seq}" in result.message and "bị sửa" in result.message


@pytest.mark.django_db
def test_deleting_middle_or_last_event_is_detected() -> None:
    events = _events(4)
    with trigger_disabled(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq = %s", [events[-1].seq])
    result = verify()
    assert not result.ok and "cuối chuỗi đã bị xoá" in result.message and "thiếu 1 sự kiện" in result.message
    with trigger_disabled(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq = %s", [events[1].seq])
    result = verify()
    assert not result.ok and result.broken_seq == events[2].seq and "mắt xích" in result.message


@pytest.mark.django_db
def test_orm_and_database_refuse_edits() -> None:
    event = _events(1)[0]
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(actor="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET actor = 'x' WHERE seq = %s", [event.seq])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM audit_auditevent WHERE seq = %s", [event.seq])
    assert verify().ok


@pytest.mark.django_db
def test_cli_audit_verify_exit_code(capsys: Any) -> None:
    _events(2)
    assert cli_main(["audit", "verify"]) == 0
    assert "toàn vẹn" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_linear_chain() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL.")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        from django.db import connections

        try:
            for i in range(15):
                with transaction.atomic():
                    record(actor=f"luồng {n}", action="test.concurrent", object_type="test",
                           object_id=f"{n}-{i}", after={"n": n, "i": i})
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = verify()
    assert result.ok and result.checked == 90
    prevs = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(set(prevs)) == 90  # no two events share a predecessor: no fork


def test_fast_payload_text_is_the_canonical_payload() -> None:
    import datetime as dt

    from thidua.audit.models import AuditEvent
    from thidua.audit.services import _payload, _payload_text, canonical

    before = {"z": 1, "a": ["Nông Lương Chấn", {"y": None, "b": 2.5}], "d": "2025-01-01"}
    event = AuditEvent(at=dt.datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC), actor_id=None, actor="hệ thống",
                       action="award.import", object_type="registry.award", object_id="7",
                       before=before, after=None)
    assert _payload_text(event, canonical(before), canonical(None)) == canonical(_payload(event))
