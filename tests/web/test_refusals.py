"""One refusal type: every "no" derives from ``Refused`` and becomes a Vietnamese page in one place."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory

from thidua.core.errors import NotAllowed, Refused
from thidua.decisions.services import DecisionError
from thidua.movements.errors import MovementError
from thidua.nominations.errors import StaleVersionError, WorkflowError
from thidua.portal.errors import PortalError
from thidua.web.middleware import RefusalMiddleware


def test_every_refusal_derives_from_refused() -> None:
    for error in (WorkflowError, StaleVersionError, MovementError, DecisionError, PortalError, NotAllowed):
        assert issubclass(error, Refused), error
    # Forms still read the field messages; Django still answers 403 to a refusal of role or scope.
    assert issubclass(WorkflowError, ValidationError) and issubclass(MovementError, ValidationError)
    assert issubclass(NotAllowed, PermissionDenied)


@pytest.mark.django_db
def test_a_refused_role_gets_a_vietnamese_403_page_with_the_reason(world: Any) -> None:
    client = Client()
    client.force_login(world.clerk_a)
    response = client.get("/trung-lap/gop/", {"keep": world.person_a.pk, "remove": world.person_b.pk})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền làm việc này" in body and "được gộp hồ sơ" in body
    assert "403 Forbidden" not in body and "<nav" in body  # the shell's page, in Vietnamese


@pytest.mark.django_db
def test_an_uncaught_workflow_refusal_is_shown_with_its_message(world: Any) -> None:
    request = RequestFactory().get("/ho-so/")
    request.user = world.specialist
    middleware = RefusalMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    response = middleware.process_exception(request, StaleVersionError("Hồ sơ vừa được người khác sửa."))
    assert response is not None and response.status_code == 409
    body = response.content.decode()
    assert "Yêu cầu không thực hiện được" in body and "Hồ sơ vừa được người khác sửa." in body
    assert middleware.process_exception(request, ValueError("x")) is None  # a bug stays a 500
