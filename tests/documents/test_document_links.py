"""The decision and dossier pages link to their documents, and each link gives the file."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.factories import issued_decision


@pytest.mark.django_db
def test_decision_and_dossier_pages_link_to_working_documents(client: Client, flow: Any) -> None:
    decision = issued_decision(flow)
    client.force_login(flow.specialist)
    html = client.get(f"/quyet-dinh/{decision.pk}/").content.decode()
    links = re.findall(r'href="(/van-ban/quyet-dinh/[^"]+)"', html)
    assert len(links) == 2
    for link in links:
        resp = client.get(link)
        assert resp.status_code == 200 and len(resp.content) > 1000, link
    assert "In bằng khen, giấy khen" in html

    dossier = decision.items.select_related("nominee").first().nominee.dossier  # type: ignore[union-attr]
    html = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    links = re.findall(r'href="(/van-ban/ho-so/[^"]+)"', html)
    assert len(links) == 4
    resp = client.get(links[0])
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
