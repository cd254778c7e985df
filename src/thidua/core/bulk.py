"""Multi-row INSERT … RETURNING id for big writes (the import of award history, the audit log).

Django's bulk_create prepares every value through the field API; for 10,000 awards that
was most of the write time. Here each column gets its database adapter once and the rows
are sent as plain tuples, in the same multi-row INSERT … RETURNING form Django itself uses
on SQLite ≥ 3.35 (and relies on for the order of returned ids). PostgreSQL takes the ids
from the sequence first and then COPYs the rows. Where the database cannot return ids, it
falls back to bulk_create.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 1000


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    kind = field.get_internal_type()
    ops = connection.ops
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    return None


def insert_returning_ids(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows given as {attname: python value}; return their new primary keys in order."""
    if not rows:
        return []
    if not connection.features.can_return_rows_from_bulk_insert:
        objs = [model(**row) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        return [int(o.pk) for o in objs]
    meta = model._meta
    names = list(rows[0])
    by_attname = {f.attname: f for f in meta.concrete_fields}
    fields = [by_attname[n] for n in names]
    if connection.vendor == "postgresql":
        return _copy_postgresql(model, names, [f.column for f in fields], rows)
    adapters = [_adapter(f) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    max_params = getattr(connection.features, "max_query_params", None) or 65535
    batch = max(1, min(BATCH, max_params // len(fields)))
    pk_column = quote(meta.pk.column) if meta.pk else "id"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            params: list[Any] = []
            for row in chunk:
                for name, adapt in zip(names, adapters, strict=True):
                    value = row[name]
                    params.append(adapt(value) if adapt is not None and value is not None else value)
            sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
                   + ", ".join([placeholders] * len(chunk)) + f" RETURNING {pk_column}")
            cursor.execute(sql, params)
            ids.extend(int(r[0]) for r in cursor.fetchall())
    return ids


def _copy_postgresql(model: type[models.Model], names: list[str], columns: list[str],
                     rows: Sequence[dict[str, Any]]) -> list[int]:
    """PostgreSQL: take ids from the table's sequence, then COPY the rows (no per-row statement)."""
    meta = model._meta
    quote = connection.ops.quote_name
    assert meta.pk is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, len(rows)])
        ids = [int(r[0]) for r in cursor.fetchall()]
        column_list = ", ".join(quote(c) for c in [meta.pk.column, *columns])
        with cursor.copy(f"COPY {quote(meta.db_table)} ({column_list}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk, *(row[n] for n in names)])
    return ids

