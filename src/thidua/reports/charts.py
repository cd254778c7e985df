"""Server-rendered inline SVG charts (no JavaScript, no CDN), printable; each page shows the data table too."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .formatting import number

PALETTE = ("#1f5fa8", "#c0392b", "#2e7d32", "#8e5b00", "#6a1b9a")


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="currentColor">{escape(text)}</text>')


def hbar(rows: Sequence[tuple[str, int]], *, title: str, width: int = 640) -> SafeString:
    """Horizontal bars, one per row, labelled with the value."""
    bar_h, gap, label_w, top = 20, 6, 220, 28
    height = top + len(rows) * (bar_h + gap) + 8
    peak = max((v for _, v in rows), default=0) or 1
    span = width - label_w - 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" aria-labelledby="t"><title>{escape(title)}</title>',
             _text(0, 16, title, size=14, weight="bold")]
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = span * value / peak
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(_text(label_w - 6, y + 14, short, anchor="end"))
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{PALETTE[0]}">'
                     f'<title>{escape(label)}: {number(value)}</title></rect>')
        parts.append(_text(label_w + w + 4, y + 14, number(value)))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def grouped_columns(years: Sequence[int], series: Sequence[tuple[str, Sequence[int]]], *, title: str,
                    width: int = 640, height: int = 300) -> SafeString:
    """Columns per year, one colour per series, with a legend."""
    left, bottom, top = 50, 40, 48
    plot_h = height - top - bottom
    peak = max((v for _, vals in series for v in vals), default=0) or 1
    slot = (width - left - 10) / max(len(years), 1)
    col = slot * 0.8 / max(len(series), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%"><title>{escape(title)}</title>', _text(0, 16, title, size=14, weight="bold")]
    x: float = left
    for s_i, (name, _) in enumerate(series):
        parts.append(f'<rect x="{x}" y="26" width="12" height="12" fill="{PALETTE[s_i % len(PALETTE)]}"/>')
        parts.append(_text(x + 16, 37, name))
        x += 24 + 8 * len(name)
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="currentColor"/>')
    for y_i, year in enumerate(years):
        x0 = left + y_i * slot + slot * 0.1
        for s_i, (name, vals) in enumerate(series):
            v = vals[y_i]
            h = plot_h * v / peak
            x = x0 + s_i * col
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{col - 1:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[s_i % len(PALETTE)]}"><title>{escape(name)} {year}: {number(v)}</title></rect>')
        parts.append(_text(x0 + slot * 0.4, top + plot_h + 16, str(year), anchor="middle"))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
