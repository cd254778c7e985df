"""The import screen: template download, upload, rejected-rows table, keep-valid second submit."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import HEADERS, collective_row, person_row, write_xlsx
from thidua.registry.models import Award

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client: Client, tree: dict[str, Any], make_user: Any, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path / "media"  # pending uploads stay inside the test's directory
    client.force_login(make_user("canbo_snv", role="clerk", unit=tree["snv"]))
    return client


def upload(client: Client, path: Path, **extra: str) -> Any:
    with path.open("rb") as fh:
        return client.post(reverse("registry:import_awards"), {"file": fh, **extra})


def test_login_required(client: Client) -> None:
    response = client.get(reverse("registry:import_awards"))
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    assert client.get(reverse("registry:import_template")).status_code == 302


def test_council_member_may_not_import(client: Client, tree: dict[str, Any], make_user: Any) -> None:
    client.force_login(make_user(role="council_member"))
    assert client.get(reverse("registry:import_awards")).status_code == 403


def test_form_and_template_download(clerk_client: Client) -> None:
    page = clerk_client.get(reverse("registry:import_awards")).content.decode()
    assert "Nhập lịch sử khen thưởng từ Excel" in page and "Chỉ lưu các dòng hợp lệ" in page
    response = clerk_client.get(reverse("registry:import_template"))
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in next(wb.worksheets[0].iter_rows(max_row=1))] == HEADERS
    assert "Hướng dẫn" in wb.sheetnames


def test_upload_with_errors_shows_table_saves_nothing_then_keep_valid(clerk_client: Client, tmp_path: Path) -> None:
    rows = [person_row(), person_row(unit_code="SYT", award_code="CSTD_CO_SO"), collective_row(unit_code="SNV_P1"),
            person_row(decision_date="31/02/2024", award_code="BK_TINH")]
    response = upload(clerk_client, write_xlsx(tmp_path / "a.xlsx", rows))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Không lưu dòng nào" in html and "Các dòng bị từ chối" in html
    assert "<td>3</td><td>Mã đơn vị</td>" in html and "ngoài phạm vi đơn vị của bạn" in html
    assert "<td>5</td><td>Ngày quyết định</td><td>Ngày «31/02/2024» không tồn tại.</td>" in html
    assert "Lưu 2 dòng hợp lệ" in html
    assert Award.objects.count() == 0

    response = clerk_client.post(reverse("registry:import_awards"), {"action": "keep_valid"})
    html = response.content.decode()
    assert "Đã lưu các dòng hợp lệ" in html
    assert Award.objects.count() == 2
    assert not any((tmp_path / "media" / "imports" / "pending").iterdir())
    again = clerk_client.post(reverse("registry:import_awards"), {"action": "keep_valid"})
    assert again.status_code == 400 and Award.objects.count() == 2


def test_upload_keep_valid_checkbox_and_clean_file(clerk_client: Client, tmp_path: Path) -> None:
    rows = [person_row(), person_row(unit_code="NOPE", award_code="CSTD_CO_SO")]
    response = upload(clerk_client, write_xlsx(tmp_path / "a.xlsx", rows), keep_valid="1")
    assert "Đã lưu các dòng hợp lệ" in response.content.decode() and Award.objects.count() == 1
    response = upload(clerk_client, write_xlsx(tmp_path / "b.xlsx", [collective_row()]))
    assert response.status_code == 200 and "Đã nhập xong." in response.content.decode()
    assert Award.objects.count() == 2


def test_upload_of_a_renamed_binary_and_of_a_too_large_file(clerk_client: Client, settings: Any) -> None:
    fake = SimpleUploadedFile("anh.xlsx", os.urandom(3000))
    html = clerk_client.post(reverse("registry:import_awards"), {"file": fake}).content.decode()
    assert "không phải là tệp Excel .xlsx" in html
    settings.THIDUA_MAX_IMPORT_BYTES = 1024
    big = SimpleUploadedFile("lon.xlsx", b"0" * 4096)
    html = clerk_client.post(reverse("registry:import_awards"), {"file": big}).content.decode()
    assert "Tệp quá lớn" in html
    assert clerk_client.post(reverse("registry:import_awards"), {}).status_code == 400


def test_abandoned_uploads_are_purged_after_a_day(clerk_client: Client, tmp_path: Path) -> None:
    from thidua.cli import main as cli_main
    from thidua.registry import pending

    pending_dir = tmp_path / "media" / "imports" / "pending"
    assert pending.purge_stale() == 0  # no folder yet: nothing to do
    # Ages by the test's clock (frozen with --today), not the file system's: a file written now is now.
    now = time.time()
    stale = pending.keep(b"old upload")
    os.utime(tmp_path / "media" / stale, (now, now))
    fresh = pending.keep(b"new upload")
    os.utime(tmp_path / "media" / fresh, (now, now))
    day_old = now - 25 * 3600
    os.utime(tmp_path / "media" / stale, (day_old, day_old))
    assert pending.purge_stale() == 1
    assert sorted(p.name for p in pending_dir.iterdir()) == [Path(fresh).name]
    # a new upload with errors purges stale ones on the way, and the daily command does too
    os.utime(tmp_path / "media" / fresh, (day_old, day_old))
    assert cli_main(["cleanup"]) == 0
    assert not any(pending_dir.iterdir())
    pending.drop("../../etc/passwd")  # names outside the pending folder are never deleted
