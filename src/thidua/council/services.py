"""Council meetings: agenda from dossiers at the council, attendance and quorum, the secret
ballot, closing the meeting (results go to the dossiers through nominations' ``record_vote``).

Thresholds are catalog parameters (law-procedures.md §3.2): ``council_province_quorum`` if the
province set one, else ``council_central_quorum`` (2/3 of the members present). Approval is per
award (``rules.council``, law-review E1): the award's ``council_vote`` (≥ 90 % for Anh hùng and
Chiến sĩ thi đua toàn quốc / tỉnh, ≥ 80 % for Chiến sĩ thi đua cơ sở and the Cờ thi đua,
NĐ 98/2023 Điều 30 khoản 7), else ``council_vote_default`` (more than half) — always of ALL
members of the meeting (a member away or abstaining does not lower the bar). An absent member's
written ballot is recorded by the secretary (``record_written_ballot``) and counted.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from thidua.accounts.permissions import COUNCIL_ROLES, SECRETARY_ROLES, require_role, role_of
from thidua.audit import services as audit
from thidua.core.errors import NotAllowed
from thidua.core.text import search_key
from thidua.nominations import dossiers
from thidua.nominations.errors import WorkflowError
from thidua.nominations.models import Dossier, Nominee, Round
from thidua.nominations.workflow import State
from thidua.registry import catalog
from thidua.rules import council as vote_rules

from .models import AgendaItem, BallotBox, BallotCast, Choice, Meeting, MeetingMember, MeetingStatus

MEMBER_ROLES = COUNCIL_ROLES  # who may sit and vote in a meeting


def parse_fraction(value: Any) -> Fraction:
    return Fraction(str(value))


def parameters(on: dt.date) -> tuple[str, str]:
    """(quorum, default approval share) on `on`; each award's own threshold is `item_threshold`."""
    view = catalog.view_on(on)
    quorum = view.find("council_province_quorum") or view.param("council_central_quorum")
    default = view.param("council_vote_default").value
    return str(quorum.value), str(default["share"])


def quorum_needed(meeting: Meeting, total: int) -> int:
    return math.ceil(parse_fraction(meeting.quorum) * total)


def item_threshold(award_code: str, on: dt.date) -> vote_rules.VoteThreshold:
    """The vote threshold of `award_code` on the meeting date (the default for a code the catalog lacks)."""
    view = catalog.view_on(on)
    try:
        return vote_rules.vote_threshold(view, award_code)
    except catalog.CatalogError:  # a code of another legal version: the default rule
        return vote_rules.default_threshold(view, award_code)


def create_meeting(*, by: Any, round: Round, title: str, held_on: dt.date, members: Iterable[Any],
                   dossiers: Iterable[Dossier]) -> Meeting:
    """A meeting whose agenda is every nominee that passed appraisal in the chosen dossiers,
    grouped by award."""
    require_role(by, SECRETARY_ROLES, "lập phiên họp Hội đồng")
    member_list = list({m.pk: m for m in members}.values())
    chosen = list(Dossier.objects.filter(pk__in=[d.pk for d in dossiers]))
    errors = [f"Hồ sơ «{d.title}» chưa được trình Hội đồng." for d in chosen if d.state != State.AT_COUNCIL]
    errors += [f"Hồ sơ «{d.title}» không thuộc đợt «{round.name}»." for d in chosen if d.round_id != round.pk]
    if not chosen:
        errors.append("Chọn ít nhất một hồ sơ đã trình Hội đồng.")
    if not member_list:
        errors.append("Phiên họp phải có thành viên Hội đồng.")
    errors += [f"«{m}» không phải thành viên Hội đồng." for m in member_list if role_of(m) not in MEMBER_ROLES]
    if errors:
        raise WorkflowError(errors)
    quorum, approval = parameters(held_on)
    nominees = (Nominee.objects.filter(dossier__in=chosen, appraisal_passed=True)
                .order_by("award_code", "dossier_id", "position", "pk"))
    with transaction.atomic():
        meeting = Meeting.objects.create(round=round, title=title, held_on=held_on, quorum=quorum,
                                         approval=approval, created_by=by)
        MeetingMember.objects.bulk_create([MeetingMember(meeting=meeting, user=m) for m in member_list])
        items = []
        for i, n in enumerate(nominees):
            th = item_threshold(n.award_code, held_on)
            items.append(AgendaItem(meeting=meeting, nominee=n, position=i + 1, threshold=th.to_code(),
                                    threshold_reference=th.citation[:500]))
        AgendaItem.objects.bulk_create(items)
        audit.record(actor=by, action="council.meeting_create", obj=meeting,
                     after={**audit.snapshot(meeting), "members": [m.pk for m in member_list],
                            "dossiers": [d.pk for d in chosen]})
    return meeting


def _open(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != MeetingStatus.OPEN:
        raise WorkflowError("Phiên họp đã kết thúc.")
    return locked


def set_attendance(*, meeting: Meeting, by: Any, present: Iterable[Any]) -> Meeting:
    require_role(by, SECRETARY_ROLES, "điểm danh thành viên Hội đồng")
    ids = {u.pk for u in present}
    with transaction.atomic():
        locked = _open(meeting)
        if BallotCast.objects.filter(meeting=locked).exists():
            raise WorkflowError("Đã có thành viên bỏ phiếu: không sửa điểm danh được nữa.")
        members = set(locked.members.values_list("user_id", flat=True))
        strangers = ids - members
        if strangers:
            raise WorkflowError("Chỉ điểm danh được thành viên của phiên họp.")
        locked.members.update(present=False)
        locked.members.filter(user_id__in=ids).update(present=True)
        audit.record(actor=by, action="council.attendance", obj=locked, after={"present": sorted(ids)})
    return locked


def conflicts(meeting: Meeting, member: Any) -> dict[int, str]:
    """Agenda items the member must abstain on, with the reason: the member is the nominee,
    or belongs to the nominee's unit."""
    out: dict[int, str] = {}
    unit = getattr(member, "unit", None)
    name_key = search_key(member.get_full_name() or "")
    items = meeting.items.select_related("nominee__person__unit", "nominee__collective__unit",
                                         "nominee__household__unit", "nominee__dossier__unit")
    for item in items:
        n = item.nominee
        subject = n.person or n.collective or n.household
        subject_unit = getattr(subject, "unit", None) or n.dossier.unit
        if n.person is not None and name_key and n.person.search_key == name_key and (
                unit is None or subject_unit is None or unit.pk == subject_unit.pk):
            out[item.pk] = "Bạn là người được đề nghị ở mục này."
        elif unit is not None and subject_unit is not None and unit.path.startswith(subject_unit.path) \
                and subject_unit.parent_id is not None:
            out[item.pk] = f"Bạn thuộc đơn vị của người được đề nghị ({subject_unit.name})."
    return out


def cast_ballot(*, meeting: Meeting, by: Any, choices: Mapping[int, bool | None]) -> None:
    """The member's ballot paper: for each agenda item True (đồng ý), False (không đồng ý) or
    None (không ghi). The choices go into the anonymous ballot box; the member is recorded as having voted."""
    require_role(by, MEMBER_ROLES, "bỏ phiếu")
    _cast(meeting=meeting, voter=by, by=by, choices=choices, in_writing=False)


def record_written_ballot(*, meeting: Meeting, by: Any, member: Any, choices: Mapping[int, bool | None]) -> None:
    """The secretary records the written ballot (phiếu bằng văn bản) of a member absent from the
    meeting (NĐ 98/2023 Điều 30 khoản 7): counted like the others, the member marked as having voted
    in writing, the choices put in the anonymous ballot box."""
    require_role(by, SECRETARY_ROLES, "ghi nhận phiếu bầu bằng văn bản")
    _cast(meeting=meeting, voter=member, by=by, choices=choices, in_writing=True)


def _cast(*, meeting: Meeting, voter: Any, by: Any, choices: Mapping[int, bool | None], in_writing: bool) -> None:
    with transaction.atomic():
        locked = _open(meeting)
        member = locked.members.filter(user_id=voter.pk).first()
        if member is None:
            if in_writing:
                raise WorkflowError("Người này không phải thành viên của phiên họp.")
            raise NotAllowed("Bạn không phải thành viên của phiên họp này.")
        if in_writing and member.present:
            raise WorkflowError("Thành viên có mặt bỏ phiếu tại phiên họp, không bỏ phiếu bằng văn bản.")
        if not in_writing and not member.present:
            raise WorkflowError("Bạn chưa được điểm danh có mặt ở phiên họp.")
        total = locked.members.count()
        present = locked.members.filter(present=True).count()
        if present < quorum_needed(locked, total):
            raise WorkflowError(f"Phiên họp chưa đủ số thành viên tối thiểu ({present}/{total} có mặt, cần "
                                f"{quorum_needed(locked, total)} — tỷ lệ {locked.quorum}).")
        items = {i.pk: i for i in locked.items.select_related("nominee__person", "nominee__collective",
                                                               "nominee__household")}
        unknown = [str(k) for k in choices if k not in items]
        if unknown:
            raise WorkflowError(f"Mục {', '.join(unknown)} không có trong chương trình phiên họp.")
        blocked = conflicts(locked, voter)
        refused = [f"{items[k].nominee.subject_name}: {blocked[k]} Bạn không bỏ phiếu ở mục này."
                   for k, v in choices.items() if k in blocked and v is not None]
        if refused:
            raise WorkflowError(refused)
        try:
            with transaction.atomic():
                BallotCast.objects.create(meeting=locked, member=voter)
        except IntegrityError as exc:
            raise WorkflowError("Bạn đã bỏ phiếu ở phiên họp này; mỗi thành viên chỉ bỏ một phiếu.") from exc
        if in_writing:
            member.voted_in_writing = True
            member.save(update_fields=["voted_in_writing"])
        marks = [(k, Choice.YES if v else Choice.NO) for k, v in choices.items() if v is not None]
        marks += [(k, Choice.ABSTAINED) for k in blocked]
        _rewrite_box(add=[(locked.pk, item, choice) for item, choice in marks])
        # No audit event and no log line here: an event at this moment would date the ballot.
        # Who voted (and who in writing) is audited once, when the meeting closes.


def _rewrite_box(*, add: Sequence[tuple[int, int, str]] = (), counted: int | None = None) -> dict[tuple[int, str], int]:
    """Rewrite the whole ballot box: every row gets a fresh random key and the rows are written in a
    shuffled order, so neither an old row version (PostgreSQL: TRUNCATE drops the old file with all
    its row versions at commit) nor the position of a row tells which ballot it came from. The rows
    of the `counted` meeting are taken out and returned as counts per (item, choice)."""
    box = BallotBox._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'LOCK TABLE "{box}" IN ACCESS EXCLUSIVE MODE')
        rows = list(BallotBox.objects.values_list("meeting_id", "item_id", "choice"))
        cursor.execute(f'TRUNCATE "{box}"' if connection.vendor == "postgresql" else f'DELETE FROM "{box}"')
    counts: dict[tuple[int, str], int] = defaultdict(int)
    keep = []
    for meeting_id, item_id, choice in [*rows, *add]:
        if meeting_id == counted:
            counts[(item_id, choice)] += 1
        else:
            keep.append((meeting_id, item_id, choice))
    _shuffle(keep)
    BallotBox.objects.bulk_create([BallotBox(id=uuid.uuid4(), meeting_id=m, item_id=i, choice=c)
                                   for m, i, c in keep])
    return counts


def _shuffle(rows: list[Any]) -> None:
    secrets.SystemRandom().shuffle(rows)


def close_meeting(*, meeting: Meeting, by: Any) -> Meeting:
    """Count the ballots, decide each item against the threshold and record the results on the dossiers."""
    require_role(by, SECRETARY_ROLES, "kết thúc phiên họp và kiểm phiếu")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status == MeetingStatus.CLOSED:
            return locked  # a double click: already counted
        total = locked.members.count()
        if not BallotCast.objects.filter(meeting=locked).exists():
            raise WorkflowError("Chưa có phiếu nào: không kiểm phiếu được.")
        counts = _rewrite_box(counted=locked.pk)
        items = list(locked.items.select_related("nominee__dossier"))
        for item in items:
            item.yes = counts.get((item.pk, Choice.YES), 0)
            item.no = counts.get((item.pk, Choice.NO), 0)
            item.abstained = counts.get((item.pk, Choice.ABSTAINED), 0)
        per_dossier: dict[int, dict[int, bool]] = defaultdict(dict)
        for item in items:
            th = item_threshold(item.nominee.award_code, locked.held_on)
            item.passed = th.passes(total, item.yes)
            item.threshold, item.threshold_reference = th.to_code(), th.citation[:500]
            per_dossier[item.nominee.dossier_id][item.nominee_id] = item.passed
        AgendaItem.objects.bulk_update(items, ["yes", "no", "abstained", "passed", "threshold",
                                               "threshold_reference"])
        locked.status, locked.closed_at = MeetingStatus.CLOSED, timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        voters = sorted(BallotCast.objects.filter(meeting=locked).values_list("member_id", flat=True))
        audit.record(actor=by, action="council.meeting_close", obj=locked, after={
            "ballots": len(voters), "members": total, "voted": voters,
            "in_writing": sorted(locked.members.filter(voted_in_writing=True).values_list("user_id", flat=True)),
            "results": {str(i.nominee_id): {"yes": i.yes, "no": i.no, "passed": i.passed, "threshold": i.threshold}
                        for i in items}})
        for dossier in Dossier.objects.filter(pk__in=list(per_dossier), state=State.AT_COUNCIL):
            dossiers.record_vote(dossier=dossier, by=by, results=per_dossier[dossier.pk])
    return locked
