"""Builds the shipped DOCX templates (``docx/*.docx``) with python-docx.

The files are committed; a province edits them in Word (or copies them to its own folder, see
``THIDUA_DOCUMENT_TEMPLATES``). Rebuild after changing this module:
``python -m thidua.documents.docx_templates``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

OUT = Path(__file__).resolve().parent / "docx"
FONT = "Times New Roman"  # Word substitutes Liberation Serif (same metrics) where it is absent


def _new() -> object:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    return doc


def _p(container: object, text: str = "", *, bold: bool = False, italic: bool = False, size: float = 14,
       align: str = "justify", indent: bool = False) -> object:
    para = container.add_paragraph()  # type: ignore[attr-defined]
    para.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                      "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    para.paragraph_format.space_after = Pt(3)
    if indent:
        para.paragraph_format.first_line_indent = Mm(10)
    if text:
        run = para.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return para


def _cell_lines(cell: object, lines: list[tuple[str, dict[str, object]]]) -> None:
    first = True
    for text, fmt in lines:
        para = cell.paragraphs[0] if first else cell.add_paragraph()  # type: ignore[attr-defined]
        first = False
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER if fmt.get("align", "center") == "center" else \
            WD_ALIGN_PARAGRAPH.LEFT
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run(text)
        run.bold = bool(fmt.get("bold"))
        run.italic = bool(fmt.get("italic"))
        run.font.size = Pt(float(fmt.get("size", 13)))  # type: ignore[arg-type]


def _heading(doc: object) -> None:
    """Cells 1–4 of NĐ 30: issuing body | national name and motto; number | place and date."""
    table: Table = doc.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_lines(table.cell(0, 0), [("{{ managing_body|upper }}", {"size": 13}),
                                   ("{{ issuing_body|upper }}", {"bold": True, "size": 13}),
                                   ("────────", {"size": 10})])
    _cell_lines(table.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True, "size": 13}),
                                   ("Độc lập - Tự do - Hạnh phúc", {"bold": True, "size": 14}),
                                   ("──────────────────", {"size": 10})])
    _cell_lines(table.cell(1, 0), [("Số: {{ number_symbol }}", {"size": 13})])
    _cell_lines(table.cell(1, 1), [("{{ place_date }}", {"italic": True, "size": 14})])
    table.columns[0].width = Mm(65)
    table.columns[1].width = Mm(100)


def _signature(doc: object) -> None:
    table: Table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    left, right = table.cell(0, 0), table.cell(0, 1)
    _cell_lines(left, [("Nơi nhận:", {"bold": True, "italic": True, "size": 12, "align": "left"})])
    _p(left, "{%p for r in recipients %}", size=11, align="left")
    _p(left, "- {{ r }};", size=11, align="left")
    _p(left, "{%p endfor %}", size=11, align="left")
    _cell_lines(right, [("{{ signature.line1 }}", {"bold": True, "size": 14}),
                        ("{{ signature.line2 }}", {"bold": True, "size": 14})])
    for _ in range(4):
        _p(right, "", align="center")
    _p(right, "{{ signature.name }}", bold=True, align="center")


def _loop(doc: object, var: str, seq: str, body: str, **fmt: object) -> None:
    _p(doc, f"{{%p for {var} in {seq} %}}")
    _p(doc, body, **fmt)  # type: ignore[arg-type]
    _p(doc, "{%p endfor %}")


def _table(doc: object, headers: list[str], cells: list[str], widths: list[float], loop: str,
           total: list[str] | None = None) -> None:
    # docxtpl: a row holding «{%tr …%}» is replaced by the tag itself, so the loop needs its own rows.
    table: Table = doc.add_table(rows=5 if total else 4, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for i, h in enumerate(headers):
        _cell_lines(table.cell(0, i), [(h, {"bold": True, "size": 12})])
    _cell_lines(table.cell(1, 0), [(f"{{%tr {loop} %}}", {"size": 12})])
    for i, c in enumerate(cells):
        _cell_lines(table.cell(2, i), [(c, {"size": 12, "align": "left"})])
    _cell_lines(table.cell(3, 0), [("{%tr endfor %}", {"size": 12})])
    if total:
        for i, c in enumerate(total):
            _cell_lines(table.cell(4, i), [(c, {"bold": True, "size": 12})])
    for i, w in enumerate(widths):
        for cell in table.columns[i].cells:
            cell.width = Mm(w)


def _landscape(doc: object) -> None:
    from docx.enum.section import WD_SECTION

    sec = doc.add_section(WD_SECTION.NEW_PAGE)  # type: ignore[attr-defined]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Mm(20), Mm(15), Mm(20), Mm(15)


def build_decision() -> object:
    doc = _new()
    _heading(doc)
    _p(doc, "QUYẾT ĐỊNH", bold=True, align="center")
    _p(doc, "{{ subject }}", bold=True, align="center")
    _p(doc, "{{ authority }}", bold=True, align="center")
    _loop(doc, "g", "grounds", "{{ g }}", italic=True, indent=True)
    _p(doc, "QUYẾT ĐỊNH:", bold=True, align="center")
    _loop(doc, "a", "articles", "{{ a.title }} {{ a.text }}", indent=True)
    _signature(doc)
    _landscape(doc)
    _p(doc, "DANH SÁCH", bold=True, align="center")
    _p(doc, "{{ annex_title }}", bold=True, align="center")
    _p(doc, "(Kèm theo Quyết định số {{ number_symbol }} {{ date_phrase }} của {{ authority_short }})",
       italic=True, size=13, align="center")
    _table(doc, ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Hình thức khen thưởng", "Tiền thưởng (đồng)"],
           ["{{ r.no }}", "{{ r.name }}", "{{ r.title_unit }}", "{{ r.award }}", "{{ r.amount_text }}"],
           [12, 60, 95, 55, 35], "for r in rows", total=["", "Tổng cộng", "", "", "{{ total_text }}"])
    _p(doc, "Bằng chữ: {{ total_words }}.", italic=True)
    return doc


def build_proposal_letter() -> object:
    doc = _new()
    _heading(doc)
    _p(doc, "TỜ TRÌNH", bold=True, align="center")
    _p(doc, "{{ subject }}", bold=True, align="center")
    _p(doc, "Kính gửi: {{ addressee }}", align="center")
    _loop(doc, "g", "grounds", "{{ g }}", italic=True, indent=True)
    _p(doc, "{{ request }}", indent=True)
    _table(doc, ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Hình thức đề nghị", "Tóm tắt thành tích"],
           ["{{ r.no }}", "{{ r.name }}", "{{ r.title_unit }}", "{{ r.award }}", "{{ r.summary }}"],
           [12, 40, 40, 35, 38], "for r in rows")
    _p(doc, "Hồ sơ kèm theo: {{ attachments }}", indent=True)
    _p(doc, "Kính trình {{ addressee }} xem xét, quyết định./.", indent=True)
    _signature(doc)
    return doc


def build_report(kind: str) -> Callable[[], object]:
    def build() -> object:
        doc = _new()
        _heading(doc)
        _p(doc, "BÁO CÁO THÀNH TÍCH", bold=True, align="center")
        _p(doc, "Đề nghị tặng {{ award }}", bold=True, align="center")
        _p(doc, "I. " + ("SƠ LƯỢC LÝ LỊCH" if kind == "individual" else "SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"), bold=True)
        _loop(doc, "f", "facts", "- {{ f.label }}: {{ f.value }}")
        _p(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True)
        _p(doc, "{{ achievements }}", indent=True)
        _p(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True)
        _table(doc, ["Năm", "Danh hiệu, hình thức", "Số, ngày quyết định", "Cơ quan quyết định"],
               ["{{ h.year }}", "{{ h.award }}", "{{ h.decision }}", "{{ h.issuer }}"], [20, 60, 45, 40],
               "for h in history")
        _signature(doc)
        return doc
    return build


def build_minutes(kind: str) -> Callable[[], object]:
    def build() -> object:
        doc = _new()
        _heading(doc)
        _p(doc, "BIÊN BẢN", bold=True, align="center")
        _p(doc, "{{ subject }}", bold=True, align="center")
        _loop(doc, "l", "opening", "{{ l }}", indent=True)
        _table(doc, ["STT", "Họ và tên / Tập thể", "Hình thức đề nghị", "Đồng ý", "Không đồng ý",
                     "Không bỏ phiếu", "Đồng ý / tổng số thành viên", "Ngưỡng", "Kết quả"],
               ["{{ r.no }}", "{{ r.name }}", "{{ r.award }}", "{{ r.votes_for }}", "{{ r.votes_against }}",
                "{{ r.abstained }}", "{{ r.share }}", "{{ r.threshold }}", "{{ r.result }}"],
               [10, 36, 30, 14, 14, 14, 24, 15, 16], "for r in rows")
        _loop(doc, "l", "closing", "{{ l }}", indent=True)
        table: Table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
        _cell_lines(table.cell(0, 0), [("{{ left_signer_title|upper }}", {"bold": True, "size": 14}),
                                       ("\n\n\n{{ left_signer }}", {"bold": True, "size": 14})])
        _cell_lines(table.cell(0, 1), [("{{ right_signer_title|upper }}", {"bold": True, "size": 14}),
                                       ("\n\n\n{{ right_signer }}", {"bold": True, "size": 14})])
        _ = kind
        return doc
    return build


BUILDERS: dict[str, Callable[[], object]] = {
    "decision": build_decision,
    "proposal_letter": build_proposal_letter,
    "report_individual": build_report("individual"),
    "report_collective": build_report("collective"),
    "council_minutes": build_minutes("council"),
    "ballot_minutes": build_minutes("ballot"),
}


def build_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, builder in BUILDERS.items():
        path = out / f"{name}.docx"
        builder().save(str(path))  # type: ignore[attr-defined]
        paths.append(path)
    return paths


if __name__ == "__main__":
    import sys

    wanted = set(sys.argv[1:])
    if wanted:
        OUT.mkdir(parents=True, exist_ok=True)
        for name in sorted(wanted):
            BUILDERS[name]().save(str(OUT / f"{name}.docx"))  # type: ignore[attr-defined]
            print(OUT / f"{name}.docx")
    else:
        for p in build_all():
            print(p)
