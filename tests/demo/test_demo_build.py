"""The demo province: seed-page figures, the law's ladders in the generated history,
determinism, idempotency and reset. One small build (3,000 people) per test."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Q
from django.test import override_settings

from thidua.accounts.models import Role, User
from thidua.audit.models import AuditEvent
from thidua.audit.services import verify
from thidua.core import citizen_id as cid
from thidua.demo.build import MIN_PEOPLE, DemoRefused, build_demo
from thidua.org.models import ClusterMembership, Person, Position, Unit, UnitSuccession
from thidua.registry.models import Award, Initiative, YearRecord

SMALL = 500  # raised to MIN_PEOPLE by the builder
GOOD = {"HTXSNV", "HTTNV"}
LEVELS = {
    "LAO_DONG_TIEN_TIEN": "grassroots", "CSTD_CO_SO": "grassroots", "GIAY_KHEN": "grassroots",
    "TT_LD_TIEN_TIEN": "grassroots", "CSTD_TINH": "province", "BK_TINH": "province",
    "CO_THI_DUA_TINH": "province", "TT_LD_XUAT_SAC": "province", "BK_TTG": "state",
    "HC_LAO_DONG_3": "state", "CO_THI_DUA_CP": "state",
}
GRASSROOTS = Q(is_grassroots_unit=True) | Q(is_small_collective=True) | Q(person__isnull=False, is_direct_worker=True)


def _share(year: int) -> tuple[int, int]:
    prov = Award.objects.filter(year=year, level="province")
    return prov.count(), prov.filter(GRASSROOTS).count()


@pytest.mark.django_db
def test_seed_page_figures_and_the_law_hold_in_a_small_build(tmp_path: Path) -> None:
    result = build_demo(seed=2022, people=SMALL, password_file=tmp_path / "demo-accounts.txt")
    assert result.built
    assert Person.objects.count() == MIN_PEOPLE
    # The movements of the seed page, and the 2023 theme launched at the conference.
    from thidua.movements.models import Movement

    assert Movement.objects.filter(name="Cả nước chung sức xây dựng nông thôn mới", is_core=True).exists()
    assert Movement.objects.filter(theme__startswith="Siết chặt kỷ cương").exists()
    from thidua.portal.models import NewsItem

    assert NewsItem.objects.filter(title__contains="năm 2022").exists()

    # Hội nghị tổng kết năm 2022 (10/02/2023)
    assert Award.objects.filter(year=2022, level="state").count() == 55
    total, grassroots = _share(2022)
    assert (total, grassroots) == (2091, 1652)
    assert round(100 * grassroots / total) == 79
    total21, grassroots21 = _share(2021)
    assert round(100 * grassroots21 / total21, 2) == 65.44
    assert round(100 * grassroots / total - 100 * grassroots21 / total21, 1) == pytest.approx(13.6)
    assert Award.objects.filter(year=2022, code="CO_THI_DUA_TINH", collective__isnull=False).count() == 38
    assert Award.objects.filter(year=2022, code="BK_TINH", collective__isnull=False).count() == 30
    hc = Award.objects.get(code="HC_LAO_DONG_3", year=2022)
    assert (hc.subject_name, hc.issuer, hc.level) == ("Nông Lương Chấn", "Chủ tịch nước", "state")
    assert hc.subject_title == "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"
    for name, title in [("Hồ Tiến Thiệu", "Chủ tịch UBND tỉnh"), ("Hoàng Văn Nghiệm", "Phó Bí thư Thường trực Tỉnh ủy"),
                        ("Đoàn Thị Hậu", "Chủ tịch HĐND tỉnh"), ("Đoàn Thu Hà", "Phó Chủ tịch UBND tỉnh"),
                        ("Nông Lương Chấn", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh")]:
        assert Position.objects.filter(person__full_name=name, title__startswith=title).exists(), name
    assert "2.091" in result.summary() and "65,44%" in result.summary()

    # Levels of every code, prize = coefficient × base salary on the decision date, rounded up.
    for code, level in LEVELS.items():
        assert not Award.objects.filter(code=code).exclude(level=level).exists(), code
    assert set(Award.objects.filter(code="LAO_DONG_TIEN_TIEN", year=2022).values_list("amount_vnd", flat=True)) == {450_000}
    assert set(Award.objects.filter(code="LAO_DONG_TIEN_TIEN", year=2024).values_list("amount_vnd", flat=True)) == {710_000}
    assert set(Award.objects.filter(code="CSTD_CO_SO", year=2023).values_list("amount_vnd", flat=True)) == {1_800_000}

    _assert_ladders()
    _assert_org_and_people()
    _assert_audit_and_accounts(result.password)


def _assert_ladders() -> None:
    rating = {(p, y): r for p, y, r in YearRecord.objects.filter(person__isnull=False)
              .values_list("person_id", "year", "rating")}
    c_rating = {(c, y): r for c, y, r in YearRecord.objects.filter(collective__isnull=False)
                .values_list("collective_id", "year", "rating")}
    held: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for p, code, y in Award.objects.filter(person__isnull=False).values_list("person_id", "code", "year"):
        held[code].add((p, y))
    initiatives: dict[tuple[int, int], set[str]] = defaultdict(set)
    for p, y, scope in Initiative.objects.values_list("person_id", "year", "scope"):
        initiatives[(p, y)].add(scope)

    for p, y in held["LAO_DONG_TIEN_TIEN"]:
        assert rating[(p, y)] in GOOD
    for p, y in held["CSTD_CO_SO"]:
        assert (p, y) in held["LAO_DONG_TIEN_TIEN"]
        assert rating[(p, y)] == "HTXSNV" or initiatives[(p, y)]
    ldtt_by_year = defaultdict(int)
    for _p, y in held["LAO_DONG_TIEN_TIEN"]:
        ldtt_by_year[y] += 1
    for y in ldtt_by_year:  # CSTĐ cơ sở ≤ 15% of LĐTT
        assert sum(1 for _p, yy in held["CSTD_CO_SO"] if yy == y) <= 0.15 * ldtt_by_year[y]
    assert held["CSTD_TINH"], "the demo shows at least one provincial emulation fighter"
    for p, y in held["CSTD_TINH"]:
        assert all((p, yy) in held["CSTD_CO_SO"] for yy in (y - 2, y - 1, y))
        assert any("tinh" in initiatives[(p, yy)] for yy in (y - 2, y - 1, y))
    annual_bk = set(Award.objects.filter(code="BK_TINH", kind="annual", person__isnull=False)
                    .values_list("person_id", "year"))
    assert annual_bk
    for p, y in annual_bk:
        two_cs = (p, y - 1) in held["CSTD_CO_SO"] and (p, y) in held["CSTD_CO_SO"]
        two_htxs = all(rating.get((p, yy)) == "HTXSNV" and initiatives[(p, yy)] for yy in (y - 1, y))
        assert two_cs or two_htxs, (p, y)
    for p, y in Award.objects.filter(code="BK_TTG", kind="annual", person__isnull=False).values_list("person_id", "year"):
        b = max(yy for pp, yy in held["BK_TINH"] if pp == p and yy <= y - 5)
        assert all(rating[(p, yy)] in GOOD for yy in range(b + 1, y + 1))
        assert sum((p, yy) in held["CSTD_CO_SO"] for yy in range(b + 1, y + 1)) >= 3
    assert not Award.objects.filter(year=2022, level="state", kind="annual", code="BK_TTG").exists()
    for c, y in Award.objects.filter(code="BK_TINH", collective__isnull=False).values_list("collective_id", "year"):
        assert c_rating[(c, y - 1)] == c_rating[(c, y)] == "HTXSNV"
    for c, unit, y in Award.objects.filter(code="CO_THI_DUA_TINH").values_list("collective_id", "unit_id", "year"):
        assert c_rating[(c, y)] == "HTXSNV"
        assert ClusterMembership.objects.filter(unit_id=unit, year=y).exists()
    flags = set(Award.objects.filter(code="CO_THI_DUA_TINH").values_list("collective_id", "year"))
    for c, y in Award.objects.filter(code="CO_THI_DUA_CP").values_list("collective_id", "year"):
        assert (c, y) in flags
    _assert_collective_members(held)


def _assert_collective_members(held: dict[str, set[tuple[int, int]]]) -> None:
    """Tập thể lao động tiên tiến: more than half of the members are Lao động tiên tiến."""
    paths = dict(Unit.objects.values_list("id", "path"))
    positions = list(Position.objects.values_list("person_id", "unit_id", "valid_from", "valid_to"))
    awards = list(Award.objects.filter(code="TT_LD_TIEN_TIEN").values_list("unit_id", "year")[:150])
    assert awards
    for unit_id, year in awards:
        end = dt.date(year, 12, 31)
        prefix = paths[unit_id]
        members = {p for p, u, start, stop in positions
                   if paths[u].startswith(prefix) and start <= end and (stop is None or stop >= end)}
        assert members
        assert 2 * sum((p, year) in held["LAO_DONG_TIEN_TIEN"] for p in members) > len(members)


def _assert_org_and_people() -> None:
    assert Unit.objects.filter(valid_from=dt.date(2025, 7, 1), kind__in=["commune", "ward"]).count() == 65
    assert set(Unit.objects.filter(valid_from=dt.date(2025, 7, 1), kind="ward").values_list("name", flat=True)) == {
        "Phường Đông Kinh", "Phường Lương Văn Tri", "Phường Tam Thanh", "Phường Kỳ Lừa"}
    for name in ("Sở Nội vụ", "Sở Tài chính", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Ủy ban MTTQ Việt Nam tỉnh",
                 "Tỉnh đoàn Lạng Sơn", "Liên đoàn Lao động tỉnh", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"):
        assert Unit.objects.filter(name=name).exists(), name
    old = Unit.objects.filter(valid_to=dt.date(2025, 6, 30), kind__in=["commune", "township", "ward"])
    assert old.count() > 65
    assert not old.exclude(successions_out__isnull=False).exists()  # every old commune has a successor
    assert UnitSuccession.objects.filter(predecessor__kind="district").exists()
    # award history of the old communes survives the reform
    assert Award.objects.filter(unit__in=old, year__lte=2024).exists()
    for unit in Unit.objects.select_related("parent")[:400]:
        expected = (unit.parent.path if unit.parent else "/") + f"{unit.pk}/"
        assert (unit.path, unit.depth) == (expected, expected.count("/") - 2)
    for cid_value, birth, sex in Person.objects.values_list("citizen_id", "birth_date", "sex")[:1000]:
        assert cid.validate(cid_value, birth_date=birth, sex=sex).startswith("020")
    # positions over time: moves on 1 January, the reform on 1 July 2025, never two at once
    assert Position.objects.filter(valid_to__month=12, valid_to__day=31).exists()
    assert Position.objects.filter(valid_to=dt.date(2025, 6, 30), unit__kind__in=["commune", "township", "ward"]).exists()
    spans: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for person_id, start, stop in Position.objects.exclude(person__ethnicity="").values_list(
            "person_id", "valid_from", "valid_to"):
        spans[person_id].append((start, stop))
    for runs in spans.values():
        runs.sort()
        for (_s1, e1), (s2, _e2) in zip(runs, runs[1:], strict=False):
            assert e1 is not None and e1 < s2
    ethnicities = set(Person.objects.values_list("ethnicity", flat=True))
    assert {"Tày", "Nùng", "Kinh", "Dao"} <= ethnicities


def _assert_audit_and_accounts(password: str) -> None:
    covered: set[int] = set()
    for after in AuditEvent.objects.filter(object_type="registry.award").values_list("after", flat=True):
        covered.update(after["ids"])
    assert covered == set(Award.objects.values_list("id", flat=True))
    assert verify().ok
    roles = dict(User.objects.values_list("username", "role"))
    assert set(roles.values()) == {r.value for r in Role}
    admin = User.objects.get(role=Role.ADMIN)
    assert admin.is_superuser and admin.is_staff and admin.check_password(password)
    clerk = User.objects.get(role=Role.CLERK)
    assert clerk.unit is not None and clerk.unit.kind == "commune" and not clerk.totp_enabled


# transaction=True: `reset` flushes the database, as `thidua demo --reset` does outside any transaction
# (inside the test's enclosing transaction SQLite's deferred foreign-key bookkeeping makes it very slow).
@pytest.mark.django_db(transaction=True)
def test_same_seed_same_province_rerun_reuses_and_reset_rebuilds(tmp_path: Path) -> None:
    accounts = tmp_path / "demo-accounts.txt"

    def signature() -> tuple[list[str], list[tuple[str, int, str]]]:
        names = list(Person.objects.order_by("citizen_id").values_list("full_name", flat=True)[:300])
        awards = list(Award.objects.order_by("subject_name", "code", "year", "decision_number")
                      .values_list("code", "year", "subject_name")[:2000])
        return names, awards

    first = build_demo(seed=7, people=SMALL, password_file=accounts)
    sig, count = signature(), Award.objects.count()
    again = build_demo(seed=7, people=SMALL, password_file=accounts)
    assert not again.built and "dùng lại" in again.summary()
    # The generated password is printed again from var/ (the README publishes none).
    assert again.password == first.password and f"«{first.password}»" in again.summary()
    assert len(first.password) >= 16 and "thidua-demo" not in first.password
    assert accounts.stat().st_mode & 0o077 == 0
    assert Award.objects.count() == count and Person.objects.count() == MIN_PEOPLE
    rebuilt = build_demo(reset=True, seed=7, people=SMALL, password_file=accounts)
    assert rebuilt.password != first.password
    assert first.built and rebuilt.built
    assert signature() == sig and Award.objects.count() == count
    assert verify().ok


@pytest.mark.django_db
def test_demo_refuses_a_database_with_real_data(make_user: Any, tmp_path: Path) -> None:
    from thidua.audit.services import record

    user = make_user("canbo")
    record(actor=user, action="nominations.create", obj=user, after={})
    before = AuditEvent.objects.count()
    for reset in (False, True):
        with pytest.raises(DemoRefused, match="dữ liệu thật"):
            build_demo(reset=reset, people=SMALL, password_file=tmp_path / "x.txt")
    assert AuditEvent.objects.count() == before and User.objects.filter(pk=user.pk).exists()
    assert not (tmp_path / "x.txt").exists()


@pytest.mark.django_db
def test_demo_refuses_accounts_without_any_audit_event(make_user: Any, tmp_path: Path) -> None:
    make_user("quantri")  # e.g. `createsuperuser` on a fresh production database
    with pytest.raises(DemoRefused):
        build_demo(reset=True, people=SMALL, password_file=tmp_path / "x.txt")
    assert User.objects.filter(username="quantri").exists()


@pytest.mark.django_db
def test_demo_refuses_to_run_in_production(tmp_path: Path) -> None:
    with override_settings(PRODUCTION=True), pytest.raises(DemoRefused, match="THIDUA_ENV=production"):
        build_demo(reset=True, people=SMALL, password_file=tmp_path / "x.txt")
