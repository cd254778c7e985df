"""Writes for rounds and dossiers: one transaction per use case, permission-checked, audited.

Every dossier write takes the row lock, checks the caller's ``expected_version`` (optimistic
locking: a stale save is refused and nothing is overwritten) and bumps ``Dossier.version``.
Workflow steps come from ``workflow.STEPS``; repeating the step that was just done (a double
click, a retried request) returns the dossier unchanged instead of failing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.accounts.scope import can_see_unit, require_unit
from thidua.audit import services as audit
from thidua.audit.models import AuditEvent
from thidua.org.models import Collective, Household, Person
from thidua.registry import catalog
from thidua.registry.models import AwardKind
from thidua.rules import calendar as calendar_rules

from . import notify
from .completeness import missing_documents
from .errors import StaleVersionError, WorkflowError
from .models import DEADLINE_STEPS, DayOff, Document, DocumentKind, Dossier, Nominee, Round, Transition
from .workdays import province_calendar
from .workflow import BOARD_ROLES, STEPS, UNIT_SCOPED_ROLES, State, Step

EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
_STATE_LABELS = dict(State.choices)


def _role(user: Any) -> str:
    return str(Role.ADMIN) if getattr(user, "is_superuser", False) else str(user.role)


def _require_role(user: Any, roles: frozenset[str] | set[str], what: str) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Bạn cần đăng nhập.")
    if _role(user) not in {str(r) for r in roles}:
        raise PermissionDenied(f"Vai trò «{Role(_role(user)).label}» không được {what}.")


# ---------------------------------------------------------------- rounds and days off

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
    _require_role(by, BOARD_ROLES, "khai báo ngày nghỉ của tỉnh")
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
    _require_role(by, BOARD_ROLES, "xoá ngày nghỉ của tỉnh")
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
    _require_role(by, BOARD_ROLES, "mở đợt khen thưởng")
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
    _require_role(by, BOARD_ROLES, "sửa đợt khen thưởng")
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
            _sync(round, locked)
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
        _sync(round, locked)
    return round


def _round_action(locked: Round, closes_on: dt.date, today: dt.date) -> str:
    if today < locked.opens_on or closes_on == locked.closes_on:
        return "nominations.round_update"
    if locked.closes_on < today <= closes_on:
        return "nominations.round_reopen"
    return "nominations.round_extend" if closes_on > locked.closes_on else "nominations.round_shorten"


def close_round(*, round: Round, by: Any, expected_version: str, reason: str) -> Round:
    """Close a round early: its closing date becomes yesterday, so no unit submits from today on."""
    _require_role(by, BOARD_ROLES, "đóng đợt khen thưởng")
    if not reason.strip():
        raise WorkflowError({"reason": ["Lý do: phải ghi lý do đóng đợt sớm."]})
    today = timezone.localdate()
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.closes_on < today:  # already closed: a repeated click changes nothing
            _sync(round, locked)
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
        _sync(round, locked)
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


# ---------------------------------------------------------------- editing a dossier (unit side)

def create_dossier(*, round: Round, unit: Any, by: Any, title: str) -> Dossier:
    _require_role(by, UNIT_SCOPED_ROLES, "lập hồ sơ đề nghị")
    require_unit(by, unit)
    today = timezone.localdate()
    errors = round_closed_errors(round, today) or round_check_errors(round, unit, today)
    if errors:
        raise WorkflowError(errors)
    with transaction.atomic():
        dossier = Dossier.objects.create(round=round, unit=unit, title=title, created_by=by)
        audit.record(actor=by, action="nominations.dossier_create", obj=dossier, after=audit.snapshot(dossier))
    return dossier


def _last_editor(dossier: Dossier) -> str:
    event = AuditEvent.objects.filter(object_type=dossier._meta.label_lower,
                                      object_id=str(dossier.pk)).order_by("-seq").first()
    if event is None:
        return ""
    at = timezone.localtime(event.at)
    return f" lúc {at:%H:%M %d/%m/%Y} bởi {event.actor}"


def _check_version(locked: Dossier, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != locked.version:
        raise StaleVersionError(
            f"Hồ sơ đã được người khác cập nhật{_last_editor(locked)} (phiên bản {locked.version}, bạn đang sửa "
            f"phiên bản {expected_version}). Thay đổi của bạn chưa được lưu và hồ sơ không bị ghi đè: "
            f"hãy tải lại hồ sơ, đối chiếu rồi lưu lại."
        )


def _sync(target: Dossier | Round, source: Dossier | Round) -> None:
    """Copy the locked row's values onto the caller's instance (a dossier or a round)."""
    for f in type(source)._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def _lock_for_edit(dossier: Dossier, by: Any, expected_version: int) -> Dossier:
    _require_role(by, UNIT_SCOPED_ROLES, "sửa hồ sơ đề nghị")
    locked = Dossier.objects.select_for_update().select_related("round", "unit").get(pk=dossier.pk)
    require_unit(by, locked.unit)
    _check_version(locked, expected_version)
    if locked.state not in EDITABLE_STATES:
        raise WorkflowError(f"Hồ sơ đang ở trạng thái «{_STATE_LABELS[locked.state]}»: chỉ sửa được khi đang "
                            f"soạn hoặc được trả lại để bổ sung.")
    return locked


def _bump(locked: Dossier, dossier: Dossier) -> None:
    locked.version += 1
    locked.save(update_fields=["version", "title", "note", "updated_at"])
    _sync(dossier, locked)


def update_dossier(*, dossier: Dossier, by: Any, expected_version: int, title: str | None = None,
                   note: str | None = None) -> Dossier:
    with transaction.atomic():
        locked = _lock_for_edit(dossier, by, expected_version)
        before = audit.snapshot(locked, ["title", "note", "version"])
        if title is not None:
            locked.title = title
        if note is not None:
            locked.note = note
        _bump(locked, dossier)
        audit.record(actor=by, action="nominations.dossier_update", obj=locked, before=before,
                     after=audit.snapshot(locked, ["title", "note", "version"]))
    return dossier


def subject_errors(by: Any, rnd: Round, award_code: str, subjects: list[Any]) -> list[str]:
    errors: list[str] = []
    if len([s for s in subjects if s is not None]) != 1:
        return ["Mỗi dòng đề nghị phải có đúng một đối tượng: cá nhân, tập thể hoặc hộ gia đình."]
    subject = next(s for s in subjects if s is not None)
    if award_code not in rnd.accepted_codes:
        errors.append(f"Đợt «{rnd.name}» không xét «{award_code}» (đợt nhận: {', '.join(rnd.accepted_codes)}).")
        return errors
    kind = {Person: "individual", Collective: "collective", Household: "household"}[type(subject)]
    info = catalog.award_info(award_code)
    if info.subjects and kind not in info.subjects:
        errors.append(f"«{info.name}» không tặng cho đối tượng loại này ({subject}).")
    unit = subject.unit
    if unit is None or not can_see_unit(by, unit):
        errors.append(f"«{subject}» không thuộc phạm vi đơn vị của bạn.")
    return errors


def add_nominee(*, dossier: Dossier, by: Any, expected_version: int, award_code: str,
                person: Person | None = None, collective: Collective | None = None,
                household: Household | None = None, achievement_summary: str = "") -> Nominee:
    with transaction.atomic():
        locked = _lock_for_edit(dossier, by, expected_version)
        errors = subject_errors(by, locked.round, award_code, [person, collective, household])
        if errors:
            raise WorkflowError(errors)
        position = locked.nominees.count() + 1
        try:
            with transaction.atomic():
                nominee = Nominee.objects.create(dossier=locked, person=person, collective=collective,
                                                 household=household, award_code=award_code,
                                                 achievement_summary=achievement_summary, position=position)
        except IntegrityError as exc:
            subject = person or collective or household
            raise WorkflowError(f"«{subject}» đã có trong hồ sơ với đề nghị «{award_code}».") from exc
        _bump(locked, dossier)
        audit.record(actor=by, action="nominations.nominee_add", obj=nominee, after=audit.snapshot(nominee))
    return nominee


def update_nominee(*, nominee: Nominee, by: Any, expected_version: int,
                   achievement_summary: str | None = None) -> Nominee:
    with transaction.atomic():
        locked = _lock_for_edit(nominee.dossier, by, expected_version)
        before = audit.snapshot(nominee)
        if achievement_summary is not None:
            nominee.achievement_summary = achievement_summary
        nominee.save()
        _bump(locked, nominee.dossier)
        audit.record(actor=by, action="nominations.nominee_update", obj=nominee, before=before,
                     after=audit.snapshot(nominee))
    return nominee


def remove_nominee(*, nominee: Nominee, by: Any, expected_version: int) -> None:
    with transaction.atomic():
        locked = _lock_for_edit(nominee.dossier, by, expected_version)
        before = audit.snapshot(nominee)
        pk = nominee.pk
        nominee.delete()
        _bump(locked, nominee.dossier)
        audit.record(actor=by, action="nominations.nominee_remove", object_type="nominations.nominee",
                     object_id=str(pk), before=before)


def attach_document(*, dossier: Dossier, by: Any, expected_version: int, kind: str, file: File[Any],
                    nominee: Nominee | None = None, title: str = "") -> Document:
    if kind not in DocumentKind.values:
        raise WorkflowError(f"Loại tài liệu «{kind}» không hợp lệ.")
    if nominee is not None and nominee.dossier_id != dossier.pk:
        raise WorkflowError("Tài liệu phải gắn với người, tập thể trong chính hồ sơ này.")
    with transaction.atomic():
        locked = _lock_for_edit(dossier, by, expected_version)
        doc = Document(dossier=locked, nominee=nominee, kind=kind, title=title or getattr(file, "name", ""),
                       uploaded_by=by)
        doc.file.save(getattr(file, "name", "tai-lieu"), file, save=False)
        doc.save()
        _bump(locked, dossier)
        audit.record(actor=by, action="nominations.document_add", obj=doc,
                     after=audit.snapshot(doc, ["dossier_id", "nominee_id", "kind", "title", "file"]))
    return doc


# ---------------------------------------------------------------- workflow steps

def _authorize(by: Any, dossier: Dossier, step: Step) -> None:
    _require_role(by, step.roles, step.label)
    if _role(by) in UNIT_SCOPED_ROLES:
        require_unit(by, dossier.unit)
    if step.action == "withdraw" and _role(by) == Role.CLERK and dossier.state != State.DRAFT:
        raise PermissionDenied("Hồ sơ đã trình chỉ thủ trưởng đơn vị mới được rút.")


def _is_repeat(dossier: Dossier, step: Step, details: Mapping[str, Any]) -> bool:
    if dossier.state != step.target:
        return False
    last = dossier.transitions.order_by("-at", "-pk").first()
    return last is not None and last.action == step.action and last.details == audit.jsonable(details)


def _due(locked: Dossier, step_key: str, start: dt.date) -> dt.date | None:
    days = locked.round.step_deadlines.get(step_key)
    return province_calendar().add_working_days(start, days) if days else None


_DUE_STEP = {
    State.SUBMITTED: "receive", State.RECEIVED: "appraisal", State.UNDER_APPRAISAL: "appraisal",
    State.RETURNED: "supplement", State.APPRAISED: "council", State.VOTED: "signature",
}


def _next_due(locked: Dossier, today: dt.date) -> dt.date | None:
    if locked.state == State.CONSULTATION:
        return locked.consultation_closes_on
    key = _DUE_STEP.get(State(locked.state))
    if key is None:
        return None
    start = locked.received_on if key == "appraisal" and locked.received_on else today
    return _due(locked, key, start)


def _transition(*, dossier: Dossier, by: Any, action: str, reason: str = "",
                details: Mapping[str, Any] | None = None, expected_version: int | None = None,
                apply: Callable[[Dossier], None] | None = None) -> Dossier:
    step = STEPS[action]
    details = dict(details or {})
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().select_related("round", "unit").get(pk=dossier.pk)
        _authorize(by, locked, step)
        if _is_repeat(locked, step, details):
            _sync(dossier, locked)
            return dossier
        _check_version(locked, expected_version)
        if locked.state not in step.sources:
            raise WorkflowError(f"Không thể {step.label}: hồ sơ đang ở trạng thái "
                                f"«{_STATE_LABELS[locked.state]}».")
        before = audit.snapshot(locked, ["state", "version", "step_due_on"])
        from_state = locked.state
        if apply is not None:
            apply(locked)
        today = timezone.localdate()
        locked.state = step.target
        locked.version += 1
        locked.step_due_on = _next_due(locked, today)
        locked.save()
        Transition.objects.create(dossier=locked, action=action, from_state=from_state, to_state=step.target,
                                  by=by, at=timezone.now(), reason=reason, details=audit.jsonable(details) or {},
                                  due_on=locked.step_due_on)
        notify.handover(locked, state=step.target, actor=by, reason=reason)
        audit.record(actor=by, action=f"nominations.{action}", obj=locked, before=before,
                     after={**audit.snapshot(locked, ["state", "version", "step_due_on"]), "reason": reason,
                            "details": details})
        _sync(dossier, locked)
    return dossier


def submit_dossier(*, dossier: Dossier, by: Any, expected_version: int | None = None) -> Dossier:
    def apply(d: Dossier) -> None:
        today = timezone.localdate()
        errors = round_closed_errors(d.round, today) or round_check_errors(d.round, d.unit, today)
        if errors:
            raise WorkflowError(errors)
        if not d.nominees.exists():
            raise WorkflowError("Hồ sơ chưa có người, tập thể nào được đề nghị.")
        missing = missing_documents(d)
        if missing:
            raise WorkflowError([m.message for m in missing])
        d.submitted_at = timezone.now()

    return _transition(dossier=dossier, by=by, action="submit", expected_version=expected_version, apply=apply)


def receive(*, dossier: Dossier, by: Any, expected_version: int | None = None) -> Dossier:
    def apply(d: Dossier) -> None:
        d.received_on = timezone.localdate()

    return _transition(dossier=dossier, by=by, action="receive", expected_version=expected_version, apply=apply)


def start_appraisal(*, dossier: Dossier, by: Any, expected_version: int | None = None) -> Dossier:
    return _transition(dossier=dossier, by=by, action="start_appraisal", expected_version=expected_version)


def _nominee_map(d: Dossier, ids: Any, what: str) -> dict[int, Nominee]:
    nominees = {n.pk: n for n in d.nominees.select_related("person", "collective", "household")}
    unknown = [str(i) for i in ids if i not in nominees]
    if unknown:
        raise WorkflowError(f"{what}: mã {', '.join(unknown)} không thuộc hồ sơ này.")
    return nominees


def return_for_supplement(*, dossier: Dossier, by: Any, reasons: Mapping[int, str],
                          expected_version: int | None = None) -> Dossier:
    clean = {int(k): v.strip() for k, v in reasons.items()}

    def apply(d: Dossier) -> None:
        if not clean:
            raise WorkflowError("Trả lại hồ sơ phải nêu lý do cho ít nhất một người, tập thể.")
        nominees = _nominee_map(d, clean, "Trả lại hồ sơ")
        blank = [nominees[i].subject_name for i, text in clean.items() if not text]
        if blank:
            raise WorkflowError(f"Thiếu lý do trả lại cho: {', '.join(blank)}.")
        for i, text in clean.items():
            nominees[i].return_reason = text
        Nominee.objects.bulk_update([nominees[i] for i in clean], ["return_reason"], batch_size=500)

    return _transition(dossier=dossier, by=by, action="return_for_supplement",
                       details={"reasons": {str(k): v for k, v in clean.items()}},
                       expected_version=expected_version, apply=apply)


def resubmit(*, dossier: Dossier, by: Any, expected_version: int | None = None, note: str = "") -> Dossier:
    def apply(d: Dossier) -> None:
        missing = missing_documents(d)
        if missing:
            raise WorkflowError([m.message for m in missing])
        d.nominees.exclude(return_reason="").update(return_reason="")

    return _transition(dossier=dossier, by=by, action="resubmit", reason=note, expected_version=expected_version,
                       apply=apply)


@dataclass(frozen=True)
class Conclusion:
    passed: bool
    note: str = ""


def conclude_appraisal(*, dossier: Dossier, by: Any, conclusions: Mapping[int, Conclusion],
                       expected_version: int | None = None) -> Dossier:
    details = {str(k): {"passed": c.passed, "note": c.note} for k, c in conclusions.items()}

    def apply(d: Dossier) -> None:
        nominees = _nominee_map(d, conclusions, "Kết luận thẩm định")
        errors = [f"Chưa có kết luận thẩm định cho {n.subject_name}." for pk, n in nominees.items()
                  if pk not in conclusions]
        errors += [f"{nominees[pk].subject_name}: không đạt thì phải ghi lý do."
                   for pk, c in conclusions.items() if not c.passed and not c.note.strip()]
        passed = {pk for pk, c in conclusions.items() if c.passed}
        errors += [m.message for m in missing_documents(d) if m.nominee_id in passed]
        if errors:
            raise WorkflowError(errors)
        for pk, c in conclusions.items():
            nominees[pk].appraisal_passed, nominees[pk].appraisal_note = c.passed, c.note
        Nominee.objects.bulk_update(nominees.values(), ["appraisal_passed", "appraisal_note"], batch_size=500)

    return _transition(dossier=dossier, by=by, action="conclude_appraisal", details=details,
                       expected_version=expected_version, apply=apply)


def needs_consultation(dossier: Dossier) -> bool:
    """Whether a nominee who passed appraisal is proposed for an award that needs public consultation
    (the catalog's ``consultation_award_levels``)."""
    codes = set(dossier.nominees.filter(appraisal_passed=True).values_list("award_code", flat=True))
    return any(catalog.requires_consultation(code) for code in codes)


def open_consultation(*, dossier: Dossier, by: Any, published_on: dt.date, council_on: dt.date, url: str = "",
                      expected_version: int | None = None) -> Dossier:
    calendar = province_calendar()
    days, reference = catalog.consultation_days(published_on), catalog.consultation_reference(published_on)
    closes_on = calendar.add_working_days(published_on, days)

    def apply(d: Dossier) -> None:
        if not needs_consultation(d):
            raise WorkflowError("Hồ sơ không có đề nghị khen thưởng cấp Nhà nước: không cần lấy ý kiến nhân dân.")
        if council_on < closes_on:
            raise WorkflowError(
                f"Danh sách phải công khai ít nhất {days} ngày làm việc trước khi họp Hội đồng "
                f"({reference}): công khai ngày {published_on:%d/%m/%Y} thì họp sớm nhất "
                f"ngày {closes_on:%d/%m/%Y}.")
        d.consultation_published_on, d.consultation_closes_on = published_on, closes_on
        d.council_on, d.consultation_url = council_on, url

    return _transition(dossier=dossier, by=by, action="open_consultation",
                       details={"published_on": published_on, "council_on": council_on, "url": url},
                       expected_version=expected_version, apply=apply)


def send_to_council(*, dossier: Dossier, by: Any, council_on: dt.date | None = None,
                    expected_version: int | None = None) -> Dossier:
    def apply(d: Dossier) -> None:
        if not d.nominees.filter(appraisal_passed=True).exists():
            raise WorkflowError("Không có ai đạt thẩm định: hãy chọn «không khen thưởng» thay vì trình Hội đồng.")
        if d.state == State.APPRAISED and needs_consultation(d):
            today = timezone.localdate()
            raise WorkflowError(f"Hồ sơ có đề nghị khen thưởng cấp Nhà nước: phải công khai lấy ý kiến ít nhất "
                                f"{catalog.consultation_days(today)} ngày làm việc trước khi họp Hội đồng "
                                f"({catalog.consultation_reference(today)}).")
        meeting = council_on or d.council_on
        if d.state == State.CONSULTATION and meeting is not None and d.consultation_closes_on is not None \
                and meeting < d.consultation_closes_on:
            raise WorkflowError(f"Chưa hết thời hạn lấy ý kiến (đến ngày {d.consultation_closes_on:%d/%m/%Y}).")
        d.council_on = meeting

    return _transition(dossier=dossier, by=by, action="send_to_council",
                       details={"council_on": council_on}, expected_version=expected_version, apply=apply)


def record_vote(*, dossier: Dossier, by: Any, results: Mapping[int, bool],
                expected_version: int | None = None) -> Dossier:
    def apply(d: Dossier) -> None:
        nominees = _nominee_map(d, results, "Kết quả bỏ phiếu")
        on_agenda = {pk for pk, n in nominees.items() if n.appraisal_passed}
        errors = [f"Chưa có kết quả bỏ phiếu cho {nominees[pk].subject_name}." for pk in on_agenda - set(results)]
        errors += [f"{nominees[pk].subject_name} không được trình Hội đồng (không đạt thẩm định)."
                   for pk in set(results) - on_agenda]
        if errors:
            raise WorkflowError(errors)
        for pk, ok in results.items():
            nominees[pk].council_passed = ok
        Nominee.objects.bulk_update([nominees[pk] for pk in results], ["council_passed"], batch_size=500)

    return _transition(dossier=dossier, by=by, action="record_vote",
                       details={str(k): v for k, v in results.items()}, expected_version=expected_version,
                       apply=apply)


def send_for_signature(*, dossier: Dossier, by: Any, expected_version: int | None = None) -> Dossier:
    def apply(d: Dossier) -> None:
        if not d.nominees.filter(council_passed=True).exists():
            raise WorkflowError("Hội đồng không thông qua ai: hãy chọn «không khen thưởng».")

    return _transition(dossier=dossier, by=by, action="send_for_signature", expected_version=expected_version,
                       apply=apply)


def _require_reason(reason: str, what: str) -> None:
    if not reason.strip():
        raise WorkflowError(f"Phải ghi lý do {what}.")


def reject(*, dossier: Dossier, by: Any, reason: str, expected_version: int | None = None) -> Dossier:
    _require_reason(reason, "không khen thưởng")
    return _transition(dossier=dossier, by=by, action="reject", reason=reason, details={"reason": reason},
                       expected_version=expected_version)


def withdraw(*, dossier: Dossier, by: Any, reason: str, expected_version: int | None = None) -> Dossier:
    _require_reason(reason, "rút hồ sơ")
    return _transition(dossier=dossier, by=by, action="withdraw", reason=reason, details={"reason": reason},
                       expected_version=expected_version)


def mark_decided(*, dossier: Dossier, by: Any, decision_number: str) -> Dossier:
    """Called by ``thidua.decisions.services.issue_decision`` inside its transaction."""
    return _transition(dossier=dossier, by=by, action="decide", details={"decision": decision_number},
                       reason=f"Quyết định số {decision_number}")
