"""Builders and file checks shared by the document tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from thidua.decisions import services as dsvc
from thidua.decisions.models import Decision

NAMES = ["Nguyễn Thị Hường", "Đặng Văn Lực", "Hoàng Thị Ngọc Ánh"]


def issued_decision(flow: Any, codes: tuple[str, ...] = ("BK_TINH", "BK_TINH", "CSTD_CO_SO")) -> Decision:
    people = [flow.make_person(NAMES[i % len(NAMES)], unit=flow.unit) for i in range(len(codes))]
    dossier = flow.to_state(flow.dossier(*codes, people=people), "awaiting_signature")
    decision = dsvc.prepare_decision(dossiers=[dossier], by=flow.specialist, decided_on=timezone.localdate(),
                                     subject="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh",
                                     signer="Hồ Tiến Thiệu")
    dsvc.issue_decision(decision=decision, by=flow.chair)
    return decision


def pdf_text(data: bytes, tmp_path: Path, name: str = "f.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())  # content order: a wrapped table cell reads as one


def pdf_pages(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(data)
    out = subprocess.run(["qpdf", "--show-npages", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def docx_text(data: bytes) -> str:
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def soffice_converts(data: bytes, tmp_path: Path) -> None:
    """DOCX opens and converts in LibreOffice headless; skipped with a message where it is absent."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) không có trên máy: bỏ qua bước mở và chuyển DOCX sang PDF.")
    src = tmp_path / "in.docx"
    src.write_bytes(data)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=120)
    assert (tmp_path / "in.pdf").stat().st_size > 1000
