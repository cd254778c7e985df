"""Council meetings, their agenda and the secret ballot.

Secrecy by construction (issue 13 H5, docs/security.md «Bỏ phiếu kín»): ``BallotCast`` records
THAT a member handed in a ballot (no choice, no timestamp, random key); the choices go into
``BallotBox`` as anonymous rows (random key, no member, no timestamp) that are rewritten in a
shuffled order with every ballot, so no old row version survives to be joined with a
participation row; ``AgendaItem`` receives the counts only when the meeting closes.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.nominations.models import Nominee, Round


class MeetingStatus(models.TextChoices):
    OPEN = "open", _("Đang họp")
    CLOSED = "closed", _("Đã kết thúc")


class Meeting(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("đợt"))
    title = models.CharField(_("tên phiên họp"), max_length=255)
    held_on = models.DateField(_("ngày họp"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=MeetingStatus.choices,
                              default=MeetingStatus.OPEN)
    quorum = models.CharField(_("tỷ lệ tối thiểu có mặt"), max_length=10)
    approval = models.CharField(_("tỷ lệ phiếu đồng ý (trên tổng số thành viên)"), max_length=10)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class MeetingMember(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("có mặt"), default=False)
    # An absent member's written ballot (phiếu bầu bằng văn bản, NĐ 98/2023 Điều 30 khoản 7),
    # handed in through the secretary; counted like any other ballot.
    voted_in_writing = models.BooleanField(_("bỏ phiếu bằng văn bản"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_member_once")]
        ordering = ["meeting", "pk"]


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    nominee = models.ForeignKey(Nominee, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    yes = models.PositiveIntegerField(_("đồng ý"), default=0)
    no = models.PositiveIntegerField(_("không đồng ý"), default=0)
    abstained = models.PositiveIntegerField(_("không bỏ phiếu (tránh xung đột lợi ích)"), default=0)
    passed = models.BooleanField(_("thông qua"), null=True, blank=True)
    # The threshold applied to this award (rules.council), e.g. "≥9/10" of ALL members, and its citation.
    threshold = models.CharField(_("ngưỡng biểu quyết"), max_length=16, blank=True, default="")
    threshold_reference = models.CharField(_("căn cứ ngưỡng biểu quyết"), max_length=500, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "nominee"], name="agenda_nominee_once")]
        ordering = ["meeting", "position", "pk"]


class BallotCast(models.Model):
    """One member handed in the ballot of one meeting. Deliberately without any choice, timestamp
    or sequential key (a random UUID: its order says nothing about the order of votes)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ballots_cast")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="ballot_cast_once")]


class Choice(models.TextChoices):
    YES = "yes", _("đồng ý")
    NO = "no", _("không đồng ý")
    ABSTAINED = "abstained", _("không bỏ phiếu (tránh xung đột lợi ích)")


class BallotBox(models.Model):
    """The ballot box of the meetings still open: one anonymous row per marked item of a ballot
    paper — no member, no timestamp, a random key. ``council.services`` rewrites the whole table
    in a shuffled order (TRUNCATE, then insert) with each ballot and empties the meeting's rows
    into ``AgendaItem`` counts when it closes. No foreign-key constraint in the database: a
    deferred constraint trigger would keep the rows pending and forbid the TRUNCATE."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    choice = models.CharField(max_length=9, choices=Choice.choices)

    class Meta:
        verbose_name = _("hòm phiếu")
        verbose_name_plural = _("hòm phiếu")
