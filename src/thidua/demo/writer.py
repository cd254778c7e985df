"""Fast bulk writes for the demo, each batch followed by its audit event.

Rows are inserted with ``executemany`` and primary keys assigned here (then the PostgreSQL
sequence is moved past them), because Django's bulk_create spends most of its time preparing
values one by one. Every batch of at most 2,000 rows appends one audit event
(``demo.create_batch``) whose ``after`` lists the ids of all rows it created, so each unit,
person, position, rating and award is covered by the hash chain.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from thidua.audit.services import Change, record_many

ACTOR = "dữ liệu mẫu (thidua demo)"
BATCH = 2000

M = TypeVar("M")


def next_id(model: type[models.Model]) -> int:
    return int(model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


def create_rows(model: type[models.Model], rows: Sequence[M]) -> list[M]:
    """Insert ``rows`` (pks assigned in order), append one audit event per batch, return them.

    ``rows`` are model instances or plain objects carrying the model's column attributes
    (the award and rating generators use light rows: a Django instance costs ~50 µs to build).
    """
    if not rows:
        return []
    meta = model._meta
    fields = list(meta.concrete_fields)
    now = timezone.now()
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    relations = [f for f in fields if f.is_relation]
    pk_name = meta.pk.attname
    next_pk = next_id(model)
    for obj in rows:
        if getattr(obj, pk_name, None) is None:
            setattr(obj, pk_name, next_pk)
        next_pk = max(next_pk, getattr(obj, pk_name)) + 1
        for name in stamped:
            setattr(obj, name, now)
        if isinstance(obj, models.Model):
            for f in relations:
                if getattr(obj, f.attname) is None:
                    cached = f.get_cached_value(obj, None)  # type: ignore[attr-defined]
                    if cached is not None:  # re-assign the object: sets the id and keeps the cache
                        setattr(obj, f.name, cached)
    ops = connection.ops
    adapted: dict[Any, Any] = {}

    def adapt(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            key = ("dt", value)
            if key not in adapted:
                adapted[key] = ops.adapt_datetimefield_value(value)
            return adapted[key]
        if isinstance(value, dt.date):
            if value not in adapted:
                adapted[value] = ops.adapt_datefield_value(value)
            return adapted[value]
        return value

    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})"
    names = [f.attname for f in fields]
    getter = operator.attrgetter(*names)
    dated = {i for i, f in enumerate(fields) if isinstance(f, models.DateField)}  # DateTimeField too
    copy_sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start:start + BATCH]
            values = [getter(obj) for obj in chunk]
            if dated:
                values = [tuple(adapt(v) if i in dated else v for i, v in enumerate(row)) for row in values]
            if connection.vendor == "postgresql":  # COPY: one round trip instead of one per row
                with cursor.cursor.copy(copy_sql) as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                cursor.executemany(sql, values)
            ids = [getattr(obj, pk_name) for obj in chunk]
            record_many(actor=ACTOR, changes=[Change(
                "demo.create_batch", meta.label_lower, f"{ids[0]}..{ids[-1]}", None,
                {"count": len(ids), "ids": ids},
            )])
        for statement in ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)
    for obj in rows:
        if isinstance(obj, models.Model):
            obj._state.adding = False
            obj._state.db = "default"
    return list(rows)


class Row:
    """A light stand-in for a model instance: attributes named like the model's columns."""

    id: int | None = None

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    @property
    def pk(self) -> Any:
        return self.__dict__.get("id")

    def __getattr__(self, name: str) -> Any:  # only reached for a missing attribute
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self.__dict__[name] = value
