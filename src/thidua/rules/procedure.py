"""Procedure values of the catalog (``params.toml``, section "procedure"): public consultation and the
documents a dossier must hold. Plain data read on a date, each value with its legal reference.

    consultation_days(view)                 working days a list is published before the council
    needs_consultation(view, award)         whether proposing ``award`` needs public consultation
    required_documents(view, award, ...)    the documents a nominee's dossier must hold
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from thidua.rules.catalog import AwardDef, CatalogError, CatalogView, ParamValue

CONSULTATION_DAYS = "consultation_working_days"
CONSULTATION_LEVELS = "consultation_award_levels"
DOSSIER_DOCUMENTS = "dossier_documents"
_ROW_KEYS = frozenset({"document", "note", "except_awards", "except_round_kinds", "only_awards", "only_enterprise"})


def consultation_days(view: CatalogView) -> ParamValue:
    """NĐ 98/2023 Điều 46: the list is published at least this many working days before the council."""
    found = view.param(CONSULTATION_DAYS)
    if not isinstance(found.value, int) or isinstance(found.value, bool) or found.value < 1:
        raise CatalogError(f"{CONSULTATION_DAYS}: cần số nguyên dương / must be a positive integer")
    return found


def needs_consultation(view: CatalogView, award: AwardDef) -> bool:
    """Whether proposing ``award`` needs the public consultation (by the award's level)."""
    levels = view.param(CONSULTATION_LEVELS).value
    if not isinstance(levels, list) or not all(isinstance(x, str) for x in levels):
        raise CatalogError(f"{CONSULTATION_LEVELS}: cần danh sách cấp khen / must be a list of levels")
    return award.level in levels


def _codes(row: Mapping[str, Any], key: str) -> frozenset[str]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise CatalogError(f"{DOSSIER_DOCUMENTS}.{key}: cần danh sách chuỗi / must be a list of strings")
    return frozenset(value)


def document_rows(view: CatalogView) -> list[Mapping[str, Any]]:
    """The rows of ``dossier_documents``, checked: each names a document and only known conditions."""
    rows = view.param(DOSSIER_DOCUMENTS).value
    if not isinstance(rows, list) or not rows:
        raise CatalogError(f"{DOSSIER_DOCUMENTS}: cần danh sách tài liệu / must be a list of documents")
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("document"), str) or set(row) - _ROW_KEYS:
            raise CatalogError(f"{DOSSIER_DOCUMENTS}: dòng {row!r} cần document và điều kiện hợp lệ / bad row")
        for key in ("except_awards", "except_round_kinds", "only_awards"):
            _codes(row, key)
        if not isinstance(row.get("only_enterprise", False), bool):
            raise CatalogError(f"{DOSSIER_DOCUMENTS}.only_enterprise: true|false")
    return rows


def required_documents(view: CatalogView, *, award_code: str, round_kind: str, is_enterprise: bool) -> list[str]:
    """The document kinds a nominee proposed for ``award_code`` in a round of ``round_kind`` needs, in
    the catalog's order (Luật TĐKT 2022 Điều 84)."""
    out: list[str] = []
    for row in document_rows(view):
        only = _codes(row, "only_awards")
        if award_code in _codes(row, "except_awards") or round_kind in _codes(row, "except_round_kinds"):
            continue
        if (only and award_code not in only) or (row.get("only_enterprise", False) and not is_enterprise):
            continue
        out.append(str(row["document"]))
    return out


def documents_reference(view: CatalogView) -> str:
    return view.param(DOSSIER_DOCUMENTS).reference
