"""The office can launch a movement from the admin; the save is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from thidua.audit.models import AuditEvent
from thidua.movements.models import Movement


@pytest.mark.django_db
def test_admin_launches_a_movement_and_audits_it(client: Client, make_unit: Callable[..., Any],
                                                 make_user: Callable[..., Any]) -> None:
    province = make_unit("Tỉnh Lạng Sơn", kind="province")
    admin_user = make_user("quantri", role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert client.get("/admin/movements/movement/add/").status_code == 200
    resp = client.post("/admin/movements/movement/add/", {
        "name": "Thi đua chào mừng Đại hội", "theme": "Đoàn kết, đổi mới", "goals": "", "criteria": "",
        "kind": Movement._meta.get_field("kind").choices[0][0],
        "level": Movement._meta.get_field("level").choices[0][0],
        "launched_by": province.pk, "launched_on": "2026-01-05", "starts_on": "2026-01-05", "ends_on": "",
        "is_public": "on", "launch_document_number": "",
        "reviews-TOTAL_FORMS": "0", "reviews-INITIAL_FORMS": "0",
    })
    assert resp.status_code == 302, resp.content.decode()[:2000]
    movement = Movement.objects.get(name="Thi đua chào mừng Đại hội")
    assert AuditEvent.objects.filter(object_type="movements.movement", object_id=str(movement.pk)).exists()
