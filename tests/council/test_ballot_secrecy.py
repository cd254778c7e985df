"""Issue 13 H5: the secret ballot stays secret. After a session nothing in the database — live
rows, old (dead) row versions read with ``pageinspect``, their transaction ids, the audit trail —
nor any log line links a member to a choice. The structural checks run everywhere; the
row-version forensics need PostgreSQL (each service call commits on its own, as in production)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tests.factories import Flow
from thidua.audit.models import AuditEvent
from thidua.council import services as council
from thidua.council.models import AgendaItem, BallotBox, BallotCast, Meeting, MeetingMember
from thidua.nominations.workflow import State

pytestmark = pytest.mark.django_db(transaction=True)

# 3 items; every voter marks a different paper, so any link would be unambiguous.
PAPERS: list[tuple[bool | None, ...]] = [
    (True, True, True), (True, False, None), (False, True, True), (None, None, False),
    (True, True, False), (False, False, False), (True, None, True)]


def _session(flow: Flow, make_user: Any) -> tuple[Meeting, list[Any], list[AgendaItem]]:
    d = flow.dossier("LAO_DONG_TIEN_TIEN", "LAO_DONG_TIEN_TIEN", "LAO_DONG_TIEN_TIEN")
    flow.to_state(d, State.AT_COUNCIL)
    members = [flow.chair] + [make_user(role="council_member", unit=flow.province) for _ in range(6)]
    meeting = council.create_meeting(by=flow.specialist, round=flow.round, title="Họp", held_on=timezone.localdate(),
                                     members=members, dossiers=[d])
    items = list(meeting.items.order_by("position"))
    council.set_attendance(meeting=meeting, by=flow.specialist, present=members[:6])
    for m, paper in zip(members[:6], PAPERS, strict=False):
        council.cast_ballot(meeting=meeting, by=m, choices={it.pk: c for it, c in zip(items, paper, strict=True)})
    council.record_written_ballot(meeting=meeting, by=flow.specialist, member=members[6],
                                  choices={it.pk: c for it, c in zip(items, PAPERS[6], strict=True)})
    council.close_meeting(meeting=meeting, by=flow.specialist)
    return meeting, members, items


def test_no_table_links_member_and_choice(flow: Flow, make_user: Any, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    meeting, members, items = _session(flow, make_user)
    # Participation: who, without choice, time or sequence; choices: what, without who.
    assert {f.name for f in BallotCast._meta.get_fields()} == {"id", "meeting", "member"}
    assert BallotCast._meta.pk is not None and BallotCast._meta.pk.get_internal_type() == "UUIDField"
    assert {f.name for f in BallotBox._meta.get_fields()} == {"id", "meeting", "item", "choice"}
    assert BallotCast.objects.filter(meeting=meeting).count() == 7
    assert not BallotBox.objects.exists()  # emptied into the counts at closing
    for n, item in enumerate(items):
        item.refresh_from_db()
        assert item.yes == sum(p[n] is True for p in PAPERS) and item.no == sum(p[n] is False for p in PAPERS)
    # The audit trail: no event per ballot; the closing event holds who voted and the totals only.
    events = AuditEvent.objects.filter(object_type="council.meeting", object_id=str(meeting.pk))
    assert set(events.values_list("action", flat=True)) == {"council.meeting_create", "council.attendance",
                                                             "council.meeting_close"}
    close = events.get(action="council.meeting_close").after
    assert close["voted"] == sorted(m.pk for m in members) and close["in_writing"] == [members[6].pk]
    # No log line at all from the ballot (a timestamped line per ballot would date it).
    names = {m.username for m in members}
    assert not [r for r in caplog.records if r.name.startswith("thidua")
                and any(n in r.getMessage() for n in names)]


def _versions(table: str) -> list[dict[str, Any]]:
    """Every tuple on the table's pages, live or dead, with its xmin/xmax and decoded integer columns."""
    with connection.cursor() as cur:
        cur.execute("SELECT attname, atttypid::regtype::text FROM pg_attribute WHERE attrelid = %s::regclass "
                    "AND attnum > 0 ORDER BY attnum", [table])
        columns = cur.fetchall()
        cur.execute("SELECT t_xmin::text, t_xmax::text, t_attrs FROM generate_series(0, "
                    "pg_relation_size(%s::regclass) / current_setting('block_size')::int - 1) AS blk, "
                    "LATERAL heap_page_item_attrs(get_raw_page(%s, blk::int), %s::regclass) "
                    "WHERE t_attrs IS NOT NULL", [table, table, table])
        out = []
        for xmin, xmax, attrs in cur.fetchall():
            row: dict[str, Any] = {"xmin": int(xmin), "xmax": int(xmax)}
            for (name, typ), raw in zip(columns, attrs, strict=False):
                if raw is not None and typ in ("integer", "bigint"):
                    row[name] = int.from_bytes(bytes(raw), "little", signed=True)
            out.append(row)
    return out


def test_dead_row_versions_link_no_member_to_a_choice(flow: Flow, make_user: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Cần PostgreSQL: phiên bản dòng cũ (dead row versions) và mã giao dịch xmin chỉ có ở PostgreSQL.")
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    except DatabaseError as exc:  # not a superuser, or contrib not installed
        pytest.skip(f"Cần tiện ích pageinspect của PostgreSQL (quyền superuser) để đọc các phiên bản dòng: {exc}")
    meeting, members, items = _session(flow, make_user)
    member_ids = {m.pk for m in members}
    item_ids = {i.pk for i in items}
    # What a DBA reading the pages sees, dead versions included.
    box = _versions(BallotBox._meta.db_table)
    assert box == []  # no ballot row survives, not even as a dead version
    casts = [v for v in _versions(BallotCast._meta.db_table) if v.get("member_id") in member_ids]
    assert len(casts) == 7
    seats = [v for v in _versions(MeetingMember._meta.db_table) if v.get("user_id") in member_ids]
    member_xids = {v["xmin"] for v in casts + seats} | {v["xmax"] for v in casts + seats if v["xmax"]}
    versions = [v for v in _versions(AgendaItem._meta.db_table) if v.get("id") in item_ids]
    finals = {i.pk: (i.yes, i.no, i.abstained) for i in AgendaItem.objects.filter(pk__in=item_ids)}
    for v in versions:
        counts = (v["yes"], v["no"], v["abstained"])
        # Only the empty agenda and the final count ever existed: no count before/after one ballot.
        assert counts in {(0, 0, 0), finals[v["id"]]}, v
        # No version carrying counts was written by a transaction that also wrote a member's row.
        if counts != (0, 0, 0):
            assert v["xmin"] not in member_xids, v
    # The voters' transactions wrote participation only; the order of the participation rows on the
    # page (the order of voting) has nothing to be lined up with.
    assert len({v["xmin"] for v in casts}) == 7
