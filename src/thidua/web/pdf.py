"""PDF of a page's main content, for the reader tools' "Xuất PDF".

The page is rendered by its own view (so scoping is exactly the page's), then the text of
its ``<main>`` is laid out with reportlab in DejaVu Sans, which has every Vietnamese glyph.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

# Pages that are never exported: the export itself, accounts (login, 2FA), admin, assets, API.
NO_PDF_PREFIXES = ("/xuat-pdf/", "/admin/", "/tai-khoan/", "/i18n/", "/static/", "/media/", "/api/", "/tep/")

FONT_DIR = Path(__file__).resolve().parent / "static" / "thidua" / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

_BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "tr", "dt", "dd", "caption", "div", "section", "blockquote",
           "figcaption", "summary", "article"}
_SKIP = {"script", "style", "form", "button", "nav", "noscript", "template", "svg", "select", "textarea"}
_VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed"}
_SKIP_CLASSES = {"reader-tools", "no-print", "no-pdf", "messages", "skip"}


@dataclass(frozen=True)
class Block:
    kind: str  # h1, h2, h3, row-head, row, item, text
    text: str


class _MainText(HTMLParser):
    """Collects the text blocks of <main>, leaving out forms, buttons and tool bars."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._in_main = 0
        self._skip_depth = 0
        self._stack: list[str] = []
        self._buf: list[str] = []
        self._cells: list[str] | None = None
        self._row_head = False
        self._kind = "text"

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        self._buf = []
        if not text:
            return
        if self._cells is not None:
            self._cells.append(text)
        else:
            self.blocks.append(Block(self._kind, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br":
                self._buf.append(" ")
            return
        self._stack.append(tag)
        attr = dict(attrs)
        if tag == "main":
            self._in_main += 1
            return
        if not self._in_main:
            return
        classes = set((attr.get("class") or "").split())
        if self._skip_depth or tag in _SKIP or classes & _SKIP_CLASSES or attr.get("hidden") is not None:
            self._skip_depth += 1
            return
        if tag == "tr":
            self._flush()
            self._cells, self._row_head = [], False
        elif tag in ("td", "th"):
            self._flush()
            self._row_head = self._row_head or tag == "th"
        elif tag in _BLOCKS:
            self._flush()
            self._kind = tag if tag in ("h1", "h2", "h3") else ("item" if tag in ("li", "dd") else "text")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._stack:
            return
        while self._stack and self._stack.pop() != tag:
            pass  # tolerate unclosed inner tags
        if tag == "main":
            self._flush()
            self._in_main -= 1
            return
        if not self._in_main:
            return
        if self._skip_depth:
            self._skip_depth -= 1
            return
        if tag in ("td", "th"):
            self._flush()
        elif tag == "tr":
            self._flush()
            cells, self._cells = self._cells or [], None
            if cells:
                self.blocks.append(Block("row-head" if self._row_head else "row", " · ".join(cells)))
        elif tag in _BLOCKS:
            self._flush()
            self._kind = "text"

    def handle_data(self, data: str) -> None:
        if self._in_main and not self._skip_depth:
            self._buf.append(data)


def main_blocks(html: str) -> list[Block]:
    parser = _MainText()
    parser.feed(html)
    parser.close()
    return parser.blocks


_fonts_ready = False


def _register_fonts() -> None:
    global _fonts_ready
    if not _fonts_ready:
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
        _fonts_ready = True


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("text", fontName=FONT, fontSize=10.5, leading=14, spaceAfter=4)
    return {
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=13.5, leading=17, spaceBefore=8),
        "h3": ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=4),
        "row-head": ParagraphStyle("rowh", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=12),
        "row": ParagraphStyle("row", parent=base, fontSize=9.5, leading=12, spaceAfter=3),
        "item": ParagraphStyle("item", parent=base, leftIndent=10, bulletIndent=0),
        "text": base,
        "meta": ParagraphStyle("meta", parent=base, fontSize=8.5, leading=11, textColor="#555555"),
    }


def render_pdf(*, title: str, blocks: list[Block], source: str, header: str) -> bytes:
    """A4 PDF: a small header line (system, source page, date), then the blocks in order."""
    _register_fonts()
    styles = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=title, author=header, subject=source,
                            leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm)
    story: list[object] = [
        Paragraph(escape(f"{header} — {source} — {dt.date.today():%d/%m/%Y}"), styles["meta"]),
        Spacer(1, 4 * mm),
    ]
    for block in blocks:
        text = escape(block.text)
        if block.kind == "item":
            story.append(Paragraph(text, styles["item"], bulletText="•"))
        else:
            story.append(Paragraph(text, styles.get(block.kind, styles["text"])))
    doc.build(story)  # type: ignore[arg-type]
    return buf.getvalue()
