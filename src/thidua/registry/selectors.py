"""Reads on the award registry."""

from __future__ import annotations

from django.db.models import QuerySet

from thidua.org.models import Person, Unit

from .models import Award, YearRecord


def person_awards(person: Person) -> QuerySet[Award]:
    return Award.objects.filter(person=person).order_by("-year", "-decision_date")


def person_year_records(person: Person) -> QuerySet[YearRecord]:
    return YearRecord.objects.filter(person=person).order_by("-year")


def unit_awards(unit: Unit, *, subtree: bool = False) -> QuerySet[Award]:
    qs = Award.objects.filter(unit__path__startswith=unit.path) if subtree else Award.objects.filter(unit=unit)
    return qs.order_by("-year", "-decision_date")
