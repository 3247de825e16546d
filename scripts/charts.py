"""Static SVG charts written as text: no chart library, no CDN; readable by browsers and WeasyPrint.

Labels use a CJK font stack so Chinese renders without missing-glyph boxes. Every label passes
through `html.escape`, so a cell's text can never become markup inside the SVG.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
BAR = "#c62828"
GRID = "#d0d0d0"
TEXT = "#333333"


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hb-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="max-width:100%;height:auto" font-family="{escape(FONT)}" font-size="12" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
    # One line, no blank lines: Markdown keeps it as a single raw HTML block.
    return Markup(head + "".join(body) + "</svg>")


def _nice_max(value: int) -> int:
    """The smallest 1, 2 or 5 × 10^k not below `value` (axis maximum)."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def bar_chart(items: list[tuple[str, int]], title: str, width: int = 640) -> Markup:
    """Horizontal bars, one per label (branches, types): label, bar, value."""
    label_w, row_h, top = 170, 24, 30
    height = top + row_h * max(len(items), 1) + 10
    peak = _nice_max(max((v for _, v in items), default=1))
    plot_w = width - label_w - 60
    body = [
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{TEXT}">{escape(title)}</text>'
    ]
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        w = round(plot_w * value / peak, 1) if peak else 0
        body.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="{TEXT}">'
            f"{escape(str(label))}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="{BAR}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}" fill="{TEXT}">{value}</text>'
        )
    return _svg(width, height, title, body)


def column_chart(items: list[tuple[str, int]], title: str, width: int = 640) -> Markup:
    """Vertical columns over time (months), with a light grid and every other label."""
    left, top, bottom, height = 40, 30, 40, 240
    plot_h = height - top - bottom
    plot_w = width - left - 10
    peak = _nice_max(max((v for _, v in items), default=1))
    slot = plot_w / max(len(items), 1)
    body = [
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{TEXT}">{escape(title)}</text>'
    ]
    for k in range(5):
        value = peak * k // 4
        y = round(top + plot_h - plot_h * k / 4, 1)
        body.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y}" y2="{y}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" fill="{TEXT}">{value}</text>'
        )
    for i, (label, value) in enumerate(items):
        h = round(plot_h * value / peak, 1) if peak else 0
        x = round(left + i * slot + slot * 0.15, 1)
        body.append(
            f'<rect x="{x}" y="{round(top + plot_h - h, 1)}" width="{round(slot * 0.7, 1)}" '
            f'height="{h}" fill="{BAR}"><title>{escape(str(label))}: {value}</title></rect>'
        )
        if len(items) <= 12 or i % 2 == 0:
            body.append(
                f'<text x="{round(x + slot * 0.35, 1)}" y="{height - bottom + 16}" '
                f'text-anchor="middle" font-size="10" fill="{TEXT}">{escape(str(label))}</text>'
            )
    return _svg(width, height, title, body)
