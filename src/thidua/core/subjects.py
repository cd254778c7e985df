"""Rows that concern exactly one of a person, a collective or a household (awards, nominees)."""

from __future__ import annotations

from typing import Any


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
