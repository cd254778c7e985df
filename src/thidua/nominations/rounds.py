"""Writes for rounds (đợt) and the province's days off: one transaction per use case, permission-checked, audited.

A round is edited with optimistic locking on ``round_version`` (a stale save is refused, nothing is
overwritten). Other apps add checks on a dossier's unit against its round (``register_round_check``).
Dossiers and their workflow steps are in ``dossiers``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from thidua.accounts.permissions import BOARD_ROLES, require_role
from thidua.audit import services as audit
from thidua.audit.models import AuditEvent
from thidua.registry import catalog
from thidua.registry.models import AwardKind
from thidua.rules import calendar as calendar_rules

from .errors import StaleVersionError, WorkflowError
from .models import DEADLINE_STEPS, DayOff, Dossier, Round

# ---------------------------------------------------------------- days off

def _day_off_errors(day: dt.date, name: str, is_working_day: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Lý do: không được để trống (ví dụ «Nghỉ bù Giỗ Tổ theo Quyết định số …»)."]
    national_working = calendar_rules.is_working_day(day)
    if is_working_day and national_working:
        errors["day"] = [f"Ngày {day:%d/%m/%Y} vốn là ngày làm việc: không cần khai báo làm bù."]
    elif not is_working_day and not national_working:
        errors["day"] = [f"Ngày {day:%d/%m/%Y} đã là ngày nghỉ (cuối tuần hoặc ngày lễ): không cần khai báo."]
    return errors


def add_day_off(*, by: Any, day: dt.date, name: str, is_working_day: bool = False) -> DayOff:
    require_role(by, BOARD_ROLES, "khai báo ngày nghỉ của tỉnh")
    errors = _day_off_errors(day, name, is_working_day)
    if errors:
        raise WorkflowError(errors)
    with transaction.atomic():
        old = DayOff.objects.select_for_update().filter(day=day).first()
        before = audit.snapshot(old) if old is not None else None
        row, _created = DayOff.objects.update_or_create(day=day, defaults={"name": name.strip(),
                                                                          "is_working_day": is_working_day})
        if before != audit.snapshot(row):  # the same day sent twice is one event
            audit.record(actor=by, action="nominations.day_off", obj=row, before=before,
                         after=audit.snapshot(row))
    return row


def remove_day_off(*, by: Any, day: dt.date) -> bool:
    """Remove the province's own entry for ``day``; ``False`` when there was none (a repeated click)."""
    require_role(by, BOARD_ROLES, "xoá ngày nghỉ của tỉnh")
    with transaction.atomic():
        row = DayOff.objects.select_for_update().filter(day=day).first()
        if row is None:
            return False
        audit.record(actor=by, action="nominations.day_off_remove", obj=row, before=audit.snapshot(row))
        row.delete()
    return True


# Form field names the errors of a round are keyed by (the create and edit pages show them in place).
ROUND_FIELDS: dict[str, str] = {
    "name": "Tên đợt", "kind": "Loại hình", "year": "Năm thành tích",
    "accepted_codes": "Danh hiệu, hình thức nhận xét", "opens_on": "Ngày mở", "closes_on": "Hạn nộp",
    "authority": "Cấp quyết định", "issuer": "Ký hiệu cơ quan ban hành", "step_deadlines": "Thời hạn từng bước",
    "movement": "Phong trào",
}
_MAX_LENGTHS = {"name": 255, "authority": 160, "issuer": 20, "movement": 255}
FIRST_ROUND_YEAR = 1945  # the first emulation awards of the Republic


def deadline_field(step: str) -> str:
    return f"deadline_{step}"


def _round_errors(kind: str, accepted_codes: list[str], opens_on: dt.date, closes_on: dt.date,
                  step_deadlines: Mapping[str, Any], *, name: str = "-", year: int | None = None,
                  authority: str = "-", issuer: str = "-", movement: str = "") -> dict[str, list[str]]:
    """Every problem of a round's values, keyed by form field (``deadline_<step>`` for a step)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, value in (("name", name), ("authority", authority), ("issuer", issuer)):
        if not value.strip():
            add(field, f"{ROUND_FIELDS[field]}: không được để trống.")
    for field, value in (("name", name), ("authority", authority), ("issuer", issuer), ("movement", movement)):
        if len(value) > _MAX_LENGTHS[field]:
            add(field, f"{ROUND_FIELDS[field]}: tối đa {_MAX_LENGTHS[field]} ký tự (đang có {len(value)}).")
    if year is not None and not FIRST_ROUND_YEAR <= year <= opens_on.year + 1:
        add("year", f"Năm thành tích {year} phải từ {FIRST_ROUND_YEAR} đến {opens_on.year + 1} "
                    f"(năm mở đợt cộng một).")
    if kind not in AwardKind.values:
        add("kind", f"Loại hình đợt «{kind}» không hợp lệ.")
    if not accepted_codes:
        add("accepted_codes", "Đợt phải nhận ít nhất một danh hiệu hoặc hình thức khen thưởng.")
    for message in catalog.validate_codes(accepted_codes):
        add("accepted_codes", message)
    for code in accepted_codes:
        if code in catalog.award_codes() and kind in AwardKind.values:
            info = catalog.award_info(code)
            if info.award_kinds and kind not in info.award_kinds:
                add("accepted_codes", f"«{info.name}» không xét trong đợt loại «{AwardKind(kind).label}».")
    if closes_on < opens_on:
        add("closes_on", "Hạn nộp phải sau hoặc trùng ngày mở đợt.")
    for step, days in step_deadlines.items():
        if step not in DEADLINE_STEPS:
            add("step_deadlines", f"Bước «{step}» không có thời hạn (các bước: {', '.join(DEADLINE_STEPS)}).")
        elif not isinstance(days, int) or isinstance(days, bool) or days <= 0:
            add(deadline_field(step),
                f"Thời hạn bước «{DEADLINE_STEPS[step]}» phải là số ngày làm việc nguyên dương.")
    return errors


def _lock_round_name(name: str, year: int) -> None:
    """Serialise round creation per name and year, so two identical requests cannot both insert.

    SQLite already serialises writers (``transaction_mode = IMMEDIATE``); PostgreSQL takes a
    transaction-scoped advisory lock on a hash of the name and year.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"thidua.round:{year}:{name.casefold()}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)])


# The fields a round's page edits; ``round_version`` is their fingerprint (the optimistic lock).
ROUND_EDITABLE = ("name", "kind", "year", "accepted_codes", "opens_on", "closes_on", "authority", "issuer",
                  "step_deadlines", "movement")


def _round_values(rnd: Round) -> dict[str, Any]:
    return audit.snapshot(rnd, ROUND_EDITABLE)


def round_version(rnd: Round) -> str:
    """A fingerprint of the round's editable fields: the page sends it back, a changed round refuses the save."""
    return hashlib.sha256(audit.canonical(_round_values(rnd)).encode("utf-8")).hexdigest()[:16]


def create_round(*, by: Any, name: str, kind: str, year: int, accepted_codes: list[str], opens_on: dt.date,
                 closes_on: dt.date, authority: str = "Chủ tịch UBND tỉnh Lạng Sơn", issuer: str = "UBND",
                 step_deadlines: Mapping[str, int] | None = None, movement: str = "") -> Round:
    """Open a round. The same request sent twice (a double click, a retry) returns the round made the
    first time; another round with the same name and year is refused."""
    require_role(by, BOARD_ROLES, "mở đợt khen thưởng")
    name, authority, issuer, movement = name.strip(), authority.strip(), issuer.strip(), movement.strip()
    deadlines = dict(step_deadlines or {})
    errors = _round_errors(kind, accepted_codes, opens_on, closes_on, deadlines, name=name, year=year,
                           authority=authority, issuer=issuer, movement=movement)
    if errors:
        raise WorkflowError(errors)
    values = Round(name=name, kind=kind, year=year, accepted_codes=list(accepted_codes), opens_on=opens_on,
                   closes_on=closes_on, authority=authority, issuer=issuer, step_deadlines=deadlines,
                   movement=movement)
    with transaction.atomic():
        _lock_round_name(name, year)
        same_name = list(Round.objects.filter(name=name, year=year).order_by("pk"))
        for existing in same_name:
            if _round_values(existing) == _round_values(values):
                return existing
        if same_name:
            other = same_name[0]
            raise WorkflowError({"name": [f"Đã có đợt «{name}» năm {year} (mở {other.opens_on:%d/%m/%Y}, "
                                          f"hạn nộp {other.closes_on:%d/%m/%Y}): hãy sửa đợt đó hoặc đặt "
                                          f"tên khác."]})
        values.save()
        audit.record(actor=by, action="nominations.round_create", obj=values, after=audit.snapshot(values))
    return values


def movement_window(rnd: Round) -> tuple[str, dt.date, dt.date | None] | None:
    """(name, starts_on, ends_on) of the movement the round was opened from, if any (movements app)."""
    link = getattr(rnd, "movement_link", None)
    movement = getattr(link, "movement", None)
    if movement is None:
        return None
    return movement.name, movement.starts_on, movement.ends_on


def round_dates_in_window(opens_on: dt.date, closes_on: dt.date,
                          window: tuple[str, dt.date, dt.date | None]) -> dict[str, list[str]]:
    """A movement's round lies inside the movement's period: errors keyed by field (none when it does)."""
    name, starts_on, ends_on = window
    errors: dict[str, list[str]] = {}
    if opens_on < starts_on:
        errors["opens_on"] = [f"Ngày mở đợt {opens_on:%d/%m/%Y} trước ngày phong trào bắt đầu "
                              f"{starts_on:%d/%m/%Y} («{name}»)."]
    if ends_on is not None and closes_on > ends_on:
        errors["closes_on"] = [f"Hạn nộp {closes_on:%d/%m/%Y} sau ngày phong trào kết thúc "
                               f"{ends_on:%d/%m/%Y} («{name}»)."]
    return errors


def _round_update_errors(locked: Round, wanted: Round, reason: str, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    old, new = _round_values(locked), _round_values(wanted)
    changed = [f for f in ROUND_EDITABLE if old[f] != new[f]]
    window = movement_window(locked)
    if window is not None:
        if "movement" in changed:
            errors["movement"] = [f"Đợt mở từ phong trào «{window[0]}»: đổi phong trào ở trang phong trào."]
        for field, messages in round_dates_in_window(wanted.opens_on, wanted.closes_on, window).items():
            errors.setdefault(field, []).extend(messages)
    if locked.opens_on <= today:
        for field in changed:
            if field != "closes_on":
                errors.setdefault(field, []).append(
                    f"Đợt đã mở từ {locked.opens_on:%d/%m/%Y}: không sửa được «{ROUND_FIELDS[field]}»; "
                    f"chỉ gia hạn, rút ngắn hoặc mở lại hạn nộp (kèm lý do).")
        if "closes_on" in changed and not reason.strip():
            errors["reason"] = ["Lý do: phải ghi lý do khi đổi hạn nộp của đợt đã mở (ví dụ số công văn gia hạn)."]
    return errors


def _stale_round(locked: Round, expected_version: str) -> None:
    if expected_version != round_version(locked):
        event = AuditEvent.objects.filter(object_type=locked._meta.label_lower,
                                          object_id=str(locked.pk)).order_by("-seq").first()
        who = f" lúc {timezone.localtime(event.at):%H:%M %d/%m/%Y} bởi {event.actor}" if event else ""
        raise StaleVersionError(
            f"Đợt «{locked.name}» đã được người khác sửa{who}. Thay đổi của bạn chưa được lưu "
            f"và đợt không bị ghi đè: hãy tải lại trang, đối chiếu rồi lưu lại.")


def update_round(*, round: Round, by: Any, expected_version: str, name: str, kind: str, year: int,
                 accepted_codes: list[str], opens_on: dt.date, closes_on: dt.date, authority: str, issuer: str,
                 step_deadlines: Mapping[str, int], movement: str = "", reason: str = "") -> Round:
    """Edit a round: everything before it opens; once open only its closing date (extend, shorten,
    reopen), with a reason. ``expected_version`` is ``round_version`` as the editor loaded it."""
    require_role(by, BOARD_ROLES, "sửa đợt khen thưởng")
    name, authority, issuer, movement = name.strip(), authority.strip(), issuer.strip(), movement.strip()
    deadlines = dict(step_deadlines)
    errors = _round_errors(kind, accepted_codes, opens_on, closes_on, deadlines, name=name, year=year,
                           authority=authority, issuer=issuer, movement=movement)
    wanted = Round(name=name, kind=kind, year=year, accepted_codes=list(accepted_codes), opens_on=opens_on,
                   closes_on=closes_on, authority=authority, issuer=issuer, step_deadlines=deadlines,
                   movement=movement)
    new = _round_values(wanted)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        before = _round_values(locked)
        if before == new:  # nothing to change: a repeated click after a save lands here
            sync_from_locked(round, locked)
            return round
        _stale_round(locked, expected_version)
        today = timezone.localdate()
        for field, messages in _round_update_errors(locked, wanted, reason, today).items():
            errors.setdefault(field, []).extend(messages)
        if not errors and name != locked.name and Round.objects.filter(name=name, year=year).exclude(
                pk=locked.pk).exists():
            errors["name"] = [f"Đã có đợt «{name}» năm {year}: hãy đặt tên khác."]
        if errors:
            raise WorkflowError(errors)
        action = _round_action(locked, closes_on, today)
        for field in ROUND_EDITABLE:
            setattr(locked, field, getattr(wanted, field))
        locked.save(update_fields=list(ROUND_EDITABLE))
        changed = {f: v for f, v in new.items() if before[f] != v}
        audit.record(actor=by, action=action, obj=locked, before={f: before[f] for f in changed},
                     after={**changed, "reason": reason.strip()})
        sync_from_locked(round, locked)
    return round


def _round_action(locked: Round, closes_on: dt.date, today: dt.date) -> str:
    if today < locked.opens_on or closes_on == locked.closes_on:
        return "nominations.round_update"
    if locked.closes_on < today <= closes_on:
        return "nominations.round_reopen"
    return "nominations.round_extend" if closes_on > locked.closes_on else "nominations.round_shorten"


def close_round(*, round: Round, by: Any, expected_version: str, reason: str) -> Round:
    """Close a round early: its closing date becomes yesterday, so no unit submits from today on."""
    require_role(by, BOARD_ROLES, "đóng đợt khen thưởng")
    if not reason.strip():
        raise WorkflowError({"reason": ["Lý do: phải ghi lý do đóng đợt sớm."]})
    today = timezone.localdate()
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.closes_on < today:  # already closed: a repeated click changes nothing
            sync_from_locked(round, locked)
            return round
        _stale_round(locked, expected_version)
        if locked.opens_on >= today:
            raise WorkflowError({"closes_on": [
                f"Đợt mở từ {locked.opens_on:%d/%m/%Y}: chưa nhận hồ sơ ngày nào nên không đóng sớm được; "
                f"hãy sửa ngày mở và hạn nộp."]})
        before = {"closes_on": locked.closes_on.isoformat()}
        locked.closes_on = today - dt.timedelta(days=1)
        locked.save(update_fields=["closes_on"])
        audit.record(actor=by, action="nominations.round_close", obj=locked, before=before,
                     after={"closes_on": locked.closes_on.isoformat(), "reason": reason.strip()})
        sync_from_locked(round, locked)
    return round


# ---------------------------------------------------------------- checks other apps add to a round

# A check of a dossier's unit against what its round belongs to: ``(round, unit, day) -> messages``.
# The movements app registers the movement's window and participating units here (in its
# AppConfig.ready), so every path that creates or submits a dossier runs it and nominations never
# imports movements.
RoundCheck = Callable[[Round, Any, dt.date], list[str]]
ROUND_CHECKS: list[RoundCheck] = []


def register_round_check(check: RoundCheck) -> None:
    if check not in ROUND_CHECKS:
        ROUND_CHECKS.append(check)


def round_check_errors(rnd: Round, unit: Any, on: dt.date) -> list[str]:
    return [message for check in ROUND_CHECKS for message in check(rnd, unit, on)]


def round_closed_errors(rnd: Round, on: dt.date) -> list[str]:
    """Why the round takes no dossier on ``on`` (not open yet, or past its closing date); [] when it does."""
    if on > rnd.closes_on:
        return [f"Đợt «{rnd.name}» đã hết hạn nộp ngày {rnd.closes_on:%d/%m/%Y}."]
    if on < rnd.opens_on:
        return [f"Đợt «{rnd.name}» chưa mở: nhận hồ sơ từ ngày {rnd.opens_on:%d/%m/%Y}."]
    return []




def sync_from_locked(target: Dossier | Round, source: Dossier | Round) -> None:
    """Copy the locked row's values onto the caller's instance (a dossier or a round)."""
    for f in type(source)._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
