"""`thidua demo`: build the demo province (deterministic for a seed), or reuse it when present."""

from __future__ import annotations

import os
import random
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from faker import Faker

from thidua.accounts.models import Role, User
from thidua.audit.services import record
from thidua.movements.services import seed_examples as seed_movements
from thidua.org.models import Person, Unit
from thidua.org.services import rebuild_search_index
from thidua.portal.services import seed_news
from thidua.registry import snapshot
from thidua.registry.models import Award, AwardLevel

from .awards import BK_COLLECTIVES_2022, FLAGS_2022, Generator, save_history
from .org import build_org
from .people import build_people
from .writer import ACTOR

MARKER_CODE = "LS"
FULL_PEOPLE = 20_000
# The 2022 conference alone needs ~2,100 award holders besides the ladder titles, so a
# smaller build is raised to this floor (the seed page figures stay exact at every size).
MIN_PEOPLE = 3_000
PASSWORDS_FILE = "demo-accounts.txt"  # under var/: the generated password, for the demo's user to read
# username, role, unit code (None: the whole province), display name
ACCOUNTS: list[tuple[str, str, str | None, str]] = [
    ("canbo.dongdang", Role.CLERK, "Xã Đồng Đăng", "Cán bộ thi đua xã Đồng Đăng"),
    ("truong.dongdang", Role.UNIT_HEAD, "Xã Đồng Đăng", "Chủ tịch UBND xã Đồng Đăng"),
    ("chuyenvien", Role.SPECIALIST, "LS-SNV", "Chuyên viên Ban Thi đua – Khen thưởng"),
    ("hoidong", Role.COUNCIL_MEMBER, "LS-SNV", "Thành viên Hội đồng Thi đua – Khen thưởng tỉnh"),
    ("chutich", Role.CHAIR, "LS-UBND", "Chủ tịch UBND tỉnh"),
    ("quantri", Role.ADMIN, None, "Quản trị hệ thống"),
]


class DemoRefused(RuntimeError):
    """`thidua demo` will not touch this database (production, or data that is not the demo's)."""


@dataclass
class DemoResult:
    built: bool
    seed: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)
    password: str = ""
    password_file: Path | None = None

    def summary(self) -> str:
        head = (f"Đã dựng tỉnh mẫu Lạng Sơn (hạt giống {self.seed}) trong {self.seconds:.1f} giây."
                if self.built else "Tỉnh mẫu đã có sẵn: dùng lại dữ liệu hiện có (thêm --reset để dựng lại).")
        labels = {"units": "đơn vị", "people": "cá nhân", "awards": "khen thưởng", "ratings": "xếp loại hằng năm"}
        lines = [head, "Số liệu: " + ", ".join(f"{_n(self.counts.get(k, 0))} {v}" for k, v in labels.items()) + "."]
        lines += [f"  • {label}: {value}" for label, value in self.facts.items()]
        if self.password:
            lines.append(f"Tài khoản mẫu (mật khẩu chung «{self.password}», sinh ngẫu nhiên khi dựng, lưu ở "
                         f"{self.password_file}; không bật xác thực hai lớp):")
        else:
            lines.append(f"Tài khoản mẫu (mật khẩu in ra lúc dựng, lưu ở {self.password_file}; không thấy tệp "
                         "thì dựng lại với --reset):")
        lines += [f"  • {username:<16} {name}" for username, _role, _unit, name in ACCOUNTS]
        return "\n".join(lines)


def _n(value: int) -> str:
    """Vietnamese thousands separator: 2.091."""
    return f"{value:,}".replace(",", ".")


def build_demo(*, reset: bool = False, seed: int = 2022, people: int = FULL_PEOPLE,
               password_file: Path | None = None) -> DemoResult:
    """Build (or reuse) the demo province. Refuses (DemoRefused) in production and on a database
    that holds anything but the demo's own data, before touching it."""
    started = time.perf_counter()
    refuse_unless_demo_database()
    password_file = password_file or Path(settings.VAR_DIR) / PASSWORDS_FILE
    if reset:
        _flush()
    built = False
    password = ""
    if not Unit.objects.filter(code=MARKER_CODE).exists():
        password = secrets.token_urlsafe(12)
        _build(seed=seed, people=max(people, MIN_PEOPLE), password=password)
        _write_passwords(password_file, password)
        built = True
    else:
        password = _read_password(password_file)
    return DemoResult(built=built, seed=seed, seconds=time.perf_counter() - started,
                      counts=_counts(), facts=_facts(), password=password, password_file=password_file)


def non_demo_data_reason() -> str:
    """Why this database is not the demo's to rebuild ("" when it is empty or the demo's).

    The demo writes the first events of the audit chain itself (actor «dữ liệu mẫu (thidua
    demo)», actions ``demo.*``). A database with accounts, units or audit events whose first event
    is anyone else's was not made by ``thidua demo``: a real province's data, never to be flushed.
    """
    from thidua.audit.models import AuditEvent

    first = AuditEvent.objects.order_by("pk").values_list("actor", "action").first()
    if first is not None:
        if first[0] == ACTOR and first[1].startswith("demo."):
            return ""
        return "nhật ký kiểm toán không bắt đầu bằng dữ liệu mẫu"
    if User.objects.exists() or Unit.objects.exists():
        return "có tài khoản hoặc đơn vị không do bản trình diễn tạo"
    return ""


def refuse_unless_demo_database() -> None:
    if settings.PRODUCTION:
        raise DemoRefused(
            "Không chạy «thidua demo» khi THIDUA_ENV=production (hoặc chưa đặt THIDUA_ENV): bản trình diễn "
            "có thể xoá cơ sở dữ liệu. Muốn dựng tỉnh mẫu, đặt THIDUA_ENV=demo (make demo đã đặt sẵn) và "
            "dùng một cơ sở dữ liệu riêng.")
    reason = non_demo_data_reason()
    if reason:
        raise DemoRefused(
            f"Cơ sở dữ liệu này chứa dữ liệu thật ({reason}): «thidua demo» không dựng, không xoá gì. "
            "Dùng một cơ sở dữ liệu riêng cho bản trình diễn (DATABASE_URL, THIDUA_VAR).")


def _write_passwords(path: Path, password: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Tài khoản của bản trình diễn thidua (mật khẩu chung, sinh ngẫu nhiên khi dựng)",
             f"password: {password}", *(f"user: {username}" for username, *_ in ACCOUNTS)]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def _read_password(path: Path) -> str:
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("password: "):
                return line.removeprefix("password: ").strip()
    except OSError:
        pass
    return ""


def _flush() -> None:
    """Empty the whole database (the demo owns it). On PostgreSQL, pending deferred foreign-key
    checks of an enclosing transaction must fire first, or TRUNCATE refuses to run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


@transaction.atomic
def _build(*, seed: int, people: int, password: str) -> None:
    if connection.vendor == "sqlite":  # keep the ~300,000 new rows' index pages in memory until commit
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    rng = random.Random(seed)
    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    org = build_org(rng)
    population = build_people(org, rng, fake, people=people)
    rebuild_search_index()  # people were bulk-inserted: fill the name search index
    history = Generator(org, population, rng, scale=people / FULL_PEOPLE).run()
    save_history(history, org)
    _accounts(password)
    seed_movements(province=Unit.objects.get(code=MARKER_CODE))
    seed_news()
    # The registry was bulk-written: build the eligibility snapshot now, not on the first page.
    snapshot.rebuild()


def _accounts(password: str) -> None:
    # One hash for the shared demo password: PBKDF2 takes ~0.5 s per call by design.
    encoded = make_password(password)
    for username, role, unit_ref, name in ACCOUNTS:
        unit = None
        if unit_ref is not None:
            unit = Unit.objects.filter(code=unit_ref).first() or Unit.objects.get(name=unit_ref, valid_to=None)
        user = User(username=username, role=role, unit=unit, first_name=name,
                    is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
        user.password = encoded
        user.save()
        record(actor=ACTOR, action="demo.create", obj=user,
               after={"username": username, "role": role, "unit_id": user.unit_id})


def _counts() -> dict[str, int]:
    from thidua.registry.models import YearRecord

    return {"units": Unit.objects.count(), "people": Person.objects.count(), "awards": Award.objects.count(),
            "ratings": YearRecord.objects.count()}


def _facts() -> dict[str, str]:
    from django.db.models import Q

    grassroots = Q(is_grassroots_unit=True) | Q(is_small_collective=True) | Q(person__isnull=False,
                                                                            is_direct_worker=True)
    out: dict[str, str] = {}
    for year in (2021, 2022):
        prov = Award.objects.filter(year=year, level=AwardLevel.PROVINCE)
        total, share = prov.count(), prov.filter(grassroots).count()
        pct = f"{100 * share / total:.2f}".replace(".", ",") if total else "0"
        out[f"Khen thưởng cấp tỉnh năm {year}"] = (
            f"{_n(total)}; cho đơn vị cơ sở, tập thể nhỏ, người lao động trực tiếp {_n(share)} ({pct}%)")
    out["Khen thưởng cấp Nhà nước năm 2022"] = str(Award.objects.filter(year=2022, level=AwardLevel.STATE).count())
    flags = Award.objects.filter(year=2022, code="CO_THI_DUA_TINH", collective__isnull=False).count()
    bks = Award.objects.filter(year=2022, code="BK_TINH", collective__isnull=False).count()
    out["Cờ thi đua của UBND tỉnh năm 2022"] = f"{flags} tập thể (mục tiêu {FLAGS_2022})"
    out["Bằng khen của Chủ tịch UBND tỉnh cho tập thể năm 2022"] = f"{bks} tập thể (mục tiêu {BK_COLLECTIVES_2022})"
    return out
