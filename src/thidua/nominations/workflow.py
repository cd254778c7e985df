"""The dossier state machine as data: which action moves which states, and who may do it.

Services read this table; they never hard-code a state change. Role names are
``thidua.accounts.models.Role`` values; the role sets come from ``thidua.accounts.permissions``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import Role
from thidua.accounts.permissions import BOARD_ROLES, UNIT_ROLES


class State(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã trình")
    RECEIVED = "received", _("Đã tiếp nhận")
    UNDER_APPRAISAL = "under_appraisal", _("Đang thẩm định")
    RETURNED = "returned", _("Trả lại để bổ sung")
    APPRAISED = "appraised", _("Đã thẩm định")
    CONSULTATION = "consultation", _("Đang lấy ý kiến nhân dân")
    AT_COUNCIL = "at_council", _("Trình Hội đồng")
    VOTED = "voted", _("Hội đồng đã bỏ phiếu")
    AWAITING_SIGNATURE = "awaiting_signature", _("Chờ ký quyết định")
    DECIDED = "decided", _("Đã có quyết định")
    REJECTED = "rejected", _("Không khen thưởng")
    WITHDRAWN = "withdrawn", _("Đơn vị đã rút hồ sơ")


FINAL_STATES = frozenset({State.DECIDED, State.REJECTED, State.WITHDRAWN})


@dataclass(frozen=True)
class Step:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


def _step(action: str, label: str, sources: set[State], target: State, roles: Iterable[str]) -> Step:
    return Step(action, label, frozenset(str(s) for s in sources), str(target), frozenset(str(r) for r in roles))


_OPEN = set(State) - set(FINAL_STATES)

STEPS: dict[str, Step] = {s.action: s for s in [
    _step("submit", "trình hồ sơ", {State.DRAFT}, State.SUBMITTED, {Role.UNIT_HEAD}),
    _step("receive", "tiếp nhận hồ sơ", {State.SUBMITTED}, State.RECEIVED, BOARD_ROLES),
    _step("start_appraisal", "bắt đầu thẩm định", {State.RECEIVED}, State.UNDER_APPRAISAL, BOARD_ROLES),
    _step("return_for_supplement", "trả lại để bổ sung", {State.UNDER_APPRAISAL}, State.RETURNED, BOARD_ROLES),
    _step("resubmit", "nộp lại sau bổ sung", {State.RETURNED}, State.UNDER_APPRAISAL, UNIT_ROLES),
    _step("conclude_appraisal", "kết luận thẩm định", {State.UNDER_APPRAISAL}, State.APPRAISED, BOARD_ROLES),
    _step("open_consultation", "công khai lấy ý kiến", {State.APPRAISED}, State.CONSULTATION, BOARD_ROLES),
    _step("send_to_council", "trình Hội đồng",
          {State.APPRAISED, State.CONSULTATION}, State.AT_COUNCIL, BOARD_ROLES),
    _step("record_vote", "ghi kết quả bỏ phiếu", {State.AT_COUNCIL}, State.VOTED,
          BOARD_ROLES | {Role.CHAIR}),
    _step("send_for_signature", "trình ký quyết định", {State.VOTED}, State.AWAITING_SIGNATURE, BOARD_ROLES),
    _step("decide", "ban hành quyết định", {State.AWAITING_SIGNATURE}, State.DECIDED, {Role.CHAIR, Role.ADMIN}),
    _step("reject", "không khen thưởng",
          {State.RECEIVED, State.UNDER_APPRAISAL, State.APPRAISED, State.CONSULTATION, State.AT_COUNCIL,
           State.VOTED, State.AWAITING_SIGNATURE}, State.REJECTED, BOARD_ROLES | {Role.CHAIR}),
    # The unit may withdraw until the decision; the clerk only while the dossier is still a draft.
    _step("withdraw", "rút hồ sơ", _OPEN, State.WITHDRAWN, UNIT_ROLES),
]}

# Roles of a unit (UNIT_ROLES) act only inside their unit's subtree (thidua.org.scope).
