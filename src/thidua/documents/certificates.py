"""Certificates of a decision: Bằng khen, Giấy khen, flag labels — one PDF for all, a ZIP of one file
each, or only the variable fields printed onto pre-printed blanks. Each carries a QR code to the public
verification page (``/xac-minh/<token>/``)."""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import qrcode
import typst
from django.db import transaction
from qrcode.constants import ERROR_CORRECT_M

from thidua.decisions.models import Decision
from thidua.registry.catalog import award_name
from thidua.registry.models import Award

from .context import PLACE, PROVINCE_NAME, site_url, vn_date
from .models import CertificateKind, PrintLayout, Verification
from .render import FONTS, TYPST_DIR, RenderError, template_path


@dataclass(frozen=True)
class Spec:
    """Size and wording of one kind of certificate (law-procedures.md §5.2; Giấy khen and flag label
    have no national spec, so these are the province's defaults)."""

    width: float
    height: float
    margin: float
    heading: str
    issuer_lines: list[str]
    signer_lines: list[str]
    signer_name: str = ""
    border: bool = True
    inner_width: float = 0
    inner_height: float = 0
    scale: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)


def spec_for(kind: str, *, signer_name: str = "", issuer: str = "") -> Spec:
    chair = f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {PROVINCE_NAME.upper()}"
    if kind == CertificateKind.BANG_KHEN:
        # NĐ 50/2006 Art. 28: 400 × 300 mm, inner border 320 × 230 mm, 35 mm for signature and seal.
        return Spec(400, 300, 20, "BẰNG KHEN", [chair], ["CHỦ TỊCH"], signer_name,
                    inner_width=320, inner_height=230)
    if kind == CertificateKind.BANG_KHEN_TTG:
        return Spec(400, 300, 20, "BẰNG KHEN", ["THỦ TƯỚNG CHÍNH PHỦ"], ["THỦ TƯỚNG"], signer_name,
                    inner_width=320, inner_height=230)
    if kind == CertificateKind.GIAY_KHEN:
        return Spec(297, 210, 12, "GIẤY KHEN", [(issuer or "Chủ tịch Ủy ban nhân dân").upper()], ["CHỦ TỊCH"],
                    signer_name, inner_width=270, inner_height=185, scale=0.75)
    if kind == CertificateKind.FLAG_LABEL:
        return Spec(210, 148, 10, "CỜ THI ĐUA", [chair], ["CHỦ TỊCH"], signer_name,
                    inner_width=195, inner_height=133, scale=0.55)
    raise RenderError(f"Loại giấy chứng nhận «{kind}» không có trong danh mục mẫu.")


def kind_for_award(code: str) -> str:
    if code.startswith("CO_"):
        return CertificateKind.FLAG_LABEL
    if code == "BK_TTG":
        return CertificateKind.BANG_KHEN_TTG
    if code.startswith("BK"):
        return CertificateKind.BANG_KHEN
    return CertificateKind.GIAY_KHEN


# --- QR codes -------------------------------------------------------------------------------------

def qr_svg(url: str) -> str:
    """A compact SVG (one path, one run of dark modules per segment). Fixed mask: the mask search
    of the pure-Python encoder costs 8× and buys nothing readable at this size."""
    q = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=0)
    q.add_data(url)
    q.make(fit=True)
    matrix = q.get_matrix()
    n = len(matrix)
    parts: list[str] = []
    for y, row in enumerate(matrix):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 {n + 4} {n + 4}">'
            f'<rect x="-2" y="-2" width="{n + 4}" height="{n + 4}" fill="#fff"/><path d="{"".join(parts)}"/></svg>')


def verify_url(token: str) -> str:
    return f"{site_url()}/xac-minh/{token}/"


def ensure_verifications(awards: Iterable[Award]) -> dict[int, Verification]:
    """The token and QR of each award, created once and kept (a reprint shows the same code)."""
    awards = list(awards)
    ids = [a.pk for a in awards]
    found = {v.award_id: v for v in Verification.objects.filter(award_id__in=ids)}
    missing = [a for a in awards if a.pk not in found]
    if missing:
        new = []
        for a in missing:
            token = secrets.token_urlsafe(12)
            new.append(Verification(award=a, token=token, qr_svg=qr_svg(verify_url(token))))
        with transaction.atomic():
            Verification.objects.bulk_create(new, ignore_conflicts=True)
        found = {v.award_id: v for v in Verification.objects.filter(award_id__in=ids)}
    return found


# --- rows -----------------------------------------------------------------------------------------

def decision_awards(decision: Decision) -> list[Award]:
    awards = list(Award.objects.filter(decision_item__decision=decision).select_related("unit")
                  .order_by("decision_item__position", "pk"))
    if not awards:
        raise RenderError(f"Quyết định «{decision}» chưa ban hành hoặc không có khen thưởng nào để in.")
    return awards


def certificate_items(awards: list[Award], *, golden_book_start: int = 1) -> list[dict[str, Any]]:
    tokens = ensure_verifications(awards)
    items = []
    for i, a in enumerate(awards):
        v = tokens[a.pk]
        title_unit = ", ".join(x for x in (a.subject_title, a.unit.name) if x)
        items.append({
            "name": a.subject_name,
            "title_unit": title_unit,
            "achievement": (f"Đã có thành tích xuất sắc trong phong trào {a.movement}, năm {a.year}"
                            if a.movement else f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {a.year}"),
            "award": award_name(a.code),
            "code": a.code,
            "decision": a.decision_number,
            "decision_date": vn_date(a.decision_date),
            "golden_book": f"{golden_book_start + i:05d}",
            "place_date": f"{PLACE}, {vn_date(a.decision_date)}",
            "qr": v.qr_svg,
            "verify_url": verify_url(v.token),
        })
    return items


# --- rendering ------------------------------------------------------------------------------------

def _compile(template: str, data: dict[str, Any], compiler: Any = None) -> bytes:
    path = template_path(f"{template}.typ", TYPST_DIR)
    inputs = {"data": json.dumps(data, ensure_ascii=False)}
    try:
        if compiler is not None:
            out = compiler.compile(sys_inputs=inputs)
        else:
            out = typst.compile(str(path), root=str(path.parent), font_paths=[str(FONTS)],
                                ignore_system_fonts=True, sys_inputs=inputs)
    except RuntimeError as exc:
        raise RenderError(f"Không dựng được PDF từ mẫu «{path.name}»: {exc}") from exc
    assert isinstance(out, bytes)
    return out


def _specs_and_items(items: list[dict[str, Any]], kind: str | None, signer_name: str,
                     issuer: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Each item's kind: the one asked for, else the one its award calls for (``kind_for_award``)."""
    items = [{**it, "kind": kind or kind_for_award(it.get("code", ""))} for it in items]
    specs = {k: asdict(spec_for(k, signer_name=signer_name, issuer=issuer)) for k in {it["kind"] for it in items}}
    return specs, items


def certificates_pdf(items: list[dict[str, Any]], *, kind: str | None = None, signer_name: str = "",
                     issuer: str = "") -> bytes:
    specs, items = _specs_and_items(items, kind, signer_name, issuer)
    return _compile("certificates", {"specs": specs, "items": items})


def certificates_zip(items: list[dict[str, Any]], *, kind: str | None = None, signer_name: str = "",
                     issuer: str = "", progress: Callable[[int, int], None] | None = None) -> bytes:
    """One PDF per certificate, named by its order and name, in one ZIP; fonts loaded once."""
    specs, items = _specs_and_items(items, kind, signer_name, issuer)
    path = template_path("certificates.typ", TYPST_DIR)
    compiler = typst.Compiler(str(path), root=str(path.parent), font_paths=[str(FONTS)], ignore_system_fonts=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, item in enumerate(items, start=1):
            pdf = _compile("certificates", {"specs": specs, "items": [item]}, compiler)
            zf.writestr(f"{i:05d}-{item['name']}.pdf", pdf)
            if progress and (i % 50 == 0 or i == len(items)):
                progress(i, len(items))
    return buf.getvalue()


def layout_dict(layout: PrintLayout) -> dict[str, Any]:
    return {"name": layout.name, "width": float(layout.page_width_mm), "height": float(layout.page_height_mm),
            "offset_x": float(layout.offset_x_mm), "offset_y": float(layout.offset_y_mm), "font": layout.font,
            "fields": layout.fields}


def blank_pdf(items: list[dict[str, Any]], *, layout: PrintLayout, calibration: bool = False) -> bytes:
    """Only the variable fields, at the layout's positions, for printing onto pre-printed blanks."""
    unknown = set(layout.fields) - {"qr", *(items[0] if items else {}), "name", "title_unit", "achievement",
                                     "decision", "decision_date", "golden_book", "place_date", "award"}
    if unknown:
        raise RenderError(f"Mẫu phôi «{layout.name}»: trường không có trong dữ liệu: {', '.join(sorted(unknown))}.")
    return _compile("blank", {"layout": layout_dict(layout), "items": items, "calibration": calibration})


DEFAULT_BLANK_FIELDS: dict[str, dict[str, Any]] = {
    "name": {"x": 80, "y": 150, "w": 240, "size": 26, "bold": True},
    "title_unit": {"x": 80, "y": 165, "w": 240, "size": 16},
    "achievement": {"x": 80, "y": 180, "w": 240, "size": 16},
    "decision": {"x": 45, "y": 245, "w": 90, "size": 12, "align": "left"},
    "golden_book": {"x": 45, "y": 252, "w": 90, "size": 12, "align": "left"},
    "place_date": {"x": 240, "y": 232, "w": 130, "size": 15},
    "qr": {"x": 20, "y": 240, "w": 22},
}
