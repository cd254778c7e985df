"""Checks on a subject's own history: ratings, titles held, initiatives, discipline, positions.

Each check returns the reasons it evaluated (met or not) with the reference of the parameter
that set its threshold. Names are the `checks` used in the catalog.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from thidua.rules import blocks
from thidua.rules.catalog import CatalogError, PathDef
from thidua.rules.context import Context, as_codes, as_int, check, vn_date, vn_years
from thidua.rules.model import (
    AWARD_RECORD_KIND_NAMES,
    DISCIPLINE_NAMES,
    RATING_NAMES,
    RATINGS,
    SCOPE_NAMES,
    SCOPES,
    Reason,
)


def _rating_phrase(minimum: str) -> str:
    if minimum == RATINGS[-1]:
        return RATING_NAMES[minimum]
    return f"từ {RATING_NAMES[minimum]} trở lên"


def _scope_phrase(scope: str) -> str:
    return SCOPE_NAMES[scope] if scope == SCOPES[-1] else f"{SCOPE_NAMES[scope]} trở lên"


def _disc_text(found: list[Any]) -> str:
    parts = []
    for d in found:
        until = f" đến {vn_date(d.end)}" if d.end else " (chưa hết hiệu lực)"
        parts.append(f"{DISCIPLINE_NAMES[d.form]} từ {vn_date(d.start)}{until}")
    return "; ".join(parts)


@check("discipline_in_year")
def discipline_in_year(ctx: Context, path: PathDef | None) -> list[Reason]:
    p = ctx.opt("discipline_min_form", path) or ctx.glob("title_discipline_min_form")
    year = ctx.case.year
    found = blocks.disciplines_during(ctx.case.discipline, year, p.value)
    floor = DISCIPLINE_NAMES[p.value]
    if found:
        msg = f"Bị kỷ luật có hiệu lực trong năm {year}: {_disc_text(found)} (loại trừ từ mức {floor} trở lên)."
    else:
        msg = f"Không bị kỷ luật từ mức {floor} trở lên trong năm {year}."
    return [ctx.reason(path, "discipline", not found, p.reference, msg)]


@check("discipline_on_date")
def discipline_on_date(ctx: Context, path: PathDef | None) -> list[Reason]:
    p = ctx.glob("proposal_discipline_min_form")
    day = ctx.case.as_of
    found = blocks.disciplines_on(ctx.case.discipline, day, p.value)
    if found:
        msg = f"Đang thi hành kỷ luật vào ngày {vn_date(day)}: {_disc_text(found)}; chưa được đề nghị khen thưởng."
    else:
        msg = f"Không có kỷ luật từ mức {DISCIPLINE_NAMES[p.value]} trở lên đang có hiệu lực vào ngày {vn_date(day)}."
    return [ctx.reason(path, "discipline", not found, p.reference, msg)]


@check("prerequisite_in_year")
def prerequisite_in_year(ctx: Context, path: PathDef | None) -> list[Reason]:
    p = ctx.param("prerequisite_titles", path)
    codes = as_codes(p.value, p.name)
    year = ctx.case.year
    held = [c for c in codes if year in ctx.award_years.get(c, [])]
    state = f"đã có ({ctx.name_of(held[0])})" if held else "chưa có trong danh sách danh hiệu đã đạt"
    msg = f"Cần đạt {ctx.names_of(codes)} năm {year}; {state}."
    return [ctx.reason(path, "prerequisite", bool(held), p.reference, msg)]


@check("rating_in_year")
def rating_in_year(ctx: Context, path: PathDef | None) -> list[Reason]:
    p = ctx.param("min_rating", path)
    year = ctx.case.year
    rating = ctx.ratings.get(year)
    current = RATING_NAMES[rating] if rating else "chưa có xếp loại"
    msg = f"Cần xếp loại {_rating_phrase(p.value)} năm {year}; hiện: {current}."
    return [ctx.reason(path, "rating", ctx.rating_at_least(year, p.value), p.reference, msg)]


@check("initiative_in_year")
def initiative_in_year(ctx: Context, path: PathDef | None) -> list[Reason]:
    p = ctx.param("min_scope", path)
    year = ctx.case.year
    n = sum(1 for i in ctx.case.initiatives if i.year == year and blocks.scope_at_least(i.scope, p.value))
    msg = (
        f"Cần sáng kiến hoặc đề tài khoa học được công nhận, phạm vi {_scope_phrase(p.value)}, "
        f"trong năm {year}; hiện có {n}."
    )
    return [ctx.reason(path, "initiative", n >= 1, p.reference, msg)]


def _initiatives_in(ctx: Context, scope: str, window: list[int]) -> int:
    return sum(1 for i in ctx.case.initiatives if i.year in window and blocks.scope_at_least(i.scope, scope))


def _initiative_reason(ctx: Context, path: PathDef | None, window: list[int], need: int) -> Reason | None:
    scope_p = ctx.opt("initiative_scope", path)
    if scope_p is None:
        return None
    n = _initiatives_in(ctx, scope_p.value, window)
    where = f"trong các năm {vn_years(window)}" if window else "trong chuỗi năm xét (chưa có năm nào)"
    what = "sáng kiến" if need == 1 else f"{need} sáng kiến"
    msg = (
        f"Cần {what} hoặc đề tài khoa học được công nhận, có phạm vi ảnh hưởng {_scope_phrase(scope_p.value)}, "
        f"{where}; hiện có {n}."
    )
    return ctx.reason(path, "initiative", n >= need, scope_p.reference, msg)


def _streak_message(need: int, what: str, years: list[int]) -> str:
    listed = f" ({vn_years(years)})" if years else ""
    return f"Cần {need} năm liên tục {what}; hiện có {len(years)}{listed}."


@check("title_streak")
def title_streak(ctx: Context, path: PathDef | None) -> list[Reason]:
    """N consecutive years holding a title, ending at the judged year (Luật Điều 22, 74)."""
    titles_p = ctx.param("streak_titles", path)
    years_p = ctx.param("streak_years", path)
    need = as_int(years_p.value, years_p.name)
    codes = as_codes(titles_p.value, titles_p.name)
    reset = ctx.opt("reset_after", path)
    floor = blocks.run_floor_after(ctx.years_of(as_codes(reset.value, reset.name)), ctx.case.year) if reset else None
    after_disc = _discipline_floor(ctx)
    if after_disc is not None and (floor is None or after_disc > floor):
        floor = after_disc
    years = blocks.streak_ending(set(ctx.years_of(codes)), ctx.case.year, ctx.justified, floor)
    message = _streak_message(need, f"đạt {ctx.names_of(codes)}", years)
    if after_disc is not None and len(years) < need:
        message += f" Thành tích chỉ được tính từ năm {after_disc}, sau khi hết thời hạn kỷ luật."
    reasons = [ctx.reason(path, "streak", len(years) >= need, years_p.reference, message)]
    initiative = _initiative_reason(ctx, path, years[-need:], 1)
    if initiative:
        reasons.append(initiative)
    return reasons


@check("title_chain")
def title_chain(ctx: Context, path: PathDef | None) -> list[Reason]:
    """A title repeated without a gap, each covering `step` years (CSTĐ toàn quốc, Luật Điều 21)."""
    title_p = ctx.param("chain_title", path)
    count_p = ctx.param("chain_count", path)
    step = as_int(ctx.param("chain_step_years", path).value, "chain_step_years")
    need = as_int(count_p.value, count_p.name)
    code = as_codes(title_p.value, title_p.name)[0]
    chain = blocks.chain_ending(set(ctx.award_years.get(code, [])), ctx.case.year, step)
    listed = f" ({vn_years(chain)})" if chain else ""
    msg = f"Cần {need} lần liên tục đạt {ctx.name_of(code)}; hiện có {len(chain)}{listed}."
    reasons = [ctx.reason(path, "streak", len(chain) >= need, count_p.reference, msg)]
    window = list(range(ctx.case.year - step * need + 1, ctx.case.year + 1))
    initiative = _initiative_reason(ctx, path, window, 1)
    if initiative:
        reasons.append(initiative)
    return reasons


def _discipline_floor(ctx: Context) -> int | None:
    """First year achievements count again after a discipline (NĐ 152/2025 Điều 4 khoản 4):
    the year after the last year, up to the judged one, with a discipline in force."""
    breaking = ctx.glob("streak_discipline_min_form").value
    last = None
    for d in ctx.case.discipline:
        if not blocks.form_at_least(d.form, breaking) or d.start.year > ctx.case.year:
            continue
        end_year = ctx.case.year if d.end is None else min(d.end.year, ctx.case.year)
        last = end_year if last is None else max(last, end_year)
    return None if last is None else last + 1


def _rating_years(ctx: Context, minimum: str) -> set[int]:
    """Years rated at least `minimum` with no discipline breaking the streak in force.

    Maternity leave counts as working time (NĐ 152/2025 Điều 4 khoản 5, param `maternity_counts`):
    a maternity year without a rating counts as a year of the run; a rated year is judged on its rating.
    """
    breaking = ctx.glob("streak_discipline_min_form").value
    maternity = ctx.view.find("maternity_counts")
    counted = {
        y for y in ctx.ratings
        if ctx.rating_at_least(y, minimum) and not blocks.disciplines_during(ctx.case.discipline, y, breaking)
    }
    if maternity is not None and maternity.value:
        counted |= {
            r.year for r in ctx.case.ratings
            if r.maternity and r.rating is None and not blocks.disciplines_during(ctx.case.discipline, r.year, breaking)
        }
    return counted


@check("rating_streak")
def rating_streak(ctx: Context, path: PathDef | None) -> list[Reason]:
    """N consecutive years with a rating, optionally with initiatives inside (Luật Điều 74 khoản 1 điểm d)."""
    rating_p = ctx.param("streak_rating", path)
    years_p = ctx.param("streak_years", path)
    need = as_int(years_p.value, years_p.name)
    reset = ctx.opt("reset_after", path)
    floor = blocks.run_floor_after(ctx.years_of(as_codes(reset.value, reset.name)), ctx.case.year) if reset else None
    years = blocks.streak_ending(_rating_years(ctx, rating_p.value), ctx.case.year, ctx.justified, floor)
    what = _rating_phrase(rating_p.value).replace("từ ", "", 1) if rating_p.value != RATINGS[-1] else RATING_NAMES[rating_p.value]
    reasons = [ctx.reason(path, "streak", len(years) >= need, years_p.reference, _streak_message(need, what, years))]
    count_p = ctx.opt("initiative_count", path)
    initiative = _initiative_reason(ctx, path, years, as_int(count_p.value, count_p.name) if count_p else 1)
    if initiative:
        reasons.append(initiative)
    return reasons


def _title_options(value: Any, name: str) -> list[dict[str, int]]:
    if not isinstance(value, list) or not all(isinstance(o, dict) for o in value):
        raise CatalogError(f"{name}: cần danh sách {{mã = số lần}} / must be a list of {{code = count}}")
    return [{str(k): as_int(v, name) for k, v in o.items()} for o in value]


@check("ladder")
def ladder(ctx: Context, path: PathDef | None) -> list[Reason]:
    """Predecessor award + N consecutive qualifying years after it, with counts inside the run (Luật Điều 73, 44, 43)."""
    pred_p = ctx.param("predecessor", path)
    preds = as_codes(pred_p.value, pred_p.name)
    year = ctx.case.year
    excluded_p = ctx.view.find("ladder_excluded_kinds")
    excluded = set(as_codes(excluded_p.value, excluded_p.name)) if excluded_p is not None else set()
    counted = [r for r in ctx.case.awards if r.kind not in excluded]
    held = [r for r in counted if r.code in preds and r.year <= year]
    latest = max(held, key=lambda r: (r.year, r.decided_on or r.year)) if held else None
    pred_names = ctx.names_of(preds)
    if latest is None:
        skipped = [r for r in ctx.case.awards if r.code in preds and r.year <= year and r.kind in excluded]
        note = ""
        if skipped and excluded_p is not None:
            kinds = ", ".join(sorted({AWARD_RECORD_KIND_NAMES[r.kind] for r in skipped}))
            note = (f" Khen thưởng {kinds} không làm căn cứ đề nghị khen thưởng công trạng "
                    f"({excluded_p.reference}).")
        return [ctx.reason(path, "predecessor", False, pred_p.reference, f"Cần đã được tặng {pred_names}; chưa có.{note}")]
    basis = ctx.glob("ladder_run_start").value
    if basis not in ("achievement_year", "decision_year"):
        raise CatalogError(f"ladder_run_start: {basis!r}")
    anchor = latest.decided_on.year if basis == "decision_year" and latest.decided_on else latest.year
    decided = f", quyết định ngày {vn_date(latest.decided_on)}" if latest.decided_on else ""
    reasons = [ctx.reason(path, "predecessor", True, pred_p.reference,
                          f"Cần đã được tặng {pred_names}; có ({ctx.name_of(latest.code)} năm {latest.year}{decided}).")]
    run_p = ctx.param("run_years", path)
    need = as_int(run_p.value, run_p.name)
    min_rating = ctx.param("run_min_rating", path).value
    run = blocks.streak_ending(_rating_years(ctx, min_rating), year, ctx.justified, anchor + 1)
    listed = f" ({vn_years(run)})" if run else ""
    reasons.append(ctx.reason(path, "run", len(run) >= need, run_p.reference,
                              f"Cần {need} năm liên tục xếp loại {_rating_phrase(min_rating)} sau {ctx.name_of(latest.code)} "
                              f"(từ năm {anchor + 1}); hiện có {len(run)}{listed}."))
    htxs_p = ctx.param("run_htxs_min", path)
    htxs_need = as_int(htxs_p.value, htxs_p.name)
    if htxs_need > 0:
        n = sum(1 for y in run if ctx.ratings.get(y) == RATINGS[-1])
        reasons.append(ctx.reason(path, "htxs", n >= htxs_need, htxs_p.reference,
                                  f"Trong các năm đó cần ít nhất {htxs_need} năm {RATING_NAMES[RATINGS[-1]]}; hiện có {n}."))
    titles_p = ctx.param("run_titles", path)
    options = _title_options(titles_p.value, titles_p.name)
    if options:
        window = set(run)
        counts = {c: blocks.count_in([r.year for r in counted if r.code == c], window) for o in options for c in o}
        met = any(all(counts[c] >= k for c, k in o.items()) for o in options)
        need_text = " hoặc ".join(" và ".join(f"{k} lần {ctx.name_of(c)}" for c, k in o.items()) for o in options)
        have_text = ", ".join(f"{counts[c]} lần {ctx.name_of(c)}" for c in counts)
        reasons.append(ctx.reason(path, "titles", met, titles_p.reference,
                                  f"Trong các năm đó cần {need_text}; hiện có {have_text}."))
    return reasons


def _years_text(value: Fraction) -> str:
    rounded = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{rounded.quantize(Decimal('0.1')):f}".rstrip("0").rstrip(".").replace(".", ",")


@check("tenure")
def tenure(ctx: Context, path: PathDef | None) -> list[Reason]:
    """Khen thưởng quá trình cống hiến: time held in a position group (tenure table).

    Women: the required time is reduced (`tenure_women_reduction`: 3 years under NĐ 98 [R]; one third
    under NĐ 152/2025 Điều 4 khoản 7, except women whose retirement age is higher — a judgment).
    Discipline while holding the post bars the award (`tenure_discipline_in_post`, NĐ 152/2025 Điều 9).
    """
    table = ctx.opt("tenure", path)
    if table is None:
        return [ctx.reason(path, "tenure", False, ctx.citation(path),
                           "Văn bản đang áp dụng chưa có (hoặc chưa số hóa) bảng thời gian giữ chức vụ cho hình thức này.")]
    index = blocks.alias_index(ctx.glob("position_aliases").value)
    reduction_p = ctx.glob("tenure_women_reduction")
    reduction = reduction_p.value if ctx.case.subject.sex == "F" else None
    best: tuple[bool, Fraction, int, Fraction, list[str]] | None = None
    for row in table.value:
        codes = as_codes(row.get("positions"), "tenure.positions")
        held = blocks.held_years(ctx.case.positions, codes, index, ctx.case.as_of)
        minimum = as_int(row.get("min_years"), "tenure.min_years")
        need = blocks.women_tenure_need(minimum, reduction)
        ok = held > 0 and held >= need
        if held > 0 and (best is None or (ok, held) > (best[0], best[1])):
            best = (ok, held, minimum, need, codes)
    aliases = ctx.glob("position_aliases").value

    def names(codes: list[str]) -> str:
        return ", ".join((aliases.get(c) or [c.replace("_", " ").capitalize()])[0] for c in codes)

    if best is None:
        titles = sorted({c for row in table.value for c in row.get("positions", [])})
        return [ctx.reason(path, "tenure", False, table.reference,
                           f"Không có chức vụ nào thuộc bảng xét quá trình cống hiến ({names(titles)}).")]
    ok, held, minimum, need, codes = best
    women = ""
    if reduction is not None and minimum:
        women = f" (nữ giảm {_reduction_text(reduction)}: {_years_text(need)} năm)"
    need_text = f"từ {minimum} năm{women}" if minimum else "không yêu cầu thời gian tối thiểu"
    msg = f"Giữ chức vụ thuộc nhóm {names(codes)} tổng cộng {_years_text(held)} năm; cần {need_text}."
    reasons = [ctx.reason(path, "tenure", ok, table.reference, msg)]
    if reduction is not None and reduction.get("except_higher_retirement_age"):
        reasons.append(ctx.reason(
            path, "tenure_women", None, reduction_p.reference,
            "Không áp dụng mức giảm cho nữ có tuổi nghỉ hưu cao hơn (theo quy định riêng) — "
            "cần bộ phận tổ chức cán bộ xác nhận."))
    bar = ctx.view.find("tenure_discipline_in_post")
    if bar is not None and bar.value:
        spans = blocks.position_spans(ctx.case.positions, codes, index, ctx.case.as_of)
        found = [d for d in ctx.case.discipline if any(blocks.overlaps(d.start, d.end, a, b) for a, b in spans)]
        if found:
            bar_msg = f"Bị kỷ luật trong thời gian giữ chức vụ: {_disc_text(found)}; không xét khen thưởng quá trình cống hiến."
        else:
            bar_msg = "Không bị kỷ luật trong thời gian giữ chức vụ."
        reasons.append(ctx.reason(path, "tenure_discipline", not found, bar.reference, bar_msg))
        reasons.append(ctx.reason(
            path, "tenure_violation", None, bar.reference,
            "Không có vi phạm nghiêm trọng được kết luận bằng văn bản trong thời gian giữ chức vụ — "
            "cần cơ quan có thẩm quyền xác nhận."))
    return reasons


def _reduction_text(reduction: Any) -> str:
    if "share" in reduction:
        return f"{reduction['share']} thời gian"
    return f"{reduction['years']} năm"
