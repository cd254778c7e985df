"""Checks on a collective's members (subject.members counts): TTLĐTT, TTLĐXS, thôn văn hóa."""

from __future__ import annotations

from thidua.rules.catalog import PathDef
from thidua.rules.context import Context, as_codes, as_int, as_share, check, vn_percent
from thidua.rules.model import RATING_NAMES, RATINGS, Members, Reason

_NO_MEMBERS = "Chưa có số liệu thành viên của tập thể (subject.members); không kiểm tra được."


def _members(ctx: Context, path: PathDef | None, suffix: str, citation: str) -> tuple[Members | None, list[Reason]]:
    members = ctx.case.subject.members
    if members is None:
        return None, [ctx.reason(path, suffix, False, citation, _NO_MEMBERS)]
    return members, []


@check("members_title_share")
def members_title_share(ctx: Context, path: PathDef | None) -> list[Reason]:
    """Share of members holding a title (TTLĐTT: > 50% LĐTT, Luật Điều 28)."""
    title_p = ctx.param("member_title", path)
    share_p = ctx.param("min_share", path)
    strict = bool(ctx.param("share_strict", path).value)
    members, missing = _members(ctx, path, "member_share", share_p.reference)
    if members is None:
        return missing
    codes = as_codes(title_p.value, title_p.name)
    have = sum(members.titles.get(c, 0) for c in codes)
    share = as_share(share_p.value, share_p.name)
    met = members.total > 0 and (have > share * members.total if strict else have >= share * members.total)
    bound = "trên" if strict else "ít nhất"
    msg = (
        f"Cần {bound} {vn_percent(int(share * 1000), 1000)} thành viên đạt {ctx.names_of(codes)}; "
        f"hiện {have}/{members.total} ({vn_percent(have, members.total)})."
    )
    return [ctx.reason(path, "member_share", met, share_p.reference, msg)]


@check("members_no_discipline")
def members_no_discipline(ctx: Context, path: PathDef | None) -> list[Reason]:
    """No member disciplined with a warning (cảnh cáo) or worse (Luật Điều 27, 28)."""
    citation = ctx.citation(path)
    members, missing = _members(ctx, path, "member_discipline", citation)
    if members is None:
        return missing
    n = members.disciplined_warning_or_worse
    msg = f"Không có thành viên bị kỷ luật từ cảnh cáo trở lên trong năm {ctx.case.year}; hiện có {n}."
    return [ctx.reason(path, "member_discipline", n == 0, citation, msg)]


@check("members_all_completed")
def members_all_completed(ctx: Context, path: PathDef | None) -> list[Reason]:
    """100% of members completed their tasks (Luật Điều 27)."""
    citation = ctx.citation(path)
    members, missing = _members(ctx, path, "member_completed", citation)
    if members is None:
        return missing
    done = sum(members.ratings.get(r, 0) for r in RATINGS[1:])
    met = members.total > 0 and done == members.total
    msg = f"Cần 100% thành viên hoàn thành nhiệm vụ trở lên; hiện {done}/{members.total} có xếp loại đạt."
    return [ctx.reason(path, "member_completed", met, citation, msg)]


@check("members_rating_share")
def members_rating_share(ctx: Context, path: PathDef | None) -> list[Reason]:
    """At least a share of members at the required rating (TTLĐXS 70%, Luật Điều 27)."""
    ratings_p = ctx.param("rating_share_ratings", path)
    share_p = ctx.param("rating_share_min", path)
    members, missing = _members(ctx, path, "member_rating_share", share_p.reference)
    if members is None:
        return missing
    counted = as_codes(ratings_p.value, ratings_p.name)
    have = sum(members.ratings.get(r, 0) for r in counted)
    share = as_share(share_p.value, share_p.name)
    met = members.total > 0 and have >= share * members.total
    lowest = min(counted, key=RATINGS.index)
    what = RATING_NAMES[lowest] + (" trở lên" if lowest != RATINGS[-1] else "")
    msg = (
        f"Cần ít nhất {vn_percent(int(share * 1000), 1000)} thành viên {what}; "
        f"hiện {have}/{members.total} ({vn_percent(have, members.total)})."
    )
    return [ctx.reason(path, "member_rating_share", met, ratings_p.reference, msg)]


@check("members_title_count")
def members_title_count(ctx: Context, path: PathDef | None) -> list[Reason]:
    """At least N members holding a title (TTLĐXS: one CSTĐ cơ sở, Luật Điều 27)."""
    title_p = ctx.param("member_count_title", path)
    min_p = ctx.param("member_count_min", path)
    members, missing = _members(ctx, path, "member_title_count", min_p.reference)
    if members is None:
        return missing
    codes = as_codes(title_p.value, title_p.name)
    need = as_int(min_p.value, min_p.name)
    have = sum(members.titles.get(c, 0) for c in codes)
    msg = f"Cần ít nhất {need} thành viên đạt {ctx.names_of(codes)}; hiện có {have}."
    return [ctx.reason(path, "member_title_count", have >= need, min_p.reference, msg)]
