"""Shared test builders, in one module: ``from tests.factories import ...`` (no ``sys.path`` tricks;
the project root is on pytest's ``pythonpath``).

- org: units, people (with valid citizen ids), user accounts with a role;
- registry: award rows (one, many in bulk, a person's yearly history), rows and real .xlsx files for
  the award-history import;
- nominations: a round with its accounts (``Flow``), dossiers with their documents, walked through the
  workflow to any state; an issued decision;
- movements: a cluster of four departments with an open scoring sheet (``Setup``);
- rules: plain case dictionaries and the engine's verdict (no database).

The pytest fixtures over them (``make_unit``, ``make_person``, ``make_user``, ``flow``, ``setup``, …)
are declared in ``tests/conftest.py`` and the areas' conftest files. Django code is imported inside
the builders, so the rules tests import this module without loading Django.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from thidua.core import citizen_id as cid
from thidua.registry.importing.columns import COLUMNS
from thidua.rules.catalog import load_catalog
from thidua.rules.engine import evaluate
from thidua.rules.model import Reason, Verdict, parse_case

if TYPE_CHECKING:
    from thidua.accounts.models import User
    from thidua.decisions.models import Decision
    from thidua.movements.models import ScoringSheet
    from thidua.nominations.models import Dossier, Round
    from thidua.nominations.workflow import State
    from thidua.org.models import Cluster, Person, Unit
    from thidua.registry.models import Award

_seq = itertools.count(1)

# ---------------------------------------------------------------------------------------------- org


def make_unit(name: str | None = None, *, parent: Any = None, kind: str = "agency",
              code: str | None = None, **extra: Any) -> Unit:
    from thidua.org.models import Unit

    n = next(_seq)
    return Unit.objects.create(code=code or f"U{n:05d}", name=name or f"Đơn vị {n}", kind=kind,
                               parent=parent, **extra)


def make_person(full_name: str = "Nguyễn Văn An", *, unit: Any = None, sex: str = "M",
                birth_date: dt.date = dt.date(1980, 5, 1), with_id: bool = True, **extra: Any) -> Person:
    from thidua.org.models import Person

    n = next(_seq)
    citizen = cid.make("020", sex, birth_date.year, n) if with_id else None
    return Person.objects.create(full_name=full_name, unit=unit, sex=sex, birth_date=birth_date,
                                 citizen_id=citizen, **extra)


PASSWORD = "matkhau-demo-1"  # every account make_user creates has it unless told otherwise


def make_user(username: str | None = None, *, role: str = "clerk", unit: Any = None,
              password: str = PASSWORD, **extra: Any) -> User:
    from thidua.accounts.models import User

    n = next(_seq)
    return User.objects.create_user(username=username or f"user{n}", password=password, role=role,
                                    unit=unit, **extra)


# ----------------------------------------------------------------------------------------- registry


def make_award(*, person: Any = None, collective: Any = None, code: str = "BK_TINH", year: int = 2022,
               unit: Any = None, **extra: Any) -> Award:
    """One imported province-level award, decided on 28 December of its year."""
    from thidua.registry.models import Award, AwardLevel, AwardSource

    subject = person or collective
    return Award.objects.create(
        person=person, collective=collective, code=code, year=year, level=AwardLevel.PROVINCE,
        decision_number=f"{100 + year}/QĐ-UBND", decision_date=dt.date(year, 12, 28), issuer="UBND tỉnh",
        source=AwardSource.IMPORT, unit=unit or subject.unit,
        subject_name=getattr(subject, "full_name", None) or subject.name,
        subject_title=extra.pop("subject_title", "Chủ tịch"), **extra,
    )


_decision_num = itertools.count(1)


def add_awards(n: int, *, year: int, unit: Any, level: str = "province", code: str = "BK_TINH",
               person: Any = None, collective: Any = None, direct: bool = False, grassroots: bool = False,
               small: bool = False, decision_date: dt.date | None = None, movement: str = "",
               amount: int | None = None, kind: str = "annual") -> list[Any]:
    """``n`` award rows in one bulk insert (exact counts for the tallies)."""
    from thidua.registry.models import Award, AwardSource

    rows = []
    for _ in range(n):
        rows.append(Award(
            person=person, collective=collective, code=code, year=year, kind=kind, level=level,
            decision_number=f"{next(_decision_num)}/QĐ-UBND", decision_date=decision_date or dt.date(year + 1, 1, 16),
            issuer="Chủ tịch UBND tỉnh", source=AwardSource.IMPORT, unit=unit,
            subject_name=person.full_name if person else collective.name, is_direct_worker=direct,
            is_grassroots_unit=grassroots, is_small_collective=small, movement=movement, amount_vnd=amount,
        ))
    return Award.objects.bulk_create(rows)


def add_history(person: Any, *, years: range) -> None:
    """A rating, an award and (every third year) an initiative per year, plus one position."""
    from thidua.org.models import Position
    from thidua.registry.models import Award, Initiative, YearRecord

    Position.objects.create(person=person, unit=person.unit, title="Chủ tịch UBND xã", is_leader=True,
                            valid_from=dt.date(years.start, 1, 1))
    for year in years:
        YearRecord.objects.create(person=person, year=year, rating="HTXSNV")
        Award.objects.create(
            person=person, code="CSTD_CO_SO" if year % 2 else "LAO_DONG_TIEN_TIEN", year=year,
            level="grassroots", decision_number=f"{year % 100}/QĐ-UBND", decision_date=dt.date(year + 1, 1, 15),
            issuer="Chủ tịch UBND xã", source="import", unit=person.unit, subject_name=person.full_name,
        )
        if year % 3 == 0:
            Initiative.objects.create(person=person, title=f"Sáng kiến cải cách hành chính {year}", year=year,
                                      scope="co_so")


# Award-history import: valid rows and real .xlsx files.

HEADERS = [c.header for c in COLUMNS]
_serial = itertools.count(500_001)


def new_citizen_id(sex: str = "M", year: int = 1985) -> str:
    return cid.make("020", sex, year, next(_serial))


def person_row(citizen_id: str | None = None, **values: Any) -> dict[str, Any]:
    """A valid 'Cá nhân' row; override any column by its key."""
    row: dict[str, Any] = {
        "stt": 1, "subject_kind": "Cá nhân", "name": "Hoàng Văn Minh",
        "citizen_id": citizen_id or new_citizen_id("M", 1985), "birth_date": "12/04/1985", "sex": "Nam",
        "unit_code": "SNV", "award_code": "LAO_DONG_TIEN_TIEN", "year": 2023,
        "decision_number": "15/QĐ-SNV", "decision_date": "20/01/2024", "issuer": "Sở Nội vụ",
        "amount": 702000, "direct_worker": "Không", "note": "",
    }
    row.update(values)
    return row


def collective_row(**values: Any) -> dict[str, Any]:
    row = person_row(subject_kind="Tập thể", name="Phòng Tổ chức cán bộ", citizen_id=None, birth_date=None,
                     sex=None, award_code="TT_LD_TIEN_TIEN", amount=None)
    row["citizen_id"] = None
    row.update(values)
    return row


def write_xlsx(path: Path, rows: Sequence[dict[str, Any]], *, headers: Sequence[str] = HEADERS,
               keys: Sequence[str] | None = None) -> Path:
    """A real workbook: header row 1, one row per dict (values by column key)."""
    from openpyxl import Workbook

    keys = list(keys or [c.key for c in COLUMNS if c.header in headers])
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Khen thưởng"
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(k) for k in keys])
    wb.save(path)
    return path


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


# -------------------------------------------------------------------------------------- nominations

ACCEPTED = ["LAO_DONG_TIEN_TIEN", "CSTD_CO_SO", "CSTD_TINH", "BK_TINH", "BK_TTG", "HC_LAO_DONG_3", "GIAY_KHEN"]


@dataclass
class Flow:
    province: Any
    unit: Any
    other_unit: Any
    clerk: Any
    head: Any
    other_clerk: Any
    specialist: Any
    chair: Any
    round: Round
    make_person: Callable[..., Any]

    def dossier(self, *codes: str, people: list[Any] | None = None, docs: bool = True) -> Dossier:
        """A draft with one nominee per code (new people unless given) and, by default, every document."""
        from thidua.nominations import dossiers as svc

        d = svc.create_dossier(round=self.round, unit=self.unit, by=self.clerk, title="Đề nghị khen thưởng")
        for i, code in enumerate(codes):
            person = people[i] if people else self.make_person(f"Người {i + 1}", unit=self.unit)
            svc.add_nominee(dossier=d, by=self.clerk, expected_version=d.version, person=person, award_code=code,
                            achievement_summary="Hoàn thành xuất sắc nhiệm vụ")
        if docs:
            add_documents(d, self.clerk)
        return d

    def to_state(self, d: Dossier, state: State | str, *, passed: bool = True) -> Dossier:
        """Walk the dossier through the services up to ``state`` (all nominees passing)."""
        from django.utils import timezone

        from thidua.nominations import dossiers as svc
        from thidua.nominations.dossiers import Conclusion
        from thidua.nominations.workflow import State

        order = [State.SUBMITTED, State.RECEIVED, State.UNDER_APPRAISAL, State.APPRAISED, State.CONSULTATION,
                 State.AT_COUNCIL, State.VOTED, State.AWAITING_SIGNATURE]
        for target in order[: order.index(state) + 1]:  # type: ignore[arg-type]
            ids = list(d.nominees.values_list("pk", flat=True))
            if target == State.SUBMITTED:
                svc.submit_dossier(dossier=d, by=self.head)
            elif target == State.RECEIVED:
                svc.receive(dossier=d, by=self.specialist)
            elif target == State.UNDER_APPRAISAL:
                svc.start_appraisal(dossier=d, by=self.specialist)
            elif target == State.APPRAISED:
                svc.conclude_appraisal(dossier=d, by=self.specialist,
                                       conclusions={i: Conclusion(passed) if passed else Conclusion(False, "Thiếu")
                                                    for i in ids})
            elif target == State.CONSULTATION:
                if not svc.needs_consultation(d):
                    continue
                today = timezone.localdate()
                svc.open_consultation(dossier=d, by=self.specialist, published_on=today,
                                      council_on=today + dt.timedelta(days=40))
            elif target == State.AT_COUNCIL:
                svc.send_to_council(dossier=d, by=self.specialist)
            elif target == State.VOTED:
                svc.record_vote(dossier=d, by=self.specialist,
                                results={i: True for i in d.nominees.filter(appraisal_passed=True)
                                         .values_list("pk", flat=True)})
            elif target == State.AWAITING_SIGNATURE:
                svc.send_for_signature(dossier=d, by=self.specialist)
        return d


def add_documents(d: Dossier, by: Any, *, kinds: list[str] | None = None) -> None:
    from django.core.files.base import ContentFile

    from thidua.nominations import dossiers as svc
    from thidua.nominations.models import DocumentKind

    for kind in kinds or [DocumentKind.PROPOSAL_LETTER, DocumentKind.UNIT_COUNCIL_MINUTES]:
        svc.attach_document(dossier=d, by=by, expected_version=d.version, kind=kind,
                            file=ContentFile(b"%PDF-1.4 test", name=f"{kind}.pdf"))
    for n in d.nominees.all():
        for kind in (DocumentKind.ACHIEVEMENT_REPORT, DocumentKind.INITIATIVE_CONFIRMATION):
            svc.attach_document(dossier=d, by=by, expected_version=d.version, kind=kind, nominee=n,
                                file=ContentFile(b"%PDF-1.4 test", name=f"{kind}-{n.pk}.pdf"))


@pytest.fixture
def flow(make_unit: Callable[..., Any], make_user: Callable[..., Any], make_person: Callable[..., Any],
         settings: Any, tmp_path: Path) -> Flow:
    """A province, a grassroots department with its clerk and head, another department's clerk, the
    office's specialist and the chair; an annual round open from five days ago for thirty days."""
    from django.utils import timezone

    from thidua.nominations import rounds as svc

    settings.MEDIA_ROOT = tmp_path
    province = make_unit("UBND tỉnh Lạng Sơn", kind="province")
    unit = make_unit("Sở Giáo dục và Đào tạo", parent=province, is_grassroots=True)
    other = make_unit("Sở Y tế", parent=province)
    specialist = make_user(role="specialist", unit=province)
    today = timezone.localdate()
    rnd = svc.create_round(by=specialist, name="Khen thưởng tổng kết năm", kind="annual", year=today.year - 1,
                           accepted_codes=ACCEPTED, opens_on=today - dt.timedelta(days=5),
                           closes_on=today + dt.timedelta(days=30),
                           step_deadlines={"receive": 1, "appraisal": 20, "supplement": 5, "council": 5,
                                           "signature": 5})
    return Flow(province=province, unit=unit, other_unit=other, clerk=make_user(role="clerk", unit=unit),
                head=make_user(role="unit_head", unit=unit), other_clerk=make_user(role="clerk", unit=other),
                specialist=specialist, chair=make_user(role="chair", unit=province), round=rnd,
                make_person=make_person)


# ---------------------------------------------------------------------------------------- decisions

NAMES = ["Nguyễn Thị Hường", "Đặng Văn Lực", "Hoàng Thị Ngọc Ánh"]


def issued_decision(flow: Any, codes: tuple[str, ...] = ("BK_TINH", "BK_TINH", "CSTD_CO_SO")) -> Decision:
    """The flow's dossier for ``codes`` (people named from NAMES) taken to signature and decided today."""
    from django.utils import timezone

    from thidua.decisions import services as dsvc

    people = [flow.make_person(NAMES[i % len(NAMES)], unit=flow.unit) for i in range(len(codes))]
    dossier = flow.to_state(flow.dossier(*codes, people=people), "awaiting_signature")
    decision = dsvc.prepare_decision(dossiers=[dossier], by=flow.specialist, decided_on=timezone.localdate(),
                                     subject="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh",
                                     signer="Hồ Tiến Thiệu")
    dsvc.issue_decision(decision=decision, by=flow.chair)
    return decision


# ---------------------------------------------------------------------------------------- movements


@dataclass
class Setup:
    units: list[Any]
    cluster: Cluster
    specialist: Any
    clerks: list[Any]
    sheet: ScoringSheet


@pytest.fixture
def setup(make_unit: Callable[..., Any], make_user: Callable[..., Any]) -> Setup:
    """A cluster of four departments, opened for 2025 with a two-criterion scoring sheet."""
    from django.utils import timezone

    from thidua.movements import clusters
    from thidua.org.models import Cluster, ClusterMembership, ClusterRole

    province = make_unit("Tỉnh Lạng Sơn")
    units = [make_unit(f"Sở {i}", parent=province, code=f"CUM{i}") for i in range(1, 5)]
    cluster = Cluster.objects.create(code="CUM-KT", name="Cụm thi đua các sở kinh tế", kind="cluster")
    ClusterMembership.objects.bulk_create([
        ClusterMembership(cluster=cluster, unit=u, year=2024,
                          role=ClusterRole.LEADER if i == 0 else ClusterRole.DEPUTY if i == 1 else ClusterRole.MEMBER)
        for i, u in enumerate(units)])
    specialist = make_user(role="specialist")
    clusters.open_cluster_year(cluster=cluster, year=2025, by=specialist)
    sheet = clusters.create_sheet(cluster=cluster, year=2025, by=specialist,
                                  closes_on=timezone.localdate() + dt.timedelta(days=10),
                                  criteria=[("Hoàn thành chỉ tiêu", 10, "Báo cáo"), ("Cải cách hành chính", 5, "")])
    clerks = [make_user(role="clerk", unit=u) for u in units]
    return Setup(units, cluster, specialist, clerks, sheet)


# -------------------------------------------------------------------------------------- rules cases


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


# ---- the audit log's append-only guard, switched off as an attacker with raw SQL access would ----

SQLITE_TRIGGER = """
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only'); END;
"""


@contextlib.contextmanager
def trigger_disabled() -> Iterator[None]:
    """Switch the database's append-only guard off, as an attacker with raw SQL access would."""
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update")
        else:
            cur.execute("DROP TRIGGER audit_event_no_update")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update")
            else:
                cur.execute(SQLITE_TRIGGER)
