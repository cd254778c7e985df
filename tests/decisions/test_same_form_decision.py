"""A draft decision flags an item whose subject already holds another form for the same achievement
(Luật Thi đua, khen thưởng 2022, Điều 5 khoản 2; issue 12 item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import Flow
from thidua.decisions import services as dsvc
from thidua.registry.models import Award, AwardLevel, AwardSource

pytestmark = pytest.mark.django_db


def test_prepared_decision_flags_another_form(flow: Flow) -> None:
    year = flow.round.year
    people = [flow.make_person("Nông Thị Hoa", unit=flow.unit), flow.make_person("Lương Văn Sơn", unit=flow.unit)]
    Award.objects.create(person=people[0], code="GIAY_KHEN", year=year, level=AwardLevel.GRASSROOTS,
                         decision_number="12/QĐ-SGD", decision_date=dt.date(year, 12, 28), issuer="Sở GD&ĐT",
                         source=AwardSource.IMPORT, unit=flow.unit, subject_name=people[0].full_name)
    dossier = flow.to_state(flow.dossier("BK_TINH", "BK_TINH", people=people), "awaiting_signature")
    decision = dsvc.prepare_decision(dossiers=[dossier], by=flow.specialist, decided_on=timezone.localdate(),
                                     subject="Về việc tặng Bằng khen", signer="Hồ Tiến Thiệu")
    client = Client()
    client.force_login(flow.specialist)
    html = client.get(f"/quyet-dinh/{decision.pk}/").content.decode()
    flag = f"Đã được khen “Giấy khen” năm {year} cho cùng thành tích"
    assert html.count(flag) == 1
    row = html.split("Nông Thị Hoa")[1].split("</tr>")[0]
    assert flag in row
    dsvc.issue_decision(decision=decision, by=flow.chair)  # its own awards are not "another form"
    assert client.get(f"/quyet-dinh/{decision.pk}/").content.decode().count(flag) == 1
