"""The validated import, ready to write: what to create and which rows were refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .result import RowError


@dataclass
class NewPerson:
    citizen_id: str
    full_name: str
    birth_date: dt.date
    sex: str
    unit_id: int
    is_direct_worker: bool
    row: int


@dataclass
class NewGroup:
    """A collective or household to create, keyed by (unit id, search key of the name)."""

    name: str
    unit_id: int
    is_small: bool
    row: int


@dataclass
class PlannedAward:
    row: int
    subject_kind: str  # individual | collective | household
    subject_ref: int | str | tuple[int, str]  # existing id, new citizen ID, or new group key
    subject_is_new: bool
    code: str
    year: int
    level: str
    kind: str
    decision_number: str
    decision_date: dt.date
    issuer: str
    amount_vnd: int | None
    unit_id: int
    subject_name: str
    is_direct_worker: bool
    is_grassroots_unit: bool
    is_small_collective: bool
    note: str


@dataclass
class Plan:
    total_rows: int = 0
    awards: list[PlannedAward] = field(default_factory=list)
    new_people: dict[str, NewPerson] = field(default_factory=dict)
    new_collectives: dict[tuple[int, str], NewGroup] = field(default_factory=dict)
    new_households: dict[tuple[int, str], NewGroup] = field(default_factory=dict)
    skipped_existing: int = 0
    errors: list[RowError] = field(default_factory=list)
