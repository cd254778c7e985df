"""The two engines: Typst for PDFs (one compile for a whole decision's certificates), docxtpl for
DOCX a clerk can edit. Templates are files: a province replaces them by pointing
``THIDUA_DOCUMENT_TEMPLATES`` at a folder holding its own copies (same names), without code."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import typst
from django.conf import settings
from docxtpl import DocxTemplate

HERE = Path(__file__).resolve().parent
FONTS = HERE / "fonts"
TYPST_DIR = HERE / "typst"
DOCX_DIR = HERE / "docx"


class RenderError(Exception):
    """A template could not be rendered; the message names the template."""


def _override_dir() -> Path | None:
    folder = getattr(settings, "THIDUA_DOCUMENT_TEMPLATES", "")
    return Path(folder) if folder else None


def template_path(name: str, builtin: Path) -> Path:
    override = _override_dir()
    if override and (override / name).is_file():
        return override / name
    return builtin / name


def pdf(template: str, context: Any) -> bytes:
    """Compile ``typst/<template>.typ`` with ``context`` (JSON) as ``sys.inputs.data``."""
    path = template_path(f"{template}.typ", TYPST_DIR)
    try:
        out = typst.compile(str(path), root=str(path.parent), font_paths=[str(FONTS)], ignore_system_fonts=True,
                            sys_inputs={"data": json.dumps(context, ensure_ascii=False, default=str)})
    except typst.TypstError as exc:  # type: ignore[attr-defined]
        raise RenderError(f"Không dựng được PDF từ mẫu «{path.name}»: {exc}") from exc
    assert isinstance(out, bytes)
    return out


def docx(template: str, context: dict[str, Any]) -> bytes:
    """Fill ``docx/<template>.docx`` (Jinja tags inside Word, see docs/documents.md)."""
    path = template_path(f"{template}.docx", DOCX_DIR)
    if not path.is_file():
        raise RenderError(f"Không tìm thấy mẫu văn bản «{path}».")
    tpl = DocxTemplate(str(path))
    tpl.render(context, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
