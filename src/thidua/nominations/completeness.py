"""Which documents the law requires for each nominee, and which are missing.

The lists are law (Luật Thi đua, khen thưởng 2022, Điều 84; law-procedures.md §2.1) and live in the
catalog, ``params.toml`` → ``dossier_documents``, read through ``thidua.registry.catalog``:
- every proposal: the proposal letter (tờ trình / văn bản đề nghị);
- the achievement report, except Lao động tiên tiến / Chiến sĩ tiên tiến (commune TTHC: the list
  and the minutes suffice);
- the minutes of the unit's council, except the simplified procedure (đột xuất: tờ trình + báo cáo
  tóm tắt thành tích);
- CSTĐ tỉnh / toàn quốc: the confirmation of the initiative or scientific work. CSTĐ cơ sở is left
  out on purpose: its HTXSNV path needs no initiative (catalog note on Điều 23);
- an enterprise or its director: the tax and social-insurance confirmations (law-rules.md §2.4).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from thidua.org.models import Position, UnitKind
from thidua.registry import catalog

from .models import Document, DocumentKind, Dossier, Nominee


@dataclass(frozen=True)
class Missing:
    nominee_id: int
    kind: str
    message: str


def required_documents(*, award_code: str, round_kind: str, is_enterprise: bool) -> list[str]:
    """The document kinds the catalog requires today; a kind this app does not know is a catalog error."""
    kinds = catalog.required_documents(award_code=award_code, round_kind=round_kind, is_enterprise=is_enterprise)
    unknown = sorted(set(kinds) - set(DocumentKind.values))
    if unknown:
        raise catalog.CatalogError(f"dossier_documents: loại tài liệu không có trong hệ thống {unknown}")
    return kinds


def _enterprise_nominees(nominees: list[Nominee]) -> set[int]:
    """Nominees that are an enterprise (collective) or lead one (person with a leader position)."""
    out: set[int] = set()
    person_ids: dict[int, int] = {}
    for n in nominees:
        if n.collective_id:
            coll = n.collective
            assert coll is not None
            unit = coll.represents_unit or coll.unit
            if unit.kind == UnitKind.ENTERPRISE:
                out.add(n.pk)
        elif n.person_id:
            person_ids[n.person_id] = n.pk
    if person_ids:
        leaders = Position.objects.filter(
            person_id__in=person_ids, is_leader=True, valid_to__isnull=True, unit__kind=UnitKind.ENTERPRISE,
        ).values_list("person_id", flat=True)
        out.update(person_ids[p] for p in leaders)
    return out


def missing_documents(dossier: Dossier, *, nominees: list[Nominee] | None = None,
                      documents: list[Document] | None = None) -> list[Missing]:
    """Every missing required document of every nominee, each named in Vietnamese.

    A page that has already read the dossier's nominees (with person, collective's units and
    household) or all its documents passes them to save the queries."""
    if nominees is None:
        nominees = list(
            dossier.nominees.select_related("person", "collective__unit", "collective__represents_unit", "household")
        )
    have: dict[int | None, set[str]] = defaultdict(set)
    pairs = ([(d.nominee_id, d.kind) for d in documents] if documents is not None
             else Document.objects.filter(dossier=dossier).values_list("nominee_id", "kind"))
    for nominee_id, kind in pairs:
        have[nominee_id].add(kind)
    enterprises = _enterprise_nominees(nominees)
    labels = dict(DocumentKind.choices)
    citation = catalog.documents_reference()
    out: list[Missing] = []
    for n in nominees:
        present = have[None] | have[n.pk]
        needed = required_documents(award_code=n.award_code, round_kind=dossier.round.kind,
                                    is_enterprise=n.pk in enterprises)
        try:
            award_name = catalog.award_info(n.award_code).name
        except catalog.CatalogError:
            award_name = n.award_code
        for kind in needed:
            if kind not in present:
                out.append(Missing(n.pk, kind, f"{n.subject_name} — {award_name}: thiếu «{labels[kind]}» ({citation})."))
    return out
