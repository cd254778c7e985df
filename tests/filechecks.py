"""File checks shared by the document, page-to-PDF and browser tests.

PDFs are checked in Python: pikepdf (which ships qpdf's engine) for the structure, as ``qpdf --check``
would, and pypdf for the text and page boxes, so that ``make test`` needs no poppler or qpdf binary.
LibreOffice is the one external program: tests that need it carry ``@pytest.mark.libreoffice`` and
are skipped, with the reason in the summary, where ``soffice`` is absent.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def pdf_check(data: bytes) -> None:
    """The structure and every stream parse cleanly (qpdf's ``--check``, through pikepdf)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        problems = pdf.check_pdf_syntax()
    assert not problems, "\n".join(problems)


def pdf_text(data: bytes, tmp_path: Path, name: str = "f.pdf") -> str:
    """The checked PDF's text in content order, whitespace collapsed (a wrapped table cell reads as one)."""
    (tmp_path / name).write_bytes(data)  # kept beside the test's other files for a look when it fails
    pdf_check(data)
    reader = PdfReader(io.BytesIO(data), strict=True)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split())


def pdf_pages(data: bytes, tmp_path: Path) -> int:
    (tmp_path / "pages.pdf").write_bytes(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def pdf_page_sizes(data: bytes) -> list[str]:
    """Each page's size in points as pdfinfo prints it: ``"841.89 x 595.276"``."""
    reader = PdfReader(io.BytesIO(data), strict=True)
    return [f"{float(p.cropbox.width):g} x {float(p.cropbox.height):g}" for p in reader.pages]


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def soffice_converts(data: bytes, tmp_path: Path) -> None:
    """DOCX opens and converts in LibreOffice headless (mark the test ``libreoffice``: it is skipped,
    with a message, where LibreOffice is absent)."""
    if not SOFFICE:
        pytest.skip("LibreOffice (soffice) không có trên máy: bỏ qua bước mở và chuyển DOCX sang PDF.")
    src = tmp_path / "in.docx"
    src.write_bytes(data)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=120)
    assert (tmp_path / "in.pdf").stat().st_size > 1000
