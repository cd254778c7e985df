"""Synthetic people of the demo province: names (Faker vi_VN, seeded), citizen IDs of Lạng Sơn
(province code 020), positions over time, yearly ratings 2018–2025, discipline and initiatives."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from thidua.core import citizen_id as cid
from thidua.core.text import search_key
from thidua.org.models import Person, Position, Unit
from thidua.registry.models import Discipline, DisciplineForm, Initiative, InitiativeScope, Rating, YearRecord

from . import places
from .org import REFORM_END, REFORM_START, YEARS, OrgMap, Workplace
from .writer import Row, create_rows

PROVINCE_CODE = "020"  # Lạng Sơn
GOOD = {Rating.HTXSNV, Rating.HTTNV}

# category → share of the population, staff title, leader titles, direct-worker flag for staff.
CATEGORIES: dict[str, tuple[float, str, tuple[str, ...], bool]] = {
    "office": (0.12, "Chuyên viên", ("Trưởng phòng", "Phó Trưởng phòng"), False),
    "commune": (0.12, "Công chức", ("Chủ tịch UBND", "Phó Chủ tịch UBND"), False),
    "school": (0.24, "Giáo viên", ("Hiệu trưởng", "Phó Hiệu trưởng"), True),
    "health": (0.10, "Điều dưỡng", ("Trưởng khoa", "Trạm trưởng"), True),
    "enterprise": (0.14, "Công nhân", ("Giám đốc", "Quản đốc"), True),
    "village": (0.22, "Nông dân", ("Trưởng thôn",), True),
    "armed": (0.06, "Chiến sĩ", ("Chỉ huy trưởng", "Chính trị viên"), True),
}

# The people of the seed page (conference of 10/02/2023): name, sex, posts (body code, title, leader).
SEED_PEOPLE: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("Hồ Tiến Thiệu", "M", [("TU", "Phó Bí thư Tỉnh ủy"), ("UBND", "Chủ tịch UBND tỉnh, Chủ tịch Hội đồng Thi đua – Khen thưởng tỉnh")]),
    ("Hoàng Văn Nghiệm", "M", [("HDND", "Trưởng đoàn Đại biểu Quốc hội tỉnh"), ("TU", "Phó Bí thư Thường trực Tỉnh ủy")]),
    ("Đoàn Thị Hậu", "F", [("TU", "Ủy viên Ban Thường vụ Tỉnh ủy"), ("HDND", "Chủ tịch HĐND tỉnh")]),
    ("Nông Lương Chấn", "M", [("TU", "Ủy viên Ban Thường vụ Tỉnh ủy"), ("MTTQ", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh")]),
    ("Đoàn Thu Hà", "F", [("TU", "Ủy viên Ban Thường vụ Tỉnh ủy"), ("UBND", "Phó Chủ tịch UBND tỉnh")]),
]


@dataclass
class Plan:
    """One person and the facts the award generator needs, kept in memory."""

    person: Row
    title: str
    is_leader: bool
    is_seed: bool
    hired: int
    units: dict[int, Unit] = field(default_factory=dict)  # year → unit at the end of that year
    ratings: dict[int, str] = field(default_factory=dict)
    disciplined: dict[int, str] = field(default_factory=dict)
    initiatives: dict[int, str] = field(default_factory=dict)  # year → best scope


@dataclass
class Population:
    plans: list[Plan]
    positions: int = 0
    ratings: int = 0
    initiatives: int = 0
    disciplines: int = 0


def _name(fake: Faker, rng: random.Random, sex: str, ethnicity: str) -> str:
    surname = rng.choice(places.MINORITY_SURNAMES) if ethnicity != "Kinh" else fake.last_name()
    middle = rng.choice(places.MIDDLE_MALE if sex == "M" else places.MIDDLE_FEMALE)
    given = fake.first_name_male() if sex == "M" else fake.first_name_female()
    return f"{surname} {middle} {given}"


def _ethnicity(rng: random.Random) -> str:
    x = rng.random()
    for name, share in places.ETHNICITIES:
        if x < share:
            return name
        x -= share
    return "Kinh"


def build_people(org: OrgMap, rng: random.Random, fake: Faker, *, people: int) -> Population:
    plans: list[Plan] = []
    serial = 0

    def new_person(full_name: str, sex: str, birth: dt.date, ethnicity: str, direct: bool, unit: Unit) -> Row:
        nonlocal serial
        serial += 1
        return Row(
            id=None, citizen_id=cid.make(PROVINCE_CODE, sex, birth.year, (serial * 7919 + 104_729) % 1_000_000),
            full_name=full_name, search_key=search_key(full_name), birth_date=birth, sex=sex,
            ethnicity=ethnicity, is_direct_worker=direct, unit=unit, unit_id=unit.pk, merged_into_id=None,
            is_deceased=False, created_at=None, updated_at=None,
        )

    for full_name, sex, posts in SEED_PEOPLE:
        main = org.bodies[posts[-1][0]]
        person = new_person(full_name, sex, dt.date(1970, 1, 1), "", False, main)
        plan = Plan(person, posts[-1][1], True, True, 2000)
        plan.units = {y: main for y in YEARS}
        plans.append(plan)
    categories = list(CATEGORIES)
    weights = [CATEGORIES[c][0] for c in categories]
    for _ in range(people - len(SEED_PEOPLE)):
        category = rng.choices(categories, weights)[0]
        share, staff_title, leader_titles, staff_direct = CATEGORIES[category]
        workplace: Workplace = rng.choice(org.workplaces[category])
        sex = "F" if rng.random() < (0.62 if category in ("school", "health") else 0.42) else "M"
        birth = dt.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
        leader = rng.random() < 0.1
        title = rng.choice(leader_titles) if leader else staff_title
        ethnicity = _ethnicity(rng)
        hired = max(birth.year + 22, rng.choice([rng.randint(2000, 2017)] * 9 + [rng.randint(2018, 2023)]))
        person = new_person(_name(fake, rng, sex, ethnicity), sex, birth, ethnicity,
                            staff_direct and not leader, workplace.unit)
        plan = Plan(person, title, leader, False, hired)
        # ~8% moved from another workplace of the same kind at the start of a year 2020–2024.
        moved_in = rng.randint(2020, 2024) if category != "commune" and hired < 2019 and rng.random() < 0.08 else 0
        previous: Workplace = rng.choice(org.workplaces[category]) if moved_in else workplace
        for year in YEARS:
            if year < hired:
                continue
            place = previous if year < moved_in else workplace
            before = place.before_reform if year < 2025 else None
            plan.units[year] = before or place.unit
        plans.append(plan)
    saved = create_rows(Person, [p.person for p in plans])
    for plan, person in zip(plans, saved, strict=True):
        plan.person = person
    pop = Population(plans)
    _positions(org, pop)
    _ratings(pop, rng)
    return pop


def _position(person: Row, unit: Unit, title: str, leader: bool, start: dt.date, end: dt.date | None) -> Row:
    return Row(id=None, person_id=person.pk, unit_id=unit.pk, title=title, is_leader=leader, valid_from=start,
               valid_to=end)


def _positions(org: OrgMap, pop: Population) -> None:
    rows: list[Row] = []
    for plan in pop.plans:
        person = plan.person
        if plan.is_seed:
            for code, title in SEED_PEOPLE_POSTS[person.full_name]:
                rows.append(_position(person, org.bodies[code], title, True, dt.date(2021, 1, 1), None))
            continue
        # One position per run of years in the same unit; a move takes effect on 1 January,
        # the 2025 reform on 1 July (old commune until 30/06/2025).
        start, unit = dt.date(plan.hired, 1, 1), None
        for year in sorted(plan.units):
            here = plan.units[year]
            if unit is not None and here.pk != unit.pk:
                reform = year == 2025 and unit.valid_to == REFORM_END
                end = REFORM_END if reform else dt.date(year - 1, 12, 31)
                rows.append(_position(person, unit, plan.title, plan.is_leader, start, end))
                start = REFORM_START if reform else dt.date(year, 1, 1)
            unit = here
        assert unit is not None
        rows.append(_position(person, unit, plan.title, plan.is_leader, start, None))
    create_rows(Position, rows)
    pop.positions = len(rows)


SEED_PEOPLE_POSTS = {name: posts for name, _sex, posts in SEED_PEOPLE}


def _ratings(pop: Population, rng: random.Random) -> None:
    records: list[Row] = []
    disciplines: list[Row] = []
    initiatives: list[Row] = []
    for plan in pop.plans:
        excellence = rng.choice([0.05, 0.05, 0.2, 0.2, 0.2, 0.35, 0.35, 0.6])
        for year in YEARS:
            if year not in plan.units:
                continue
            roll = rng.random()
            if plan.is_seed:
                rating = Rating.HTXSNV if roll < 0.5 else Rating.HTTNV
            elif roll < excellence:
                rating = Rating.HTXSNV
            elif roll < excellence + (1 - excellence) * 0.85:
                rating = Rating.HTTNV
            elif roll < 0.985:
                rating = Rating.HTNV
            else:
                rating = Rating.KHTNV
            if not plan.is_seed and rng.random() < 0.006:
                form = DisciplineForm.KHIEN_TRACH if rng.random() < 0.7 else DisciplineForm.CANH_CAO
                plan.disciplined[year] = form
                rating = Rating.HTNV
                disciplines.append(Row(id=None, person_id=plan.person.pk, form=form, valid_from=dt.date(year, 5, 1),
                                       valid_to=dt.date(year + 1, 4, 30),
                                       decision_number=f"{rng.randint(10, 999)}/QĐ-KL"))
            plan.ratings[year] = rating
            records.append(Row(person_id=plan.person.pk, collective_id=None, year=year, rating=rating,
                               justified_absence=False, note=""))
            if plan.is_seed:
                continue
            chance = 0.3 if rating == Rating.HTXSNV else 0.06 if rating == Rating.HTTNV else 0.0
            if rng.random() < chance:
                scope = InitiativeScope.TINH if rating == Rating.HTXSNV and rng.random() < 0.3 else InitiativeScope.CO_SO
                plan.initiatives[year] = scope
                initiatives.append(Row(
                    id=None, person_id=plan.person.pk, is_public=False, summary="", title=f"Giải pháp nâng cao hiệu quả công tác tại {plan.units[year].name}",
                    year=year, scope=scope,
                    recognized_by="Hội đồng sáng kiến tỉnh" if scope == InitiativeScope.TINH else "Hội đồng sáng kiến cơ sở",
                ))
    create_rows(YearRecord, records)
    create_rows(Discipline, disciplines)
    create_rows(Initiative, initiatives)
    pop.ratings, pop.disciplines, pop.initiatives = len(records), len(disciplines), len(initiatives)
