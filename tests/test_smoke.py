from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_home_renders_reader_tools_in_vietnamese(client: Client) -> None:
    html = client.get("/").content.decode()
    for label in ("Chế độ ban đêm", "In trang", "Xuất PDF", "Đọc nội dung", "-A", "+A"):
        assert label in html
