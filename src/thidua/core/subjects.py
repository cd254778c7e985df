"""Rows that concern exactly one of a person, a collective or a household (awards, nominees)."""

from __future__ import annotations

from functools import reduce
from typing import Any

from django.db import models
from django.db.models import Q


class SubjectKindMixin:
    """``subject_kind`` for models with ``person``, ``collective`` and ``household`` foreign keys,
    in the words the rules engine uses."""

    person_id: Any
    collective_id: Any

    @property
    def subject_kind(self) -> str:
        if self.person_id:
            return "individual"
        if self.collective_id:
            return "collective"
        return "household"


def one_subject_constraint(name: str, fields: tuple[str, ...] = ("person", "collective", "household")) -> models.CheckConstraint:
    """The check constraint "exactly one of these foreign keys is set" (award, nominee, year record)."""
    def only(chosen: str) -> Q:
        return reduce(lambda q, f: q & Q(**{f"{f}__isnull": f != chosen}), fields, Q())

    return models.CheckConstraint(condition=reduce(lambda q, f: q | only(f), fields[1:], only(fields[0])),
                                  name=name)
