"""Small case factories for the rules tests."""

from __future__ import annotations

from typing import Any

from thidua.rules.catalog import load_catalog
from thidua.rules.engine import evaluate
from thidua.rules.model import Reason, Verdict, parse_case


def case(award: str, year: int = 2025, as_of: str = "2025-12-20", kind: str = "individual", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"award": award, "year": year, "as_of": as_of, "subject": {"kind": kind}}
    subject = extra.pop("subject", None)
    if subject:
        data["subject"].update(subject)
    data.update(extra)
    return data


def ratings(**by_year: str) -> list[dict[str, Any]]:
    """ratings(y2023="HTXSNV", y2024="HTTNV")."""
    return [{"year": int(k[1:]), "rating": v} for k, v in by_year.items()]


def awards(*pairs: tuple[str, int]) -> list[dict[str, Any]]:
    return [{"code": code, "year": year} for code, year in pairs]


def run(data: dict[str, Any]) -> Verdict:
    return evaluate(parse_case(data, load_catalog().award_codes))


def reason(verdict: Verdict, rule: str) -> Reason:
    found = [r for r in verdict.reasons if r.rule == rule]
    assert len(found) == 1, f"{rule} not in {[r.rule for r in verdict.reasons]}"
    return found[0]
