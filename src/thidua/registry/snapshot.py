"""Person bitsets of the whole province, kept exact by replaying ``FactChange``.

Bit ``i`` of every bitset is the person whose id is ``i``. The snapshot holds, for every year,
the people with each rating, with a justified absence, holding each award (valid only), with
≥ 1, 2, 3 initiatives of at least each scope, and the people alive (not merged away).

Reading it (`current()`) replays the changes appended by the database triggers since the
snapshot was saved: the people concerned are reloaded (a handful of indexed queries) and their
bits replaced. A province of 200,000 people is then one row of a few megabytes instead of
four million registry rows per question. When more than `REBUILD_SHARE` of the people changed
(a bulk import, the demo), the snapshot is rebuilt from the registry with grouped queries.
"""

from __future__ import annotations

import json
import struct
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from thidua.org.models import Person, Unit, UnitKind
from thidua.rules.batch import NON_CORE_KINDS
from thidua.rules.model import SCOPE_RANK, SCOPES

from .models import Award, AwardStatus, FactChange, FactSnapshot, Initiative, YearRecord

INITIATIVE_LAYERS = 3
REBUILD_SHARE = 0.2

Key = tuple[str, ...]


@dataclass
class Facts:
    """key -> person bitset. Keys: ("alive",), ("r", rating, year), ("j", year),
    ("a", code, year), ("i", scope, year, layer)."""

    size: int
    bits: dict[Key, int] = field(default_factory=dict)
    version: int = 0

    def get(self, *key: str) -> int:
        return self.bits.get(tuple(key), 0)

    def years(self, kind: str) -> list[int]:
        pos = {"r": 2, "j": 1, "a": 2, "i": 2}[kind]
        return sorted({int(k[pos]) for k in self.bits if k[0] == kind})


# ---------------------------------------------------------------- (de)serialisation


def dumps(facts: Facts) -> bytes:
    keys = sorted(facts.bits)
    blobs = [facts.bits[k].to_bytes((facts.bits[k].bit_length() + 7) // 8, "little") for k in keys]
    header = json.dumps([[list(k), len(b)] for k, b in zip(keys, blobs, strict=True)]).encode()
    return struct.pack("<I", len(header)) + header + b"".join(blobs)


def loads(data: bytes, size: int, version: int) -> Facts:
    (hlen,) = struct.unpack_from("<I", data, 0)
    header = json.loads(data[4:4 + hlen])
    pos = 4 + hlen
    bits: dict[Key, int] = {}
    for key, length in header:
        bits[tuple(key)] = int.from_bytes(data[pos:pos + length], "little")
        pos += length
    return Facts(size, bits, version)


# ---------------------------------------------------------------- building from the registry


def bits_of(ids: np.ndarray | Iterable[int]) -> int:
    """The person bitset with the bits of `ids` set."""
    arr = ids if isinstance(ids, np.ndarray) else np.fromiter(ids, dtype=np.int64)
    if not len(arr):
        return 0
    flags = np.zeros(int(arr.max()) + 1, dtype=np.uint8)
    flags[arr] = 1
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def _fetch(sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
    with connection.cursor() as cur:
        cur.execute(sql, list(params))  # type: ignore[arg-type]
        return list(cur.fetchall())


def _grouped(sql_keys: str, table: str, where: str, params: Sequence[object],
             only: Sequence[int] | None) -> Iterable[tuple[tuple[object, ...], np.ndarray]]:
    """Rows grouped by the database: one row per key with the person ids of that key."""
    agg = "array_agg(person_id)" if connection.vendor == "postgresql" else "group_concat(person_id)"
    restrict, extra = "", []
    if only is not None:
        restrict = f" AND person_id IN ({', '.join(['%s'] * len(only))})"
        extra = list(only)
    sql = f"SELECT {sql_keys}, {agg} FROM {table} WHERE person_id IS NOT NULL AND {where}{restrict} GROUP BY {sql_keys}"
    for row in _fetch(sql, [*params, *extra]):
        raw = row[-1]
        ids = np.array(raw.split(","), dtype=np.int64) if isinstance(raw, str) else np.asarray(raw, dtype=np.int64)
        yield tuple(row[:-1]), ids


def _collect(only: Sequence[int] | None) -> dict[Key, int]:
    """Bitsets for everyone (only=None) or for the given people only."""
    out: dict[Key, int] = {}
    person = Person._meta.db_table
    alive_sql = f"SELECT id FROM {person} WHERE merged_into_id IS NULL"
    params: list[object] = []
    if only is not None:
        alive_sql += f" AND id IN ({', '.join(['%s'] * len(only))})"
        params = list(only)
    alive = np.array([r[0] for r in _fetch(alive_sql, params)], dtype=np.int64)
    out[("alive",)] = bits_of(alive)
    for (year, rating), ids in _grouped("year, rating", YearRecord._meta.db_table, "1=1", [], only):
        out[("r", str(rating), str(year))] = bits_of(ids)
    for (year,), ids in _grouped("year", YearRecord._meta.db_table, "justified_absence", [], only):
        out[("j", str(year))] = bits_of(ids)
    for (code, year), ids in _grouped("code, year", Award._meta.db_table, "status = %s",
                                      [AwardStatus.VALID], only):
        out[("a", str(code), str(year))] = bits_of(ids)
    # ("x", code, year): people whose every valid award of that code and year is đột xuất or chuyên đề
    # (they do not ground a công trạng ladder, NĐ 152/2025 Điều 4 khoản 3).
    award, non_core = Award._meta.db_table, sorted(NON_CORE_KINDS)
    only_non_core = (f"status = %s AND kind IN (%s, %s) AND NOT EXISTS (SELECT 1 FROM {award} b WHERE "
                     f"b.person_id = {award}.person_id AND b.code = {award}.code AND b.year = {award}.year "
                     f"AND b.status = %s AND b.kind NOT IN (%s, %s))")
    for (code, year), ids in _grouped("code, year", award, only_non_core,
                                      [AwardStatus.VALID, *non_core, AwardStatus.VALID, *non_core], only):
        out[("x", str(code), str(year))] = bits_of(ids)
    # ("armed",): people of a unit of the armed forces or under one (Chiến sĩ tiên tiến, ...).
    unit = Unit._meta.db_table
    armed_sql = (f"SELECT p.id FROM {person} p JOIN {unit} u ON u.id = p.unit_id WHERE p.merged_into_id IS NULL "
                 f"AND EXISTS (SELECT 1 FROM {unit} a WHERE a.kind = %s AND u.path LIKE a.path || '%%')")
    armed_params: list[object] = [UnitKind.ARMED]
    if only is not None:
        armed_sql += f" AND p.id IN ({', '.join(['%s'] * len(only))})"
        armed_params += list(only)
    armed = np.array([r[0] for r in _fetch(armed_sql, armed_params)], dtype=np.int64)
    if len(armed):
        out[("armed",)] = bits_of(armed)
    # Initiatives are few: counted per person, year and scope in Python.
    ini_sql = f"SELECT person_id, year, scope FROM {Initiative._meta.db_table} WHERE 1=1"
    if only is not None:
        ini_sql += f" AND person_id IN ({', '.join(['%s'] * len(only))})"
    counts: dict[tuple[str, int, int], int] = defaultdict(int)
    layers: dict[Key, list[int]] = defaultdict(list)
    for pid, year, scope in _fetch(ini_sql, list(only) if only is not None else []):
        for s in SCOPES[: SCOPE_RANK[str(scope)] + 1]:
            key3 = (s, int(pid), int(year))  # type: ignore[call-overload]
            counts[key3] += 1
            if counts[key3] <= INITIATIVE_LAYERS:
                layers[("i", s, str(year), str(counts[key3]))].append(int(pid))  # type: ignore[call-overload]
    for key, pids in layers.items():
        out[key] = bits_of(np.asarray(pids, dtype=np.int64))
    return out


def rebuild() -> Facts:
    """Full build from the registry, saved as the new snapshot."""
    with transaction.atomic():
        pending = list(FactChange.objects.values_list("id", flat=True))
        bits = _collect(None)
        size = max((b.bit_length() for b in bits.values()), default=0)
        previous = FactSnapshot.objects.filter(pk=1).values_list("version", flat=True).first() or 0
        facts = Facts(size, bits, previous + 1)
        _save(facts)
        _forget_changes(pending)
    return facts


def _save(facts: Facts) -> None:
    FactSnapshot.objects.update_or_create(
        pk=1, defaults={"version": facts.version, "size": facts.size,
                        "built_at": timezone.now(), "payload": dumps(facts)},
    )


def _forget_changes(ids: list[int]) -> None:
    # By id, not by a watermark: a transaction that took a lower id may commit later.
    for start in range(0, len(ids), 5000):
        FactChange.objects.filter(id__in=ids[start:start + 5000]).delete()


def _patch(facts: Facts, people: list[int]) -> None:
    """Replace the bits of `people` with what the registry says now."""
    fresh = _collect(people)
    mask = bits_of(np.asarray(people, dtype=np.int64))
    keep = ~mask
    for key in list(facts.bits):
        value = facts.bits[key] & keep
        if value:
            facts.bits[key] = value
        else:
            del facts.bits[key]
    for key, value in fresh.items():
        facts.bits[key] = facts.bits.get(key, 0) | value
    facts.size = max(facts.size, max(people) + 1)


# ---------------------------------------------------------------- reading, with a process cache

_cache_lock = threading.Lock()
_cache: Facts | None = None


def current() -> Facts:
    """The snapshot brought up to date with every change committed so far."""
    global _cache
    with _cache_lock:
        cached = _cache
    if (
        cached is not None
        and not FactChange.objects.exists()
        and FactSnapshot.objects.filter(pk=1, version=cached.version).exists()
    ):
        return cached
    facts = _refresh()
    with _cache_lock:
        _cache = facts
    return facts


def _refresh() -> Facts:
    with transaction.atomic():
        row = FactSnapshot.objects.select_for_update().filter(pk=1).first()
        if row is None:
            return rebuild()
        facts = loads(bytes(row.payload), row.size, row.version)
        pending = list(FactChange.objects.values_list("id", "person_id"))
        if not pending:
            return facts
        changed = sorted({pid for _, pid in pending})
        if len(changed) > REBUILD_SHARE * max(facts.size, 1):
            return rebuild()
        for start in range(0, len(changed), 500):
            _patch(facts, changed[start:start + 500])
        facts.version += 1
        _save(facts)
        _forget_changes([cid for cid, _ in pending])
        return facts


def forget_cache() -> None:
    """Drop this process's copy (tests that rewrite the database under it)."""
    global _cache
    with _cache_lock:
        _cache = None
