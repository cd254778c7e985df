from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.factories import NAMES
from tests.filechecks import docx_text, pdf_text
from thidua.documents import exports, services


@pytest.mark.django_db
def test_dossier_documents_in_both_formats(flow: Any, tmp_path: Path) -> None:
    people = [flow.make_person(NAMES[0], unit=flow.unit), flow.make_person(NAMES[1], unit=flow.unit)]
    dossier = flow.dossier("BK_TINH", "CSTD_CO_SO", people=people)
    nominee = dossier.nominees.get(person=people[0])
    expected = {
        "proposal_letter": ["TỜ TRÌNH", "Kính gửi", "/TTr-", *NAMES[:2]],
        "achievement_report": ["BÁO CÁO THÀNH TÍCH", "SƠ LƯỢC LÝ LỊCH", NAMES[0], "Dân tộc"],
        "council_minutes": ["BIÊN BẢN", "Họp Hội đồng Thi đua – Khen thưởng", "Tổng số thành viên Hội đồng: …",
                            *NAMES[:2]],
        "ballot_minutes": ["BIÊN BẢN", "Kiểm phiếu bầu", "Trưởng ban kiểm phiếu".upper()],
    }
    for kind, needles in expected.items():
        for fmt in ("pdf", "docx"):
            out = services.dossier_document(dossier=dossier, kind=kind, fmt=fmt, nominee=nominee)
            text = pdf_text(out.content, tmp_path) if fmt == "pdf" else docx_text(out.content)
            for needle in needles:
                assert needle in text, (kind, fmt, needle)
            assert people[0].citizen_id not in text
    # No council meeting has closed: the minutes are a blank form, never invented numbers (issue 14);
    # the numbers from a closed meeting: tests/council/test_minutes_from_record.py.
    minutes = services.dossier_document(dossier=dossier, kind="council_minutes", fmt="docx")
    text = docx_text(minutes.content)
    assert "%" not in text and "Đạt" not in text and "0/" not in text and "Có mặt: …" in text


@pytest.mark.django_db
def test_dossier_document_download_is_scoped(flow: Any, client: Any) -> None:
    dossier = flow.dossier("BK_TINH")
    client.force_login(flow.clerk)
    r = client.get(f"/van-ban/ho-so/{dossier.pk}/proposal_letter/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    client.force_login(flow.other_clerk)
    assert client.get(f"/van-ban/ho-so/{dossier.pk}/proposal_letter/pdf/").status_code == 403


@pytest.mark.django_db
def test_exports_have_vietnamese_headers(flow: Any) -> None:
    dossier = flow.dossier("BK_TINH", "CSTD_CO_SO", people=[flow.make_person(NAMES[2], unit=flow.unit),
                                                            flow.make_person(NAMES[1], unit=flow.unit)])
    buf = io.BytesIO()
    assert exports.nominees_xlsx(dossier, buf) == 2
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("STT", "Họ và tên / Tập thể", "Đơn vị", "Hình thức đề nghị")
    assert rows[1][1] == NAMES[2] and rows[1][3] == "Bằng khen của Chủ tịch UBND tỉnh"
    buf = io.BytesIO()
    assert exports.awards_xlsx(exports.awards_query({"year": 1990}, user=flow.specialist), buf) == 0
    assert openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active["G1"].value == "Số quyết định"
