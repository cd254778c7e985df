"""evaluate(case) -> Verdict: every condition checked, with its citation and a clerk's message.

An award is a set of common conditions plus alternative paths (catalog `checks`, `paths`).
Eligible iff every data-checked common condition is met and at least one path applicable to the
subject has all its data-checked conditions met and at least one of them checked from data.
Conditions only people can judge come out with met=None; they never make a verdict false, and
a path made only of them never makes it true.
"""

from __future__ import annotations

from thidua.rules import checks_history, checks_members  # noqa: F401  (register the checks)
from thidua.rules.catalog import (
    SERVES_NAMES,
    AwardDef,
    Catalog,
    CatalogError,
    Judgment,
    PathDef,
    default_catalog,
)
from thidua.rules.citations import human_citation
from thidua.rules.context import CHECKS, Context
from thidua.rules.model import SUBJECT_NAMES, Case, Reason, Verdict
from thidua.rules.money import prize_detail


def _judgment(ctx: Context, path: PathDef | None, j: Judgment) -> Reason:
    return ctx.reason(path, j.id, None, ctx.citation(path), f"{j.text} — cần {j.confirm_by} xác nhận.")


def _run(ctx: Context, path: PathDef | None, names: tuple[str, ...]) -> list[Reason]:
    reasons: list[Reason] = []
    for name in names:
        fn = CHECKS.get(name)
        if fn is None:
            raise CatalogError(f"{ctx.award.code}: kiểm tra không tồn tại {name!r} / unknown check {name!r}")
        reasons += fn(ctx, path)
    return reasons


def _data_ok(reasons: list[Reason]) -> bool:
    return all(r.met is not False for r in reasons)


def applicable_paths(award: AwardDef, subject_kind: str) -> list[PathDef]:
    return [p for p in award.paths if p.subjects is None or subject_kind in p.subjects]


def evaluate(case: Case, catalog: Catalog | None = None) -> Verdict:
    """Judge `case` under the legal version in force on `case.as_of`."""
    view = (catalog or default_catalog()).for_date(case.as_of)
    ctx = Context.build(case, view)
    award = ctx.award
    kind = case.subject.kind
    subject_ok = kind in award.subjects
    allowed = ", ".join(SUBJECT_NAMES[k] for k in award.subjects)
    reasons = [Reason(
        f"{award.code}.subject", subject_ok, human_citation(award.citation),
        f"{award.name} xét cho: {allowed}; hồ sơ là {SUBJECT_NAMES[kind]}.",
    )]
    if subject_ok and award.serves != "all":
        serves_ok = award.serves_subject(case.subject.armed_forces)
        actual = "thuộc lực lượng vũ trang" if case.subject.armed_forces else "không thuộc lực lượng vũ trang"
        reasons.append(Reason(
            f"{award.code}.serves", serves_ok, human_citation(award.citation),
            f"{award.name} chỉ xét cho {SERVES_NAMES[award.serves]}; đối tượng {actual}.",
        ))
        subject_ok = serves_ok
    if not subject_ok:
        return Verdict(award.code, False, tuple(reasons), None)
    prize = prize_detail(view, award.code, kind)
    common = _run(ctx, None, award.checks)
    reasons += common
    reasons += [_judgment(ctx, None, j) for j in award.judgments]
    any_path = False
    for path in applicable_paths(award, kind):
        path_reasons = _run(ctx, path, path.checks)
        checked = [r for r in path_reasons if r.met is not None]
        if checked and _data_ok(path_reasons):
            any_path = True
        reasons += path_reasons
        reasons += [_judgment(ctx, path, j) for j in path.judgments]
    eligible = _data_ok(common) and any_path
    return Verdict(award.code, eligible, tuple(reasons), prize.amount_vnd if prize else None,
                   prize.doubt if prize else None)
