"""Award history 2018–2025 that obeys the law's ladders, with the seed page's 2022 figures exact.

Per year: grassroots titles (LĐTT, CSTĐ cơ sở ≤ 15% of LĐTT), ladder titles (CSTĐ tỉnh,
Bằng khen tỉnh path d), collective titles from their members' facts, the pinned Cờ thi đua
and collective Bằng khen, then the year's provincial total and grassroots share are met
exactly by dropping ladder awards (never required) or adding thematic Bằng khen (Luật Điều 74
điểm a: outstanding result in a movement, no ladder). State awards last.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from thidua.org.models import Collective, Unit, UnitKind
from thidua.registry.models import (
    Award,
    AwardKind,
    AwardLevel,
    AwardSource,
    AwardStatus,
    InitiativeScope,
    Rating,
    YearRecord,
)

from .money import prize
from .org import COMMUNE_KINDS, YEARS, OrgMap
from .people import GOOD, Plan, Population
from .writer import Row, create_rows

# year → (provincial awards, of which to grassroots units, small collectives, direct workers).
# 2022 and 2021 are the seed page: 1,652/2,091 = 79.00 %; 1,227/1,875 = 65.44 % (+13.56 points).
PROVINCE_TARGETS: dict[int, tuple[int, int]] = {
    2018: (1540, 890), 2019: (1610, 960), 2020: (1790, 1110), 2021: (1875, 1227),
    2022: (2091, 1652), 2023: (2130, 1700), 2024: (2200, 1780), 2025: (1760, 1440),
}
PINNED_YEARS = (2021, 2022)
STATE_2022 = 55
FLAGS_2022 = 38
BK_COLLECTIVES_2022 = 30
MOVEMENTS = [
    "Cả nước chung sức xây dựng nông thôn mới",
    "Vì người nghèo, không để ai bị bỏ lại phía sau",
    "Doanh nghiệp Lạng Sơn hội nhập và phát triển",
    "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
    "Cả nước đoàn kết, chung sức, đồng lòng thi đua phòng, chống đại dịch COVID-19",
]
CHAN = "Nông Lương Chấn"


class DemoError(RuntimeError):
    """The demo cannot meet a fixed figure; the message says which and why."""


@dataclass
class Ladder:
    cs_years: set[int] = field(default_factory=set)
    last_cstd_tinh: int = 0
    last_bk_tinh: int = 0
    last_bk_ttg: int = 0


@dataclass
class History:
    awards: list[Row] = field(default_factory=list)
    collective_ratings: dict[tuple[int, int], str] = field(default_factory=dict)


def _issuer(org: OrgMap, unit: Unit) -> tuple[str, str]:
    """The head who decides grassroots titles: nearest organisation (not a sub-unit or village)."""
    for uid in org.ancestors(unit.pk):
        u = org.by_id[uid]
        if u.kind in (UnitKind.SUB_UNIT, UnitKind.VILLAGE):
            continue
        if u.kind in COMMUNE_KINDS:
            return f"Chủ tịch UBND {u.name}", u.code
        return f"Thủ trưởng {u.name}", u.code
    return "Chủ tịch UBND tỉnh", "UBND"


class Generator:
    def __init__(self, org: OrgMap, pop: Population, rng: random.Random, *, scale: float) -> None:
        self.org, self.pop, self.rng, self.scale = org, pop, rng, scale
        self.plans = [p for p in pop.plans if not p.is_seed]
        self.ladders: dict[int, Ladder] = defaultdict(Ladder)
        self.history = History()
        self.issuers: dict[int, tuple[str, str]] = {}
        self.collectives = [c for c in org.collectives.values()]
        self._rate_collectives()

    # ------------------------------------------------------------------ helpers
    def _rate_collectives(self) -> None:
        for c in self.collectives:
            for year in YEARS:
                if self._active(c.unit, year):
                    roll = self.rng.random()
                    rating = Rating.HTXSNV if roll < 0.3 else Rating.HTTNV if roll < 0.92 else Rating.HTNV
                    self.history.collective_ratings[(c.pk, year)] = rating

    @staticmethod
    def _active(unit: Unit, year: int) -> bool:
        end = dt.date(year, 12, 31)
        return unit.valid_from <= end and (unit.valid_to is None or unit.valid_to >= end)

    def _issuer_of(self, unit: Unit) -> tuple[str, str]:
        if unit.pk not in self.issuers:
            self.issuers[unit.pk] = _issuer(self.org, unit)
        return self.issuers[unit.pk]

    def _make(self, *, code: str, year: int, level: str, number: str, date: dt.date, issuer: str,
              plan: Plan | None = None, collective: Collective | None = None,
              kind: str = AwardKind.ANNUAL, movement: str = "") -> Row:
        common: dict[str, object] = {
            "household_id": None, "code": code, "year": year, "period_from": None, "kind": kind, "level": level,
            "decision_number": number, "decision_date": date, "issuer": issuer, "status": AwardStatus.VALID,
            "retraction_reason": "", "source": AwardSource.DEMO, "is_posthumous": False, "movement": movement,
            "amount_vnd": prize(code, collective=plan is None, decided_on=date),
        }
        if plan is not None:
            unit = plan.units.get(year) or plan.person.unit
            assert unit is not None
            return Row(person=plan.person, person_id=plan.person.pk, collective=None, collective_id=None,
                       unit_id=unit.pk, subject_name=plan.person.full_name, subject_title=plan.title,
                       is_direct_worker=plan.person.is_direct_worker, is_grassroots_unit=False,
                       is_small_collective=False, **common)
        assert collective is not None
        unit = collective.unit
        return Row(person=None, person_id=None, collective=collective, collective_id=collective.pk,
                   unit_id=unit.pk, subject_name=collective.name, subject_title="", is_direct_worker=False,
                   is_grassroots_unit=unit.is_grassroots, is_small_collective=unit.is_small_collective, **common)

    def _grassroots(self, code: str, year: int, unit: Unit, **subject: object) -> Row:
        issuer, abbr = self._issuer_of(unit)
        index = ("LAO_DONG_TIEN_TIEN", "CSTD_CO_SO", "TT_LD_TIEN_TIEN", "GIAY_KHEN").index(code)
        number = f"{1 + (unit.pk * 31 + index * 7 + year) % 400}/QĐ-{abbr}"
        return self._make(code=code, year=year, level=AwardLevel.GRASSROOTS, number=number,
                          date=dt.date(year + 1, 1, 8 + index), issuer=issuer, **subject)  # type: ignore[arg-type]

    def _province(self, code: str, year: int, *, thematic: int | None = None, **subject: object) -> Row:
        codes = ("CSTD_TINH", "BK_TINH", "TT_LD_XUAT_SAC", "CO_THI_DUA_TINH")
        if thematic is None:
            index = codes.index(code)
            number, date, kind, movement = (f"{60 + index + (year % 10) * 10}/QĐ-UBND", dt.date(year + 1, 1, 16 + index),
                                            AwardKind.ANNUAL, "")
        else:
            number = f"{2100 + thematic + (year % 10) * 10}/QĐ-UBND"
            date, kind, movement = dt.date(year, 12, 10 + thematic), AwardKind.THEMATIC, MOVEMENTS[thematic]
        return self._make(code=code, year=year, level=AwardLevel.PROVINCE, number=number, date=date,
                          issuer="Chủ tịch UBND tỉnh", kind=kind, movement=movement, **subject)  # type: ignore[arg-type]

    def _state(self, code: str, year: int, *, thematic: int | None = None, **subject: object) -> Row:
        number = f"{40 + (year % 10) + (0 if thematic is None else thematic + 1) * 10}/QĐ-TTg"
        return self._make(code=code, year=year, level=AwardLevel.STATE, number=number, date=dt.date(year + 1, 1, 5),
                          issuer="Thủ tướng Chính phủ", kind=AwardKind.THEMATIC if thematic is not None else AwardKind.ANNUAL,
                          movement=MOVEMENTS[thematic] if thematic is not None else "", **subject)  # type: ignore[arg-type]

    @staticmethod
    def qualifies(award: Row) -> bool:
        return award.is_grassroots_unit or award.is_small_collective or (award.person_id is not None
                                                                          and award.is_direct_worker)

    # ------------------------------------------------------------------ one year
    def run(self) -> History:
        for year in YEARS:
            self._year(year)
        return self.history

    def _year(self, year: int) -> None:
        rng = self.rng
        rated = [p for p in self.plans if year in p.ratings]
        ldtt = [p for p in rated if p.ratings[year] in GOOD and year not in p.disciplined and rng.random() < 0.93]
        candidates = [p for p in ldtt if p.ratings[year] == Rating.HTXSNV or year in p.initiatives]
        rng.shuffle(candidates)
        candidates.sort(key=lambda p: (year - 1) not in self.ladders[p.person.pk].cs_years)
        cs = candidates[: int(0.15 * len(ldtt))]  # ≤ 15% of LĐTT: the NĐ91 ratio (law until 2023), kept for realistic demo data; no cap since 2024
        awards = [self._grassroots("LAO_DONG_TIEN_TIEN", year, p.units[year], plan=p) for p in ldtt]
        awards += [self._grassroots("CSTD_CO_SO", year, p.units[year], plan=p) for p in cs]
        cs_ids = {p.person.pk for p in cs}
        for p in cs:
            self.ladders[p.person.pk].cs_years.add(year)
        province: list[Row] = []
        pinned: list[Row] = []
        for p in rated:
            award = self._ladder_award(p, year, cs_ids)
            if award is not None:
                province.append(award)
        group, flagged = self._collective_titles(year, ldtt, cs_ids)
        awards += group
        province += flagged
        pinned += self._pinned_collectives(year)
        province = self._meet_targets(year, province, pinned, rated)
        state = self._state_awards(year, province + pinned, rated)
        awards += self._giay_khen(year, rated)
        for award in province + pinned + state:
            if award.person_id is None:
                continue
            ladder = self.ladders[award.person_id]
            if award.code == "CSTD_TINH":
                ladder.last_cstd_tinh = year
            elif award.code == "BK_TINH":
                ladder.last_bk_tinh = year
            elif award.code == "BK_TTG":
                ladder.last_bk_ttg = year
        self.history.awards += awards + province + pinned + state

    def _ladder_award(self, p: Plan, year: int, cs_ids: set[int]) -> Row | None:
        ladder = self.ladders[p.person.pk]
        run = {year - 2, year - 1, year}
        if (p.person.pk in cs_ids and run <= ladder.cs_years and ladder.last_cstd_tinh < year - 2
                and any(p.initiatives.get(y) == InitiativeScope.TINH for y in run) and self.rng.random() < 0.8):
            return self._province("CSTD_TINH", year, plan=p)
        two_cs = {year - 1, year} <= ladder.cs_years
        two_htxs = all(p.ratings.get(y) == Rating.HTXSNV and y in p.initiatives for y in (year - 1, year))
        if (two_cs or two_htxs) and ladder.last_bk_tinh < year - 1 and self.rng.random() < 0.35:
            return self._province("BK_TINH", year, plan=p)
        return None

    def _collective_titles(self, year: int, ldtt: list[Plan], cs_ids: set[int]) -> tuple[list[Row], list[Row]]:
        ldtt_ids = {p.person.pk for p in ldtt}
        stats: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])  # members, ldtt, cs, ok, good, warned
        for p in self.plans:
            unit = p.units.get(year)
            if unit is None:
                continue
            rating, pk = p.ratings[year], p.person.pk
            row = (1, pk in ldtt_ids, pk in cs_ids, rating != Rating.KHTNV, rating in GOOD,
                   p.disciplined.get(year, "") not in ("", "KHIEN_TRACH"))
            for uid in self.org.ancestors(unit.pk):
                acc = stats[uid]
                for i, v in enumerate(row):
                    acc[i] += int(v)
        grassroots, provincial = [], []
        for c in self.collectives:
            c_rating = self.history.collective_ratings.get((c.pk, year))
            members, n_ldtt, n_cs, ok, good, warned = stats.get(c.unit_id, [0] * 6)
            if c_rating is None or members == 0 or warned:
                continue
            if (c_rating == Rating.HTXSNV and not c.is_small and members >= 3 and ok == members
                    and good >= 0.7 * members and n_cs >= 1 and self.rng.random() < 0.5):
                provincial.append(self._province("TT_LD_XUAT_SAC", year, collective=c))
            elif c_rating in GOOD and n_ldtt * 2 > members and self.rng.random() < 0.85:
                grassroots.append(self._grassroots("TT_LD_TIEN_TIEN", year, c.unit, collective=c))
        return grassroots, provincial

    def _pinned_collectives(self, year: int) -> list[Row]:
        rng, ratings = self.rng, self.history.collective_ratings
        flags = FLAGS_2022 if year == 2022 else rng.randint(30, 40)
        bks = BK_COLLECTIVES_2022 if year == 2022 else rng.randint(20, 32)
        in_clusters = set(self.org.members_by_year.get(year, []))
        pool = [c for c in self.collectives if c.unit_id in in_clusters and (c.pk, year) in ratings]
        rng.shuffle(pool)
        pool.sort(key=lambda c: ratings[(c.pk, year)] != Rating.HTXSNV)
        if len(pool) < flags:
            raise DemoError(f"Năm {year}: chỉ có {len(pool)} đơn vị trong cụm, khối thi đua, cần {flags} Cờ thi đua.")
        chosen = pool[:flags]
        out = []
        for c in chosen:
            ratings[(c.pk, year)] = Rating.HTXSNV  # Cờ thi đua: hoàn thành xuất sắc, dẫn đầu cụm, khối
            out.append(self._province("CO_THI_DUA_TINH", year, collective=c))
        taken = {c.pk for c in chosen}
        pool = [c for c in self.collectives if c.pk not in taken and not c.is_small
                and (c.pk, year) in ratings and (c.pk, year - 1) in ratings]
        rng.shuffle(pool)
        pool.sort(key=lambda c: (ratings[(c.pk, year)] != Rating.HTXSNV) + (ratings[(c.pk, year - 1)] != Rating.HTXSNV))
        for c in pool[:bks]:  # Bằng khen tập thể: 2 năm liên tục hoàn thành xuất sắc nhiệm vụ
            ratings[(c.pk, year)] = ratings[(c.pk, year - 1)] = Rating.HTXSNV
            out.append(self._province("BK_TINH", year, collective=c))
        return out

    def _targets(self, year: int, fixed: int) -> tuple[int, int]:
        total, share = PROVINCE_TARGETS[year]
        if year in PINNED_YEARS or self.scale >= 1:
            return total, share
        scaled = max(fixed + 20, round(total * self.scale))
        return scaled, round(scaled * share / total)

    def _meet_targets(self, year: int, province: list[Row], pinned: list[Row], rated: list[Plan]) -> list[Row]:
        total, want_q = self._targets(year, len(pinned))
        want_n = total - want_q
        pin_q = sum(self.qualifies(a) for a in pinned)
        keep: list[Row] = []
        for qualifying, want in ((True, want_q - pin_q), (False, want_n - (len(pinned) - pin_q))):
            group = [a for a in province if self.qualifies(a) == qualifying]
            self.rng.shuffle(group)
            if want < 0:
                raise DemoError(f"Năm {year}: số khen thưởng cấp tỉnh cố định vượt chỉ tiêu ({len(pinned)}).")
            group = group[:want]
            keep += group
            have = {a.person.pk for a in province + pinned if a.person is not None}
            pool = [p for p in rated if p.ratings[year] in GOOD and year not in p.disciplined
                    and p.person.pk not in have and p.person.is_direct_worker == qualifying]
            missing = want - len(group)
            if missing > len(pool):
                raise DemoError(
                    f"Năm {year}: cần thêm {missing} cá nhân để đủ {total} khen thưởng cấp tỉnh nhưng chỉ có "
                    f"{len(pool)} người đủ điều kiện; hãy tăng số người của tỉnh mẫu.")
            for i, p in enumerate(self.rng.sample(pool, missing)):
                keep.append(self._province("BK_TINH", year, plan=p, thematic=i % len(MOVEMENTS)))
        return keep

    def _state_awards(self, year: int, provincial: list[Row], rated: list[Plan]) -> list[Row]:
        rng, out = self.rng, []
        if year == 2022:
            chan = next(p for p in self.pop.plans if p.person.full_name == CHAN)
            hc = self._make(code="HC_LAO_DONG_3", year=2022, level=AwardLevel.STATE, number="1520/QĐ-CTN",
                            date=dt.date(2022, 12, 26), issuer="Chủ tịch nước", plan=chan)
            hc.period_from = 2018
            out.append(hc)
        for p in rated:  # BK_TTG path b: BK tỉnh, then ≥ 5 years HTTNV+ with 3 CSTĐ cơ sở
            ladder = self.ladders[p.person.pk]
            b = ladder.last_bk_tinh
            run = range(b + 1, year + 1)
            if (b and year - b >= 5 and ladder.last_bk_ttg < b and all(p.ratings.get(y) in GOOD for y in run)
                    and len(ladder.cs_years & set(run)) >= 3 and rng.random() < 0.5):
                out.append(self._state("BK_TTG", year, plan=p))
        flags = [a for a in provincial if a.code == "CO_THI_DUA_TINH"]
        for a in rng.sample(flags, 4 if year == 2022 else rng.randint(2, 5)):  # ≤ 20% of Cờ tỉnh
            out.append(self._state("CO_THI_DUA_CP", year, collective=a.collective))
        target = STATE_2022 if year == 2022 else max(len(out) + 10, round(rng.randint(35, 60) * min(1.0, self.scale * 4)))
        missing = target - len(out)
        if missing < 0:
            raise DemoError(f"Năm {year}: số khen thưởng cấp Nhà nước vượt {target}.")
        busy = {a.person.pk for a in provincial + out if a.person is not None}
        people = [p for p in rated if p.ratings[year] == Rating.HTXSNV and p.person.pk not in busy]
        busy_c = {a.collective.pk for a in provincial + out if a.collective is not None}
        groups = [c for c in self.collectives if not c.is_small and c.pk not in busy_c
                  and self.history.collective_ratings.get((c.pk, year)) == Rating.HTXSNV]
        n_groups = min(len(groups), missing * 3 // 10)
        if missing - n_groups > len(people):
            raise DemoError(f"Năm {year}: không đủ cá nhân xuất sắc cho {missing} Bằng khen Thủ tướng.")
        for i, c in enumerate(rng.sample(groups, n_groups)):
            out.append(self._state("BK_TTG", year, collective=c, thematic=i % len(MOVEMENTS)))
        for i, p in enumerate(rng.sample(people, missing - n_groups)):
            out.append(self._state("BK_TTG", year, plan=p, thematic=i % len(MOVEMENTS)))
        return out

    def _giay_khen(self, year: int, rated: list[Plan]) -> list[Row]:
        out = []
        for p in rated:
            if p.ratings[year] in GOOD and year not in p.disciplined and self.rng.random() < 0.03:
                award = self._grassroots("GIAY_KHEN", year, p.units[year], plan=p)
                award.kind, award.movement = AwardKind.THEMATIC, MOVEMENTS[p.person.pk % len(MOVEMENTS)]
                out.append(award)
        return out


def save_history(history: History, org: OrgMap) -> tuple[int, int]:
    by_pk = {c.pk: c for c in org.collectives.values()}
    records = [Row(person_id=None, collective_id=by_pk[cpk].pk, year=year, rating=rating, justified_absence=False,
                   note="")
               for (cpk, year), rating in sorted(history.collective_ratings.items())]
    create_rows(YearRecord, records)
    create_rows(Award, history.awards)
    return len(records), len(history.awards)
