"""Signed checkpoints outside the database detect truncation and a re-forged tail (finding M3)."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.factories import trigger_disabled
from thidua.audit.checkpoint import verify_with_checkpoint, write_checkpoint
from thidua.audit.models import AuditEvent
from thidua.audit.services import _payload, compute_hash, record, verify
from thidua.cli import main as cli_main


def _events(n: int) -> list[AuditEvent]:
    return [record(actor="kiểm thử", action="test.write", object_type="test", object_id=str(i),
                   after={"i": i}) for i in range(n)]


@pytest.fixture
def files(tmp_path: Path, settings: Any) -> tuple[Path, Path]:
    key = tmp_path / "secrets" / "audit.key"
    key.parent.mkdir()
    key.write_text(secrets.token_urlsafe(48))
    log = tmp_path / "checkpoints" / "audit-checkpoints.jsonl"
    settings.THIDUA_AUDIT_KEY_FILE = str(key)
    settings.THIDUA_AUDIT_CHECKPOINT_FILE = str(log)
    return key, log


def _checkpoint_and_verify(capsys: Any) -> None:
    assert cli_main(["audit", "checkpoint"]) == 0
    assert "Đã ghi điểm kiểm" in capsys.readouterr().out
    assert cli_main(["audit", "verify"]) == 0
    assert "Khớp điểm kiểm" in capsys.readouterr().out


@pytest.mark.django_db
def test_checkpoint_is_appended_signed_and_verified(files: tuple[Path, Path], capsys: Any) -> None:
    _, log = files
    _events(3)
    _checkpoint_and_verify(capsys)
    _events(2)
    _checkpoint_and_verify(capsys)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [cp["count"] for cp in lines] == [3, 5]
    assert all(len(cp["mac"]) == 64 for cp in lines)
    assert "key" not in log.read_text()  # the key itself is never written anywhere


@pytest.mark.django_db
def test_truncated_audit_tables_fail_against_checkpoint(files: tuple[Path, Path], capsys: Any) -> None:
    _events(4)
    _checkpoint_and_verify(capsys)
    with trigger_disabled(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("TRUNCATE audit_auditevent, audit_chainhead")
        else:  # SQLite has no TRUNCATE: an unqualified DELETE is its equivalent
            cur.execute("DELETE FROM audit_auditevent")
            cur.execute("DELETE FROM audit_chainhead")
    assert verify().ok  # the chain alone cannot see that it was emptied …
    assert cli_main(["audit", "verify"]) == 1  # … the checkpoint can
    out = capsys.readouterr().out
    assert "0 sự kiện, ít hơn 4 sự kiện" in out and "TRUNCATE" in out


@pytest.mark.django_db
def test_deleting_chain_head_and_last_events_fails(files: tuple[Path, Path], capsys: Any) -> None:
    events = _events(6)
    _checkpoint_and_verify(capsys)
    with trigger_disabled(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq >= %s", [events[3].seq])
        cur.execute("DELETE FROM audit_chainhead")
    result = verify()
    assert not result.ok and "Thiếu đầu chuỗi" in result.message  # a missing head fails even alone
    assert cli_main(["audit", "verify"]) == 1
    assert "ít hơn 6 sự kiện" in capsys.readouterr().out


@pytest.mark.django_db
def test_reforged_tail_fails_against_checkpoint(files: tuple[Path, Path], capsys: Any) -> None:
    events = _events(5)
    _checkpoint_and_verify(capsys)
    # An attacker edits event 3 and recomputes every hash after it, and the head: the chain is
    # consistent again, but the hash at the checkpointed position differs.
    with trigger_disabled(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET actor = %s WHERE seq = %s", ["kẻ gian", events[2].seq])
        prev = events[1].hash
        for event in AuditEvent.objects.filter(seq__gte=events[2].seq).order_by("seq"):
            digest = compute_hash(prev, _payload(event))
            cur.execute("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s",
                        [prev, digest, event.seq])
            prev = digest
        cur.execute("UPDATE audit_chainhead SET last_hash = %s", [prev])
    assert verify().ok
    assert cli_main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"sự kiện #{events[-1].seq} khác với điểm kiểm" in out and "viết lại" in out


@pytest.mark.django_db
def test_forged_checkpoint_is_refused(files: tuple[Path, Path], capsys: Any) -> None:
    _, log = files
    _events(5)
    _checkpoint_and_verify(capsys)
    # The attacker truncates the tail and writes a matching checkpoint, without the key.
    cp = json.loads(log.read_text().splitlines()[-1])
    cp.update(count=2, mac="0" * 64)
    with log.open("a") as fh:
        fh.write(json.dumps(cp) + "\n")
    assert cli_main(["audit", "verify"]) == 1
    assert "chữ ký không hợp lệ" in capsys.readouterr().out
    # Signed with another key: refused as well, and no new checkpoint is written over a bad file.
    other = log.parent / "other.key"
    other.write_text(secrets.token_urlsafe(48))
    assert not verify_with_checkpoint(key_file=other).ok
    assert cli_main(["audit", "checkpoint"]) == 1
    assert "không toàn vẹn" in capsys.readouterr().err


@pytest.mark.django_db
def test_missing_or_short_key_and_missing_checkpoint_file(files: tuple[Path, Path], settings: Any,
                                                          capsys: Any) -> None:
    key, log = files
    _events(1)
    assert cli_main(["audit", "verify"]) == 1  # configured, but no checkpoint yet
    assert "Chưa có điểm kiểm nào" in capsys.readouterr().out
    key.write_text("ngắn")
    assert cli_main(["audit", "checkpoint"]) == 1
    assert "quá ngắn" in capsys.readouterr().err
    settings.THIDUA_AUDIT_KEY_FILE = ""
    with pytest.raises(Exception, match="THIDUA_AUDIT_KEY_FILE"):
        write_checkpoint()
    assert not log.exists()
