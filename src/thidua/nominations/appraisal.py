"""The appraisal view of a dossier: each nominee with the rules engine's verdict and reasons,
the round's quota breaches and the duplicates. Reads only; facts are loaded in bulk (one query
per kind of fact for the whole dossier), never per nominee.

Verdicts come in bulk: the dossier's cases are packed into a columnar population
(`rules.batch`) and evaluated once per award code. The batch says "eligible" reliably; whoever it
does not clear (including the tenure paths it does not evaluate) goes through the scalar engine,
whose verdict carries the reasons shown on the page. The reasons of an eligible nominee are
built on demand (`explain_nominee`, loaded when the specialist opens them)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from thidua.registry import cases, catalog
from thidua.registry.achievement import catalog_view, other_forms
from thidua.registry.models import Award, AwardStatus
from thidua.rules import batch
from thidua.rules.engine import evaluate
from thidua.rules.model import Case, CaseError, Verdict
from thidua.rules.quotas import Breach, Proposal, check_quotas

from .models import Dossier, Nominee


@dataclass
class NomineeAppraisal:
    nominee: Nominee
    verdict: Verdict | None  # with reasons: only for nominees the batch did not clear
    duplicates: list[str] = field(default_factory=list)
    eligible: bool | None = None  # None: the engine does not judge this subject
    same_form: list[str] = field(default_factory=list)  # another form for the same achievement

    @property
    def flagged(self) -> bool:
        """A row a person must judge: "Đạt" is never pre-selected on it."""
        return bool(self.same_form or self.duplicates)

    @property
    def engine_note(self) -> str:
        if self.eligible is None:
            return "Bộ máy quy tắc chưa xét tự động loại đối tượng này: chuyên viên kiểm tra theo hồ sơ."
        return "Đủ điều kiện theo dữ liệu trong sổ." if self.eligible else "Chưa đủ điều kiện theo dữ liệu trong sổ."


@dataclass
class Appraisal:
    rows: list[NomineeAppraisal]
    breaches: list[Breach]
    quota_error: str = ""


def nominee_cases(nominees: list[Nominee], *, year: int, as_of: dt.date) -> dict[int, Case]:
    """The engine's case for every individual nominee, keyed by nominee id (``registry.cases``)."""
    people = cases.cases_for_people([n.person for n in nominees if n.person is not None], year=year, as_of=as_of)
    return {n.pk: cases.with_award(people[n.person_id], n.award_code) for n in nominees if n.person_id}


def _award_name(code: str) -> str:
    award = catalog.latest_awards().get(code)
    return award.name if award else code


def _duplicates(dossier: Dossier, nominees: list[Nominee]) -> dict[int, list[str]]:
    """Same subject already holding the same award for the round's year; same subject twice in the round."""
    year = dossier.round.year
    out: dict[int, list[str]] = defaultdict(list)
    person_ids = [n.person_id for n in nominees if n.person_id]
    coll_ids = [n.collective_id for n in nominees if n.collective_id]
    held: set[tuple[str, int, str]] = set()
    decisions: dict[tuple[str, int, str], str] = {}
    for a in Award.objects.filter(year=year, status=AwardStatus.VALID).filter(
            person_id__in=person_ids).only("person_id", "code", "decision_number"):
        key = ("p", a.person_id or 0, a.code)
        held.add(key)
        decisions[key] = a.decision_number
    for a in Award.objects.filter(year=year, status=AwardStatus.VALID).filter(
            collective_id__in=coll_ids).only("collective_id", "code", "decision_number"):
        key = ("c", a.collective_id or 0, a.code)
        held.add(key)
        decisions[key] = a.decision_number
    elsewhere: dict[tuple[str, int], list[str]] = defaultdict(list)
    others = (Nominee.objects.filter(dossier__round_id=dossier.round_id).exclude(dossier_id=dossier.pk)
              .exclude(dossier__state__in=["withdrawn", "rejected"])
              .filter(person_id__in=person_ids).values_list("person_id", "dossier__title", "dossier__unit__name"))
    for pid, title, unit_name in others:
        elsewhere[("p", pid)].append(f"«{title}» của {unit_name}")
    seen: dict[tuple[str, int], int] = defaultdict(int)
    for n in nominees:
        subject = ("p", n.person_id) if n.person_id else ("c", n.collective_id) if n.collective_id \
            else ("h", n.household_id)
        seen[subject] += 1  # type: ignore[index]
    for n in nominees:
        subject = ("p", n.person_id) if n.person_id else ("c", n.collective_id) if n.collective_id \
            else ("h", n.household_id)
        key = (*subject, n.award_code)  # type: ignore[assignment]
        if key in held:
            out[n.pk].append(f"Đã được tặng «{_award_name(n.award_code)}» năm {year} (quyết định {decisions[key]}) — "
                             "một thành tích chỉ khen một hình thức.")  # type: ignore[index]
        if seen[subject] > 1:  # type: ignore[index]
            out[n.pk].append("Được đề nghị hai lần trong cùng hồ sơ.")
        for where in elsewhere.get(subject, []):  # type: ignore[arg-type]
            out[n.pk].append(f"Cũng được đề nghị trong hồ sơ {where} của cùng đợt.")
    return out


def _quota(dossier: Dossier, nominees: list[Nominee], on: dt.date) -> tuple[list[Breach], str]:
    """Quota breaches over the whole round (every dossier still in play), as the law counts them."""
    round_nominees = (Nominee.objects.filter(dossier__round_id=dossier.round_id)
                      .exclude(dossier__state__in=["withdrawn", "rejected", "draft"])
                      .select_related("person", "collective", "dossier__unit"))
    items = list(round_nominees) if dossier.state != "draft" else list(round_nominees) + nominees
    proposals = [Proposal(subject_kind=n.subject_kind, award=n.award_code, unit=n.dossier.unit.code,
                          grassroots=n.dossier.unit.is_grassroots,
                          direct_worker=bool(n.person and n.person.is_direct_worker),
                          small_collective=bool(n.collective and n.collective.is_small)) for n in items]
    try:
        return check_quotas(proposals, on), ""
    except catalog.CatalogError as exc:
        return [], f"Không kiểm tra được tỷ lệ khen thưởng: {exc}"


def appraise(dossier: Dossier, *, as_of: dt.date | None = None) -> Appraisal:
    as_of = as_of or timezone.localdate()
    nominees = list(dossier.nominees.select_related("person", "collective", "household", "dossier__unit")
                    .order_by("position", "pk"))
    year = dossier.round.year
    by_nominee = nominee_cases(nominees, year=year, as_of=as_of)
    cleared = _batch_cleared(by_nominee, year=year, as_of=as_of)
    dups = _duplicates(dossier, nominees)
    view = catalog_view(as_of)  # one achievement, one form (Luật Điều 5 khoản 2)
    rows: list[NomineeAppraisal] = []
    for n in nominees:
        verdict = None
        eligible: bool | None = None
        case = by_nominee.get(n.pk)
        if n.pk in cleared:
            eligible = True
        elif case is not None:
            try:
                verdict = evaluate(case)
                eligible = verdict.eligible
            except (catalog.CatalogError, CaseError):
                verdict = None
        same_form = (other_forms(view, [a for a in case.awards if a.year == year], n.award_code, year,
                                 dossier.round.kind) if case is not None else [])
        rows.append(NomineeAppraisal(n, verdict, list(dups.get(n.pk, [])), eligible, same_form))
    breaches, error = _quota(dossier, nominees, as_of)
    return Appraisal(rows, breaches, error)


def _batch_cleared(by_nominee: dict[int, Case], *, year: int, as_of: dt.date) -> set[int]:
    """Nominee ids the columnar evaluation finds eligible (one pass per award code)."""
    if not by_nominee:
        return set()
    ids = list(by_nominee)
    pop = cases.population_of_cases([by_nominee[i] for i in ids], year=year, as_of=as_of)
    cleared: set[int] = set()
    for code in {c.award for c in by_nominee.values()}:
        try:
            bits = batch.evaluate_population(pop, code, year, catalog.catalog())
        except (catalog.CatalogError, ValueError):
            continue  # left to the scalar engine
        cleared.update(ids[i] for i in batch.indices(bits) if by_nominee[ids[i]].award == code)
    return cleared


def explain_nominee(nominee: Nominee, *, as_of: dt.date | None = None) -> Verdict | None:
    """The engine's full verdict with reasons for one nominee (opened on demand on the page)."""
    as_of = as_of or timezone.localdate()
    case = nominee_cases([nominee], year=nominee.dossier.round.year, as_of=as_of).get(nominee.pk)
    if case is None:
        return None
    try:
        return evaluate(case)
    except (catalog.CatalogError, CaseError):
        return None
