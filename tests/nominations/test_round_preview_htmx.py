"""The round form's live preview: htmx posts the form with ``action=preview`` and gets only the
steps' dates (``_schedule.html``); without the HX-Request header the same post is the whole page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import Flow
from tests.nominations.test_round_pages import client_for, round_post
from thidua.nominations.models import Round

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_htmx_preview_returns_only_the_schedule_and_saves_nothing(flow: Flow) -> None:
    client = client_for(flow.specialist)
    page = client.get("/ho-so/dot/moi/").content.decode()
    assert 'id="schedule"' in page and 'hx-post="/ho-so/dot/moi/"' in page
    assert 'value="preview"' in page  # the no-JS button stays
    r = client.post("/ho-so/dot/moi/", round_post(action="preview", deadline_appraisal="21"), headers=HTMX)
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and "<form" not in body
    assert 'tr data-step="appraisal"' in body and "→ 09/03/2027" in body  # one day more than 20 days
    assert Round.objects.count() == 1  # the fixture's round only
    whole = client.post("/ho-so/dot/moi/", round_post(action="preview"))
    assert "<html" in whole.content.decode() and "→ 08/03/2027" in whole.content.decode()


def test_htmx_preview_with_an_unreadable_closing_date_shows_no_dates(flow: Flow) -> None:
    r = client_for(flow.specialist).post("/ho-so/dot/moi/", round_post(action="preview", closes_on="31/02/2027"),
                                         headers=HTMX)
    assert "→" not in r.content.decode() and "chưa nhập hạn nộp" in r.content.decode()


def test_htmx_save_is_not_a_preview(flow: Flow) -> None:
    r = client_for(flow.specialist).post("/ho-so/dot/moi/", round_post(), headers=HTMX)
    assert r.status_code == 302 and Round.objects.count() == 2


def test_edit_before_opening_previews_too(flow: Flow) -> None:
    today = timezone.localdate()
    rnd = Round.objects.create(name="Khen thưởng năm sau", kind="annual", year=today.year,
                               opens_on=today + dt.timedelta(days=30), closes_on=today + dt.timedelta(days=60))
    r = client_for(flow.specialist).post(f"/ho-so/dot/{rnd.pk}/sua/", round_post(action="preview"), headers=HTMX)
    body = r.content.decode()
    assert "<html" not in body and "→ 08/03/2027" in body
    rnd.refresh_from_db()
    assert rnd.name == "Khen thưởng năm sau"
