"""Writes for dossiers: editing (unit side) and the workflow steps; one transaction per use case,
permission-checked, audited.

Every dossier write takes the row lock, checks the caller's ``expected_version`` (optimistic
locking: a stale save is refused and nothing is overwritten) and bumps ``Dossier.version``.
Workflow steps come from ``workflow.STEPS``; repeating the step that was just done (a double
click, a retried request) returns the dossier unchanged instead of failing. Rounds are in ``rounds``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.accounts.permissions import UNIT_ROLES, require_role, role_of
from thidua.audit import services as audit
from thidua.audit.models import AuditEvent
from thidua.core.errors import NotAllowed
from thidua.core.files import DOCUMENT_TYPES, FileRefused, store_upload
from thidua.core.text import length_errors
from thidua.org.models import Collective, Household, Person
from thidua.org.scope import can_see_unit, require_unit
from thidua.registry import catalog

from . import notify
from .completeness import missing_documents
from .errors import StaleVersionError, WorkflowError
from .models import Document, DocumentKind, Dossier, Nominee, Round, Transition
from .rounds import round_check_errors, round_closed_errors, sync_from_locked
from .workdays import province_calendar
from .workflow import STEPS, State, Step

EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
_STATE_LABELS = dict(State.choices)


# ---------------------------------------------------------------- editing a dossier (unit side)

def create_dossier(*, round: Round, unit: Any, by: Any, title: str) -> Dossier:
    require_role(by, UNIT_ROLES, "lập hồ sơ đề nghị")
    require_unit(by, unit)
    today = timezone.localdate()
    errors = (length_errors(Dossier, {"title": title}) or round_closed_errors(round, today)
              or round_check_errors(round, unit, today))
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


def _lock_for_edit(dossier: Dossier, by: Any, expected_version: int) -> Dossier:
    require_role(by, UNIT_ROLES, "sửa hồ sơ đề nghị")
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
    sync_from_locked(dossier, locked)


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
    elif info.serves != "all":  # who a title is for (issue 12 item 4)
        from thidua.registry.eligibility import is_armed_forces, unit_armed

        armed = (is_armed_forces(subject) if isinstance(subject, Person)
                 else bool(unit_armed(subject.unit)) if isinstance(subject, Collective) else False)
        if not info.serves_subject(armed):
            errors.append(f"«{info.name}» chỉ tặng cho lực lượng vũ trang; «{subject}» không thuộc lực lượng vũ trang."
                          if info.serves == "armed_forces" else
                          f"«{info.name}» không tặng cho lực lượng vũ trang; «{subject}» thuộc lực lượng vũ trang.")
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
        try:
            store_upload(doc.file, file, allowed=DOCUMENT_TYPES, what="Tài liệu")
        except FileRefused as exc:
            raise WorkflowError(str(exc)) from exc
        doc.save()
        _bump(locked, dossier)
        audit.record(actor=by, action="nominations.document_add", obj=doc,
                     after=audit.snapshot(doc, ["dossier_id", "nominee_id", "kind", "title", "file"]))
    return doc


# ---------------------------------------------------------------- workflow steps

def _authorize(by: Any, dossier: Dossier, step: Step) -> None:
    require_role(by, step.roles, step.label)
    if role_of(by) in UNIT_ROLES:
        require_unit(by, dossier.unit)
    if step.action == "withdraw" and role_of(by) == Role.CLERK and dossier.state != State.DRAFT:
        raise NotAllowed("Hồ sơ đã trình chỉ thủ trưởng đơn vị mới được rút.")


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
            sync_from_locked(dossier, locked)
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
        notify.handover(locked, state=step.target, by=by, reason=reason)
        audit.record(actor=by, action=f"nominations.{action}", obj=locked, before=before,
                     after={**audit.snapshot(locked, ["state", "version", "step_due_on"]), "reason": reason,
                            "details": details})
        sync_from_locked(dossier, locked)
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
