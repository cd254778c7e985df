from __future__ import annotations

from typing import Any

from django.test import Client

from thidua.audit.models import AuditEvent
from thidua.audit.services import verify
from thidua.org.models import Person, Unit
from thidua.registry.models import YearRecord


def _admin_client(make_user: Any) -> tuple[Client, Any]:
    user = make_user(role="admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client, user


def test_admin_pages_are_vietnamese_and_saves_are_audited(make_user: Any, make_unit: Any) -> None:
    client, user = _admin_client(make_user)
    html = client.get("/admin/").content.decode()
    assert "Quản trị hệ thống Thi đua – Khen thưởng" in html and "sổ khen thưởng" in html.lower()
    unit = make_unit("Sở Nội vụ")
    resp = client.post("/admin/org/person/add/", {
        "full_name": "Nông Lương Chấn", "sex": "M", "birth_date": "1968-03-04", "citizen_id": "abc",
        "ethnicity": "Tày", "unit": unit.pk,
        "positions-TOTAL_FORMS": "0", "positions-INITIAL_FORMS": "0",
    })
    assert resp.status_code == 200 and "12 chữ số" in resp.content.decode()
    assert not Person.objects.exists()
    resp = client.post("/admin/org/person/add/", {
        "full_name": "Nông Lương Chấn", "sex": "M", "birth_date": "1968-03-04", "citizen_id": "",
        "ethnicity": "Tày", "unit": unit.pk,
        "positions-TOTAL_FORMS": "0", "positions-INITIAL_FORMS": "0",
    })
    assert resp.status_code == 302, resp.content.decode()[:2000]
    person = Person.objects.get()
    event = AuditEvent.objects.get(action="admin.create", object_type="org.person")
    assert event.actor == user.username and event.after["full_name"] == "Nông Lương Chấn"

    client.post(f"/admin/org/unit/{unit.pk}/change/", {
        "code": unit.code, "name": "Sở Nội vụ tỉnh Lạng Sơn", "kind": "agency", "valid_from": "2000-01-01",
        "successions_in-TOTAL_FORMS": "0", "successions_in-INITIAL_FORMS": "0",
    })
    event = AuditEvent.objects.get(action="admin.update", object_type="org.unit")
    assert event.before["name"] == "Sở Nội vụ" and event.after["name"] == "Sở Nội vụ tỉnh Lạng Sơn"

    record = YearRecord.objects.create(person=person, year=2024, rating="HTXSNV")
    resp = client.post(f"/admin/registry/yearrecord/{record.pk}/delete/", {"post": "yes"})
    assert resp.status_code == 302
    event = AuditEvent.objects.get(action="admin.delete")
    assert event.before["rating"] == "HTXSNV" and event.after is None
    assert Unit.objects.get(pk=unit.pk).name == "Sở Nội vụ tỉnh Lạng Sơn"
    assert verify().ok


def test_audit_admin_is_read_only_and_user_secrets_stay_out(make_user: Any) -> None:
    client, _ = _admin_client(make_user)
    resp = client.post("/admin/accounts/user/add/", {
        "username": "chuyenvien1", "password1": "Mat-khau-rat-dai-2025", "password2": "Mat-khau-rat-dai-2025",
        "role": "specialist", "usable_password": "true",
    })
    assert resp.status_code == 302, resp.content.decode()[:3000]
    event = AuditEvent.objects.get(action="admin.create", object_type="accounts.user")
    assert "password" not in event.after and "totp_secret" not in event.after
    assert event.after["role"] == "specialist"
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    resp = client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert resp.status_code == 403
    resp = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert resp.status_code == 200 and 'name="_save"' not in resp.content.decode()
    assert AuditEvent.objects.filter(pk=event.pk).exists()
