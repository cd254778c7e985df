"""Writes for movements, registration and the link to nominations: one transaction per use case, audited.

Cluster scoring lives in ``clusters.py`` (same conventions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import transaction

from thidua.accounts.permissions import BOARD_ROLES, UNIT_ROLES, require_role, role_of
from thidua.audit import services as audit
from thidua.core.errors import NotAllowed
from thidua.core.files import DOCUMENT_TYPES, FileRefused, store_upload
from thidua.nominations import rounds
from thidua.nominations.models import Round
from thidua.org.models import Collective, Person, Unit
from thidua.org.scope import can_see_unit, require_unit
from thidua.registry import catalog as award_catalog
from thidua.registry.models import Award, AwardKind

from .errors import MovementError
from .models import (
    LaunchLevel,
    Movement,
    MovementKind,
    MovementRound,
    Registration,
    RegistrationItem,
    Review,
    ReviewKind,
)

# ---------------------------------------------------------------- movements

def _movement_errors(name: str, kind: str, level: str, starts_on: dt.date, ends_on: dt.date | None,
                     is_core: bool) -> list[str]:
    errors: list[str] = []
    if not name.strip():
        errors.append("Tên phong trào: không được để trống.")
    if kind not in MovementKind.values:
        errors.append(f"Loại phong trào «{kind}» không hợp lệ (các loại: {', '.join(MovementKind.values)}).")
    if level not in LaunchLevel.values:
        errors.append(f"Cấp phát động «{level}» không hợp lệ (các cấp: {', '.join(LaunchLevel.values)}).")
    if ends_on is not None and ends_on < starts_on:
        errors.append(f"Ngày kết thúc {ends_on:%d/%m/%Y} phải sau ngày bắt đầu {starts_on:%d/%m/%Y}.")
    if ends_on is None and not is_core:
        errors.append("Ngày kết thúc: bắt buộc, trừ phong trào nòng cốt chạy nhiều năm.")
    return errors


def _store(field: Any, upload: File[Any], what: str) -> None:
    """A movement's file: checked by content (PDF, Word, images), stored privately under a random name."""
    try:
        store_upload(field, upload, allowed=DOCUMENT_TYPES, what=what, save=True)
    except FileRefused as exc:
        raise MovementError([f"{what}: {exc}"]) from exc


def launch_movement(*, by: Any, name: str, kind: str, level: str, launched_on: dt.date, starts_on: dt.date,
                    ends_on: dt.date | None, launched_by: Unit | None = None, theme: str = "", goals: str = "",
                    criteria: str = "", is_core: bool = False, units: Sequence[Unit] = (),
                    launch_document_number: str = "", launch_document: File[Any] | None = None,
                    is_public: bool = True) -> Movement:
    """The province's board launches any movement; a unit's staff launch their own unit's movements."""
    _require_launcher(by, level, launched_by)
    errors = _movement_errors(name, kind, level, starts_on, ends_on, is_core)
    if errors:
        raise MovementError(errors)
    with transaction.atomic():
        movement = Movement.objects.create(
            name=name.strip(), kind=kind, level=level, launched_by=launched_by, launched_on=launched_on,
            starts_on=starts_on, ends_on=ends_on, theme=theme, goals=goals, criteria=criteria, is_core=is_core,
            launch_document_number=launch_document_number, is_public=is_public,
        )
        if launch_document is not None:
            _store(movement.launch_document, launch_document, "Văn bản phát động")
        if units:
            movement.units.set(units)
        after = audit.snapshot(movement)
        after["units"] = sorted(u.pk for u in units)
        audit.record(actor=by, action="movements.launch", obj=movement, after=after)
    return movement


MOVEMENT_FIELDS = ("name", "theme", "goals", "criteria", "kind", "level", "launched_by", "launched_on",
                   "starts_on", "ends_on", "is_core", "is_public", "launch_document_number")


def can_manage(user: Any, movement: Movement) -> bool:
    """The board manages every movement; a unit's staff the movements their unit (or a unit under it) launched."""
    if role_of(user) in BOARD_ROLES:
        return True
    return (role_of(user) in UNIT_ROLES and movement.launched_by is not None
            and movement.level != LaunchLevel.PROVINCE and can_see_unit(user, movement.launched_by))


def require_manage(user: Any, movement: Movement, what: str) -> None:
    require_role(user, BOARD_ROLES | UNIT_ROLES, what)
    if not can_manage(user, movement):
        raise NotAllowed(f"Chỉ Ban Thi đua – Khen thưởng hoặc đơn vị phát động được {what} "
                               f"«{movement.name}».")


def _require_launcher(by: Any, level: str, launched_by: Unit | None) -> None:
    if role_of(by) in BOARD_ROLES:
        return
    require_role(by, UNIT_ROLES, "phát động phong trào thi đua")
    if launched_by is None:
        raise NotAllowed("Đơn vị chỉ phát động phong trào của chính đơn vị mình.")
    if level == LaunchLevel.PROVINCE:
        raise NotAllowed("Phong trào cấp tỉnh do Ban Thi đua – Khen thưởng phát động.")
    require_unit(by, launched_by)


def update_movement(*, movement: Movement, by: Any, units: Sequence[Unit] | None = None,
                    launch_document: File[Any] | None = None, **changes: Any) -> Movement:
    """Edit a launched movement (same rules as the launch); the name is fixed once awards carry it."""
    require_manage(by, movement, "sửa phong trào")
    unknown = set(changes) - set(MOVEMENT_FIELDS)
    if unknown:
        raise MovementError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    values = {f: changes.get(f, getattr(movement, f)) for f in MOVEMENT_FIELDS}
    _require_launcher(by, values["level"], values["launched_by"])
    errors = _movement_errors(values["name"], values["kind"], values["level"], values["starts_on"],
                              values["ends_on"], values["is_core"])
    renamed = values["name"].strip() != movement.name
    if renamed and Award.objects.filter(movement=movement.name).exists():
        errors.append(f"Tên phong trào: đã có khen thưởng ghi phong trào «{movement.name}» trong sổ khen thưởng; "
                      f"không đổi tên được (thống kê theo phong trào dựa vào tên này).")
    if errors:
        raise MovementError(errors)
    with transaction.atomic():
        locked = Movement.objects.select_for_update().get(pk=movement.pk)
        before = audit.snapshot(locked)
        before["units"] = sorted(locked.units.values_list("pk", flat=True))
        old_name = locked.name
        for f, v in values.items():
            setattr(locked, f, v.strip() if f == "name" else v)
        locked.save()
        if launch_document is not None:
            _store(locked.launch_document, launch_document, "Văn bản phát động")
        if units is not None:
            locked.units.set(units)
        if renamed:
            # The rounds opened from it carry the name into the awards their decisions will write.
            Round.objects.filter(movement_link__movement=locked, movement=old_name).update(movement=locked.name)
        after = audit.snapshot(locked)
        after["units"] = sorted(locked.units.values_list("pk", flat=True))
        audit.record(actor=by, action="movements.update", obj=locked, before=before, after=after)
    return locked


def add_review(*, movement: Movement, by: Any, kind: str, held_on: dt.date, report_text: str = "",
               report_file: File[Any] | None = None) -> Review:
    require_manage(by, movement, "sơ kết, tổng kết phong trào")
    errors: list[str] = []
    if kind not in ReviewKind.values:
        errors.append(f"Loại «{kind}» không hợp lệ: chọn sơ kết hoặc tổng kết.")
    if held_on < movement.starts_on:
        errors.append(f"Ngày sơ kết, tổng kết {held_on:%d/%m/%Y} trước ngày phong trào bắt đầu "
                      f"{movement.starts_on:%d/%m/%Y}.")
    if not report_text.strip() and report_file is None:
        errors.append("Báo cáo: cần nội dung hoặc tệp báo cáo.")
    if errors:
        raise MovementError(errors)
    with transaction.atomic():
        review = Review.objects.create(movement=movement, kind=kind, held_on=held_on, report_text=report_text)
        if report_file is not None:
            _store(review.report_file, report_file, "Tệp báo cáo")
        audit.record(actor=by, action="movements.review", obj=review, after=audit.snapshot(review))
    return review


# Examples from the 2023 provincial conference (seed page): the core movements and the year's theme.
CORE_EXAMPLES: tuple[tuple[str, dt.date], ...] = (
    ("Cả nước chung sức xây dựng nông thôn mới", dt.date(2011, 1, 1)),
    ("Vì người nghèo, không để ai bị bỏ lại phía sau", dt.date(2016, 1, 1)),
    ("Doanh nghiệp Lạng Sơn hội nhập và phát triển", dt.date(2016, 1, 1)),
    ("Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở", dt.date(2019, 1, 1)),
    ("Cả nước đoàn kết, chung sức, đồng lòng thi đua phòng, chống đại dịch COVID-19", dt.date(2020, 4, 1)),
)
THEME_2023 = "Siết chặt kỷ cương, tăng cường trách nhiệm, quyết liệt hành động, sáng tạo bứt phá"


def seed_examples(*, by: Any = None, province: Unit | None = None) -> list[Movement]:
    """The demo's movements (idempotent: matched by name). ``by=None`` records the system as actor."""
    province = province or Unit.objects.filter(parent__isnull=True).order_by("path").first()
    rows: list[dict[str, Any]] = [
        {"name": name, "kind": MovementKind.REGULAR, "level": LaunchLevel.PROVINCE, "is_core": True,
         "launched_on": start, "starts_on": start, "ends_on": None,
         "goals": "Phong trào thi đua nòng cốt của tỉnh, triển khai hằng năm."}
        for name, start in CORE_EXAMPLES
    ]
    rows.append({
        "name": "Thi đua thực hiện thắng lợi mục tiêu, nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, "
                "an ninh năm 2023",
        "theme": THEME_2023, "kind": MovementKind.REGULAR, "level": LaunchLevel.PROVINCE, "is_core": False,
        "launched_on": dt.date(2023, 2, 10), "starts_on": dt.date(2023, 1, 1), "ends_on": dt.date(2023, 12, 31),
        "goals": "Phấn đấu hoàn thành đạt và vượt các chỉ tiêu kinh tế - xã hội năm 2023.",
        "criteria": "Hoàn thành xuất sắc nhiệm vụ chính trị; gắn với Chỉ thị số 05-CT/TW của Bộ Chính trị; "
                    "phát động thi đua chuyên đề gắn với ngày lễ, kỷ niệm, đợt cao điểm.",
    })
    out: list[Movement] = []
    with transaction.atomic():
        for row in rows:
            movement, created = Movement.objects.get_or_create(name=row["name"],
                                                               defaults={**row, "launched_by": province})
            if created:
                audit.record(actor=by, action="movements.seed", obj=movement, after=audit.snapshot(movement))
            out.append(movement)
    return out


# ---------------------------------------------------------------- registration

@dataclass(frozen=True)
class Aim:
    award_code: str
    person: Person | None = None
    collective: Collective | None = None


def register(*, unit: Unit, year: int, by: Any, aims: Sequence[Aim], covenant_signed_on: dt.date | None = None,
             covenant_text: str = "", covenant_file: File[Any] | None = None,
             movement: Movement | None = None) -> Registration:
    """Replace the unit's registration for the year (titles aimed for, covenant)."""
    require_role(by, BOARD_ROLES | UNIT_ROLES, "đăng ký thi đua")
    require_unit(by, unit)
    known = award_catalog.award_codes()
    errors: list[str] = []
    for i, aim in enumerate(aims, start=1):
        if aim.award_code not in known:
            errors.append(f"Dòng {i}: danh hiệu «{aim.award_code}» không có trong danh mục thi đua, khen thưởng.")
        if aim.person is not None and aim.collective is not None:
            errors.append(f"Dòng {i}: chỉ chọn một cá nhân hoặc một tập thể.")
        subject = aim.person or aim.collective
        if subject is not None and (subject.unit is None or not subject.unit.path.startswith(unit.path)):
            errors.append(f"Dòng {i}: «{subject}» không thuộc đơn vị {unit.name}.")
    if errors:
        raise MovementError(errors)
    with transaction.atomic():
        reg, _created = Registration.objects.select_for_update().get_or_create(unit=unit, year=year)
        before = {"items": _items_snapshot(reg), **audit.snapshot(reg, ["covenant_signed_on", "covenant_text"])}
        reg.covenant_signed_on = covenant_signed_on
        reg.covenant_text = covenant_text
        reg.movement = movement
        reg.save()
        if covenant_file is not None:
            _store(reg.covenant_file, covenant_file, "Tệp giao ước")
        reg.items.all().delete()
        RegistrationItem.objects.bulk_create([
            RegistrationItem(registration=reg, award_code=a.award_code, person=a.person, collective=a.collective)
            for a in aims
        ])
        after = {"items": _items_snapshot(reg), **audit.snapshot(reg, ["covenant_signed_on", "covenant_text"])}
        audit.record(actor=by, action="movements.register", obj=reg, before=before, after=after)
    return reg


def _items_snapshot(reg: Registration) -> list[list[Any]]:
    return [list(t) for t in reg.items.order_by("pk").values_list("award_code", "person_id", "collective_id")]


# ---------------------------------------------------------------- link to nominations

def open_thematic_round(*, movement: Movement, by: Any, name: str, year: int, accepted_codes: list[str],
                        opens_on: dt.date, closes_on: dt.date, **round_options: Any) -> Round:
    """A thematic round for the movement; its dates must lie inside the movement's window."""
    errors = rounds.round_dates_in_window(opens_on, closes_on,
                                               (movement.name, movement.starts_on, movement.ends_on))
    if errors:
        raise MovementError([m for messages in errors.values() for m in messages])
    with transaction.atomic():
        rnd = rounds.create_round(by=by, name=name, kind=AwardKind.THEMATIC, year=year,
                                       accepted_codes=accepted_codes, opens_on=opens_on, closes_on=closes_on,
                                       movement=movement.name, **round_options)
        existing = MovementRound.objects.filter(round=rnd).select_related("movement").first()
        if existing is not None:  # create_round returned the round of an identical earlier request
            if existing.movement_id != movement.pk:
                raise MovementError([f"Đợt «{rnd.name}» năm {rnd.year} đã thuộc phong trào "
                                     f"«{existing.movement.name}»."])
            return rnd
        link = MovementRound.objects.create(movement=movement, round=rnd)
        audit.record(actor=by, action="movements.open_round", obj=link,
                     after={"movement": movement.pk, "round": rnd.pk})
    return rnd


def movement_window_errors(movement: Movement, unit: Unit, on: dt.date) -> list[str]:
    errors: list[str] = []
    if on < movement.starts_on or (movement.ends_on is not None and on > movement.ends_on):
        end = f"{movement.ends_on:%d/%m/%Y}" if movement.ends_on else "nay"
        errors.append(f"Phong trào «{movement.name}» chỉ nhận hồ sơ từ {movement.starts_on:%d/%m/%Y} đến {end}; "
                      f"ngày {on:%d/%m/%Y} nằm ngoài thời gian này.")
    scope = list(movement.units.values_list("path", flat=True))
    if scope and not any(unit.path.startswith(p) for p in scope):
        errors.append(f"Đơn vị «{unit.name}» không thuộc phạm vi tham gia phong trào «{movement.name}».")
    return errors


def round_movement_errors(rnd: Round, unit: Unit, on: dt.date) -> list[str]:
    """The hook ``nominations`` runs when a dossier is created or submitted (registered in apps.py)."""
    link = MovementRound.objects.select_related("movement").filter(round_id=rnd.pk).first()
    return movement_window_errors(link.movement, unit, on) if link is not None else []

