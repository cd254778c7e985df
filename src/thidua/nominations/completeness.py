"""Which documents the law requires for each nominee, and which are missing.

Luật Thi đua, khen thưởng 2022, Điều 84 (law-procedures.md §2.1):
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
from thidua.registry.models import AwardKind

from . import catalog
from .models import Document, DocumentKind, Dossier, Nominee

CITATION = "Luật Thi đua, khen thưởng 2022, Điều 84"
NO_REPORT_AWARDS = frozenset({"LAO_DONG_TIEN_TIEN", "CHIEN_SI_TIEN_TIEN"})
INITIATIVE_AWARDS = frozenset({"CSTD_TINH", "CSTD_TOAN_QUOC"})
ENTERPRISE_DOCUMENTS = (DocumentKind.TAX_CONFIRMATION, DocumentKind.SOCIAL_INSURANCE_CONFIRMATION)


@dataclass(frozen=True)
class Missing:
    nominee_id: int
    kind: str
    message: str


def required_documents(*, award_code: str, round_kind: str, is_enterprise: bool) -> list[str]:
    kinds = [str(DocumentKind.PROPOSAL_LETTER)]
    if award_code not in NO_REPORT_AWARDS:
        kinds.append(str(DocumentKind.ACHIEVEMENT_REPORT))
    if round_kind != AwardKind.AD_HOC:
        kinds.append(str(DocumentKind.UNIT_COUNCIL_MINUTES))
    if award_code in INITIATIVE_AWARDS:
        kinds.append(str(DocumentKind.INITIATIVE_CONFIRMATION))
    if is_enterprise:
        kinds.extend(str(k) for k in ENTERPRISE_DOCUMENTS)
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
                out.append(Missing(n.pk, kind, f"{n.subject_name} — {award_name}: thiếu «{labels[kind]}» ({CITATION})."))
    return out
