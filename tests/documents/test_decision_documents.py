from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.factories import NAMES, issued_decision
from tests.filechecks import docx_text, pdf_text, soffice_converts
from thidua.documents import services
from thidua.documents.context import Signature, number_symbol, vn_date
from thidua.rules.money import amount_in_words


def test_nd30_number_and_date_forms() -> None:
    import datetime as dt

    assert number_symbol(5, "QĐ", "UBND") == "05/QĐ-UBND"
    assert number_symbol(123, "QĐ", "UBND") == "123/QĐ-UBND"
    assert vn_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert vn_date(dt.date(2026, 11, 20)) == "ngày 20 tháng 11 năm 2026"
    assert Signature(form="KT.", name="X").lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert Signature(form="TM.").lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert Signature(form="TUQ.").lines == ["TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]


@pytest.mark.django_db
def test_decision_pdf_and_docx_say_the_same(flow: Any, tmp_path: Path) -> None:
    decision = issued_decision(flow)
    pdf = services.decision_document(decision=decision, fmt="pdf")
    assert pdf.filename.endswith(".pdf") and pdf.content_type == "application/pdf"
    text = pdf_text(pdf.content, tmp_path)
    total = sum(i.award.amount_vnd or 0 for i in decision.items.select_related("award"))
    words = amount_in_words(total)
    for needle in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 01/QĐ-UBND",
                   "QUYẾT ĐỊNH", "Căn cứ Luật Thi đua, khen thưởng", "Điều 1.", "Điều 2.", "Điều 3.", "Nơi nhận:",
                   "Hồ Tiến Thiệu", "DANH SÁCH", *NAMES]:
        assert needle in text, needle
    assert total > 0 and words in text
    docx = services.decision_document(decision=decision, fmt="docx")
    dtext = docx_text(docx.content)
    for needle in ["QUYẾT ĐỊNH", "Số: 01/QĐ-UBND", "Điều 2.", words, *NAMES]:
        assert needle in dtext, needle


@pytest.mark.libreoffice
@pytest.mark.django_db
def test_decision_docx_opens_in_libreoffice(flow: Any, tmp_path: Path) -> None:
    docx = services.decision_document(decision=issued_decision(flow), fmt="docx")
    soffice_converts(docx.content, tmp_path)


@pytest.mark.django_db
def test_decision_download_is_scoped(flow: Any, client: Any) -> None:
    decision = issued_decision(flow, ("BK_TINH",))
    client.force_login(flow.specialist)
    r = client.get(f"/van-ban/quyet-dinh/{decision.pk}/docx/")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.docx"')
    assert client.get(f"/van-ban/quyet-dinh/{decision.pk}/odt/").status_code == 404
    client.logout()
    assert client.get(f"/van-ban/quyet-dinh/{decision.pk}/pdf/").status_code == 302  # to the login page
