"""Signed checkpoints of the audit chain, kept outside the database (finding M3).

The chain alone cannot see its own tail disappear: TRUNCATE, or deleting the chain head together
with the last events, leaves a shorter chain that still links from genesis. A checkpoint written
daily by ``thidua audit checkpoint`` records the event count, the last sequence number and hash
and the time, signed with HMAC-SHA256 under a key read from a file (``THIDUA_AUDIT_KEY_FILE``)
that never enters the database. ``thidua audit verify`` compares the chain with the latest
checkpoint: fewer events, a different hash at the checkpointed position or a missing chain head
all fail. Someone who can rewrite the database but not read the key file cannot forge a new
checkpoint, and re-forging the tail (recomputing every hash) changes the checkpointed hash.

The file is JSON lines, one checkpoint a line, appended (never rewritten).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import AuditEvent, ChainHead
from .services import VerifyResult, verify

MIN_KEY_BYTES = 32
FIELDS = ("count", "last_seq", "last_hash", "at")


class CheckpointError(RuntimeError):
    """A checkpoint cannot be written or trusted; the message is for the operator (Vietnamese)."""


@dataclass(frozen=True)
class Checkpoint:
    count: int
    last_seq: int
    last_hash: str
    at: str

    def signed_text(self) -> bytes:
        body = {"count": self.count, "last_seq": self.last_seq, "last_hash": self.last_hash, "at": self.at}
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def mac(self, key: bytes) -> str:
        return hmac.new(key, self.signed_text(), hashlib.sha256).hexdigest()


def key_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    value = explicit or getattr(settings, "THIDUA_AUDIT_KEY_FILE", "")
    return Path(value) if value else None


def checkpoint_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    value = explicit or getattr(settings, "THIDUA_AUDIT_CHECKPOINT_FILE", "")
    return Path(value) if value else None


def load_key(path: Path | None) -> bytes:
    if path is None:
        raise CheckpointError("Chưa cấu hình khoá ký điểm kiểm: đặt THIDUA_AUDIT_KEY_FILE là đường dẫn "
                              "tới tệp khoá (ngoài cơ sở dữ liệu).")
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise CheckpointError(f"Không đọc được tệp khoá ký điểm kiểm {path}: {exc.strerror}.") from None
    if len(key) < MIN_KEY_BYTES:
        raise CheckpointError(f"Tệp khoá {path} quá ngắn: cần ít nhất {MIN_KEY_BYTES} byte ngẫu nhiên "
                              "(tạo bằng: head -c 48 /dev/urandom | base64 > tệp-khoá).")
    return key


def _chain_state() -> Checkpoint:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    count = AuditEvent.objects.count()
    seq, digest = last if last else (0, "0" * 64)
    return Checkpoint(count=count, last_seq=int(seq), last_hash=str(digest),
                      at=timezone.now().isoformat(timespec="seconds"))


def read_checkpoints(path: Path, key: bytes) -> list[Checkpoint]:
    """All checkpoints of the file, each signature checked; a bad one refuses the whole file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise CheckpointError(f"Không đọc được tệp điểm kiểm {path}: {exc.strerror}.") from None
    out: list[Checkpoint] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            cp = Checkpoint(count=int(data["count"]), last_seq=int(data["last_seq"]),
                            last_hash=str(data["last_hash"]), at=str(data["at"]))
            mac = str(data["mac"])
        except (ValueError, KeyError, TypeError):
            raise CheckpointError(f"Tệp điểm kiểm {path}, dòng {number}: không đúng định dạng; "
                                  "không tin cậy điểm kiểm này.") from None
        if not hmac.compare_digest(mac, cp.mac(key)):
            raise CheckpointError(f"Tệp điểm kiểm {path}, dòng {number}: chữ ký không hợp lệ (điểm kiểm "
                                  "bị giả mạo hoặc ký bằng khoá khác); từ chối điểm kiểm này.")
        out.append(cp)
    return out


def write_checkpoint(*, path: Path | None = None, key_file: Path | None = None) -> Checkpoint:
    """Verify the chain (and against the last checkpoint), then append a signed checkpoint."""
    target = checkpoint_path(path)
    if target is None:
        raise CheckpointError("Chưa cấu hình tệp điểm kiểm: đặt THIDUA_AUDIT_CHECKPOINT_FILE "
                              "hoặc dùng --file.")
    key = load_key(key_path(key_file))
    result = verify_with_checkpoint(path=target, key_file=key_path(key_file), require=False)
    if not result.ok:
        raise CheckpointError("Không ghi điểm kiểm mới vì nhật ký không toàn vẹn: " + result.message)
    cp = _chain_state()
    line = json.dumps({"count": cp.count, "last_seq": cp.last_seq, "last_hash": cp.last_hash,
                       "at": cp.at, "mac": cp.mac(key)}, sort_keys=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return cp


def compare(cp: Checkpoint) -> str | None:
    """Why the chain in the database does not reach the checkpoint (None: it does)."""
    count = AuditEvent.objects.count()
    if count < cp.count:
        return (f"Nhật ký có {count} sự kiện, ít hơn {cp.count} sự kiện đã ghi ở điểm kiểm lúc {cp.at}: "
                "sự kiện đã bị xoá (có thể bảng bị TRUNCATE hoặc đuôi chuỗi bị cắt).")
    if cp.count == 0:
        return None
    digest = AuditEvent.objects.filter(seq=cp.last_seq).values_list("hash", flat=True).first()
    if digest is None:
        return (f"Sự kiện #{cp.last_seq} đã ghi ở điểm kiểm lúc {cp.at} không còn trong nhật ký: "
                "sự kiện đã bị xoá.")
    if digest != cp.last_hash:
        return (f"Mã băm của sự kiện #{cp.last_seq} khác với điểm kiểm lúc {cp.at}: phần chuỗi đến "
                "điểm kiểm đã bị viết lại (tính lại mã băm).")
    if not ChainHead.objects.filter(pk=1).exists():
        return "Thiếu đầu chuỗi nhật ký (bản ghi đầu chuỗi đã bị xoá)."
    return None


def verify_with_checkpoint(*, path: Path | None = None, key_file: Path | None = None,
                           require: bool = True) -> VerifyResult:
    """`verify` plus the comparison with the latest signed checkpoint, when one is configured.

    ``require``: a configured checkpoint file that does not exist yet is a failure (someone may
    have removed it); `write_checkpoint` passes False for the very first checkpoint.
    """
    result = verify()
    target = checkpoint_path(path)
    if target is None:
        return result
    try:
        key = load_key(key_path(key_file))
        checkpoints = read_checkpoints(target, key)
    except CheckpointError as exc:
        return _fail(result, None, str(exc))
    if not checkpoints:
        if require:
            return _fail(result, None, f"Chưa có điểm kiểm nào trong {target}: chạy «thidua audit checkpoint» "
                                       "(hằng ngày, cron) rồi kiểm tra lại.")
        return result
    latest = checkpoints[-1]
    problem = compare(latest)
    if problem is not None:
        return _fail(result, latest.last_seq, problem)
    if not result.ok:
        return result
    return VerifyResult(True, result.checked, None,
                        result.message + f" Khớp điểm kiểm đã ký lúc {latest.at} ({latest.count} sự kiện).")


def _fail(chain: VerifyResult, seq: int | None, problem: str) -> VerifyResult:
    """Both findings, the chain's first: an operator sees everything that is wrong at once."""
    if chain.ok:
        return VerifyResult(False, chain.checked, seq, problem)
    return VerifyResult(False, chain.checked, chain.broken_seq or seq, chain.message + " " + problem)
