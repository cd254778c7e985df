from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.factories import NAMES, issued_decision
from tests.filechecks import pdf_page_sizes, pdf_pages, pdf_text
from thidua.decisions import services as dsvc
from thidua.documents import certificates as cert
from thidua.documents import services
from thidua.documents.models import DocumentJob, JobStatus, PrintLayout, Verification
from thidua.registry.models import Award


@pytest.mark.django_db
def test_one_pdf_for_the_decision_with_qr_tokens_kept(flow: Any, tmp_path: Path) -> None:
    decision = issued_decision(flow)
    awards = cert.decision_awards(decision)
    items = cert.certificate_items(awards)
    pdf = cert.certificates_pdf(items, kind="bang_khen", signer_name="Hồ Tiến Thiệu")
    assert pdf_pages(pdf, tmp_path) == 3
    text = pdf_text(pdf, tmp_path)
    for needle in ["BẰNG KHEN", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "Số sổ vàng: 00003", *NAMES]:
        assert needle in text, needle
    tokens = set(Verification.objects.values_list("token", flat=True))
    assert len(tokens) == 3
    cert.certificate_items(awards)  # a reprint keeps the same codes
    assert set(Verification.objects.values_list("token", flat=True)) == tokens
    missing = [t for t in tokens if f"/xac-minh/{t}/" not in text]
    assert not missing, (missing, text[-600:])
    for kind in ("giay_khen", "flag_label", "bang_khen_ttg"):
        assert pdf_pages(cert.certificates_pdf(items[:1], kind=kind), tmp_path) == 1


@pytest.mark.django_db
def test_verification_page_is_public_and_shows_retraction(flow: Any, client: Any) -> None:
    decision = issued_decision(flow, ("BK_TINH",))
    award = Award.objects.get(decision_item__decision=decision)
    token = cert.ensure_verifications([award])[award.pk].token
    person = award.person
    r = client.get(f"/xac-minh/{token}/")
    body = r.content.decode()
    assert r.status_code == 200 and NAMES[0] in body and "01/QĐ-UBND" not in body and "1/QĐ-UBND" in body
    assert "Đã thu hồi" not in body
    assert person.citizen_id not in body and person.birth_date.strftime("%d/%m/%Y") not in body
    dsvc.retract_award(award=award, by=flow.chair, reason="Kê khai thành tích không đúng")
    body = client.get(f"/xac-minh/{token}/").content.decode()
    assert "Đã thu hồi" in body and "Kê khai thành tích không đúng" in body
    assert client.get("/xac-minh/khong-co-ma-nay/").status_code == 404


@pytest.mark.django_db
def test_bulk_job_runs_in_background_and_keeps_the_file(flow: Any, client: Any, tmp_path: Path,
                                                        django_capture_on_commit_callbacks: Any) -> None:
    decision = issued_decision(flow)
    client.force_login(flow.specialist)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/van-ban/quyet-dinh/{decision.pk}/bang-khen/tao/", {"job": "certificates_zip"})
    job = DocumentJob.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/van-ban/viec/{job.pk}/"
    assert job.status == JobStatus.DONE and job.done == job.total == 3 and job.percent == 100
    page = client.get(f"/van-ban/viec/{job.pk}/").content.decode()
    assert "Hoàn thành" in page and "Tải tệp về" in page
    import io
    import zipfile

    data = b"".join(client.get(f"/van-ban/viec/{job.pk}/tai-ve/").streaming_content)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(names) == 3 and names[0].startswith("00001-") and names[0].endswith(".pdf")
    client.force_login(flow.clerk)  # a clerk may not print certificates nor see others' jobs
    assert client.get(f"/van-ban/viec/{job.pk}/").status_code == 404


@pytest.mark.django_db
def test_blank_printing_with_calibration_page(flow: Any, tmp_path: Path) -> None:
    decision = issued_decision(flow, ("BK_TINH",))
    layout = PrintLayout.objects.create(name="Phôi Bằng khen 2026", kind="bang_khen", page_width_mm=400,
                                        page_height_mm=300, offset_x_mm=1.5, offset_y_mm=-2,
                                        fields=cert.DEFAULT_BLANK_FIELDS)
    items = cert.certificate_items(cert.decision_awards(decision))
    pdf = cert.blank_pdf(items, layout=layout, calibration=True)
    assert pdf_pages(pdf, tmp_path) == 2
    text = pdf_text(pdf, tmp_path)
    assert "Trang căn chỉnh" in text and NAMES[0] in text and "BẰNG KHEN" not in text
    layout.fields = {**layout.fields, "chu_ky": {"x": 1, "y": 1}}
    with pytest.raises(cert.RenderError, match="chu_ky"):
        cert.blank_pdf(items, layout=layout)


@pytest.mark.django_db
def test_failed_job_keeps_its_message(flow: Any, django_capture_on_commit_callbacks: Any) -> None:
    decision = issued_decision(flow, ("BK_TINH",))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_job(kind="certificates_blank", params={"decision": decision.pk, "layout": 999999},
                                 by=flow.specialist)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message


@pytest.mark.django_db
def test_mixed_decision_prints_each_award_in_its_own_format(flow: Any, tmp_path: Path) -> None:
    decision = issued_decision(flow, ("BK_TINH", "GIAY_KHEN"))
    pdf = cert.certificates_pdf(cert.certificate_items(cert.decision_awards(decision)))
    (tmp_path / "mixed.pdf").write_bytes(pdf)
    sizes = pdf_page_sizes(pdf)[:2]
    assert sizes == ["1133.86 x 850.394", "841.89 x 595.276"]  # 400 × 300 mm, then A4 landscape
    text = pdf_text(pdf, tmp_path)
    assert "BẰNG KHEN" in text and "GIẤY KHEN" in text
