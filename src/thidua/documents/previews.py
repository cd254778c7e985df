"""PNG previews of every template with sample data, for people to review without running the app:
``python -m thidua.documents.previews docs/templates-preview`` (needs pdftoppm, from poppler-utils)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    import django

    django.setup()

from .certificates import DEFAULT_BLANK_FIELDS, certificates_pdf, qr_svg, verify_url  # noqa: E402
from .context import Signature, amount_in_words, vnd  # noqa: E402
from .render import pdf  # noqa: E402

HEAD: dict[str, Any] = {"managing_body": "", "issuing_body": "Ủy ban nhân dân tỉnh Lạng Sơn", "number_symbol": "125/QĐ-UBND",
        "place_date": "Lạng Sơn, ngày 20 tháng 01 năm 2026", "recipients": ["Như Điều 3", "Lưu: VT"],
        "signature": Signature(form="KT.", name="Đoàn Thanh Sơn").as_dict()}
ROWS: list[dict[str, Any]] = [{"no": i + 1, "name": n, "title_unit": t, "award": "Bằng khen của Chủ tịch UBND tỉnh", "amount": 2_530_000,
         "summary": "Hoàn thành xuất sắc nhiệm vụ hai năm liên tục", "council_passed": True}
        for i, (n, t) in enumerate([("Nguyễn Thị Hường", "Giáo viên, Trường THPT Việt Bắc"),
                                    ("Đặng Văn Lực", "Trưởng phòng, Sở Y tế"),
                                    ("Hoàng Thị Ngọc Ánh", "Chuyên viên, Sở Nội vụ")])]


def _samples() -> dict[str, tuple[str, dict[str, Any]]]:
    total = sum(r["amount"] for r in ROWS)
    decision: dict[str, Any] = {**HEAD, "subject": "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh", "authority":
                "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "authority_short": "Chủ tịch UBND tỉnh Lạng Sơn",
                "date_phrase": "ngày 20 tháng 01 năm 2026",
                "grounds": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                            "Theo đề nghị của Giám đốc Sở Nội vụ."],
                "articles": [{"title": "Điều 1.", "text": "Tặng Bằng khen của Chủ tịch UBND tỉnh cho 03 cá nhân."},
                             {"title": "Điều 2.", "text": f"Tổng số tiền {vnd(total)} đồng ({amount_in_words(total)})."},
                             {"title": "Điều 3.", "text": "Quyết định này có hiệu lực kể từ ngày ký."}],
                "annex_title": "BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH", "rows": ROWS, "total": total,
                "total_words": amount_in_words(total)}
    letter = {**HEAD, "number_symbol": "\u00a0" * 6 + "/TTr-SGDĐT", "issuing_body": "Sở Giáo dục và Đào tạo",
              "managing_body": "UBND tỉnh Lạng Sơn", "subject": "Về việc đề nghị tặng Bằng khen",
              "addressee": "Chủ tịch UBND tỉnh Lạng Sơn", "grounds": decision["grounds"][:1],
              "request": "Sở Giáo dục và Đào tạo kính trình xem xét, tặng Bằng khen cho 03 cá nhân:",
              "rows": ROWS, "attachments": "biên bản họp Hội đồng; báo cáo thành tích."}
    report = {**HEAD, "award": "Bằng khen của Chủ tịch UBND tỉnh", "section_one": "SƠ LƯỢC LÝ LỊCH",
              "facts": [{"label": "Họ và tên", "value": "Nguyễn Thị Hường"}, {"label": "Dân tộc", "value": "Tày"}],
              "achievements": "Hoàn thành xuất sắc nhiệm vụ năm học 2024–2025.", "recipients": [],
              "history": [{"year": 2024, "award": "Chiến sĩ thi đua cơ sở", "decision": "88/QĐ-SGDĐT",
                           "issuer": "Giám đốc Sở Giáo dục và Đào tạo"}]}
    minutes = {**HEAD, "subject": "Họp Hội đồng Thi đua – Khen thưởng xét đề nghị khen thưởng",
               "opening": ["Tổng số thành viên Hội đồng: 7."],
               "rows": [{**r, "votes_for": "6", "votes_against": "1", "abstained": "0", "share": "6/7 = 85,7%",
                         "threshold": "> 50%", "result": "Đạt"} for r in ROWS],
               "closing": ["Biên bản đã thông qua trước Hội đồng./."], "left_signer_title": "Thư ký",
               "left_signer": "Lương Thu Hà", "right_signer_title": "Chủ trì", "right_signer": "Đoàn Thanh Sơn"}
    return {"decision": ("decision", decision), "proposal_letter": ("proposal_letter", letter),
            "report_individual": ("report", report), "council_minutes": ("minutes", minutes)}


def _items() -> list[dict[str, Any]]:
    url = verify_url("MauXacMinh2026")
    return [{"name": "Nguyễn Thị Hường", "title_unit": "Giáo viên, Trường THPT Việt Bắc",
             "achievement": "Đã có thành tích xuất sắc trong phong trào Thi đua dạy tốt, học tốt, năm học 2024–2025",
             "award": "Bằng khen", "decision": "125/QĐ-UBND", "decision_date": "ngày 20 tháng 01 năm 2026",
             "golden_book": "00125", "place_date": "Lạng Sơn, ngày 20 tháng 01 năm 2026", "qr": qr_svg(url),
             "verify_url": url}]


def build(out: Path) -> list[Path]:
    from .certificates import _compile

    out.mkdir(parents=True, exist_ok=True)
    pdfs: dict[str, bytes] = {name: pdf(tpl, ctx) for name, (tpl, ctx) in _samples().items()}
    for kind in ("bang_khen", "giay_khen", "flag_label"):
        pdfs[f"certificate_{kind}"] = certificates_pdf(_items(), kind=kind, signer_name="Hồ Tiến Thiệu")
    layout = {"name": "Phôi Bằng khen (mẫu)", "width": 400, "height": 300, "offset_x": 0, "offset_y": 0,
              "font": "Liberation Serif", "fields": DEFAULT_BLANK_FIELDS}
    pdfs["blank_calibration"] = _compile("blank", {"layout": layout, "items": [], "calibration": True})
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in pdfs.items():
            src = Path(tmp) / f"{name}.pdf"
            src.write_bytes(data)
            subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(src),
                            str(out / name)], check=True)
            written.append(out / f"{name}.png")
    return written


if __name__ == "__main__":
    for p in build(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/templates-preview")):
        print(p)
