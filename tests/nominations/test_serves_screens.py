"""Screens never offer titles a subject cannot hold (issue 12 item 4; the catalog's `serves`): armed-forces
titles (Chiến sĩ tiên tiến, Đơn vị quyết thắng, …) only to armed-forces subjects, civilian ones only to
civilians — in the round's checklist, the eligibility lists and when a nominee is added."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories import Flow
from thidua.nominations import dossiers as svc
from thidua.nominations.forms import code_groups, default_codes
from thidua.org.models import UnitKind

pytestmark = pytest.mark.django_db


def _codes(groups: Any) -> set[str]:
    return {c.code for g in groups for c in g.choices}


def test_round_checklist_offers_armed_titles_only_with_an_armed_unit(make_unit: Callable[..., Any]) -> None:
    province = make_unit("UBND tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    assert "CHIEN_SI_TIEN_TIEN" not in _codes(code_groups([]))
    assert "CHIEN_SI_TIEN_TIEN" not in default_codes("annual") and "LAO_DONG_TIEN_TIEN" in default_codes("annual")
    assert "CHIEN_SI_TIEN_TIEN" in _codes(code_groups(["CHIEN_SI_TIEN_TIEN"]))  # one already chosen stays
    make_unit("Bộ Chỉ huy Quân sự tỉnh", parent=province, kind=UnitKind.ARMED)
    assert {"CHIEN_SI_TIEN_TIEN", "DON_VI_QUYET_THANG"} <= _codes(code_groups([]))


def test_eligibility_lists_offer_what_the_subject_can_hold(
        client: Client, make_unit: Callable[..., Any], make_person: Callable[..., Any],
        make_user: Callable[..., Any]) -> None:
    province = make_unit("UBND tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    civil = make_unit("Sở Y tế", parent=province)
    armed = make_unit("Bộ Chỉ huy Quân sự tỉnh", parent=province, kind=UnitKind.ARMED)
    soldier = make_person("Lục Văn Quân", unit=armed)
    civilian = make_person("Lý Thị Dân", unit=civil)
    client.force_login(make_user(role="specialist", unit=province))
    civil_page = client.get(f"/don-vi/{civil.code}/du-dieu-kien/").content.decode()
    armed_page = client.get(f"/don-vi/{armed.code}/du-dieu-kien/").content.decode()
    assert 'value="LAO_DONG_TIEN_TIEN"' in civil_page and 'value="CHIEN_SI_TIEN_TIEN"' not in civil_page
    assert 'value="CHIEN_SI_TIEN_TIEN"' in armed_page and 'value="LAO_DONG_TIEN_TIEN"' not in armed_page
    assert "(CHIEN_SI_TIEN_TIEN)" not in client.get(f"/ca-nhan/{civilian.pk}/de-xuat/").content.decode()
    page = client.get(f"/ca-nhan/{soldier.pk}/de-xuat/").content.decode()
    assert "(CHIEN_SI_TIEN_TIEN)" in page and "(LAO_DONG_TIEN_TIEN)" not in page


def test_adding_an_armed_title_to_a_civilian_is_refused(flow: Flow) -> None:
    flow.round.accepted_codes = [*flow.round.accepted_codes, "CHIEN_SI_TIEN_TIEN"]
    flow.round.save()
    person = flow.make_person("Lý Thị Dân", unit=flow.unit)
    errors = svc.subject_errors(flow.clerk, flow.round, "CHIEN_SI_TIEN_TIEN", [person, None, None])
    assert errors == ["«Chiến sĩ tiên tiến» chỉ tặng cho lực lượng vũ trang; «Lý Thị Dân» không thuộc lực lượng vũ trang."]
    assert svc.subject_errors(flow.clerk, flow.round, "LAO_DONG_TIEN_TIEN", [person, None, None]) == []
