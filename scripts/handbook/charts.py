"""Static SVG charts written as text: no chart library, no CDN; readable by browsers and WeasyPrint.

The charts are drawn for a phone: the viewBox is 360 units wide and no text is smaller than
12 units, so a chart shown 358 px wide (a 390 px screen) has no text under 11 px, and the page
caps it at 420 px on a desk. Text is `currentColor`, so it takes the page's text colour in the
light and the dark scheme alike. Every label passes through `html.escape`, so a cell's text can
never become markup inside the SVG.
"""

from __future__ import annotations

import math
import re
import unicodedata
from html import escape

from markupsafe import Markup

FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
WIDTH = 360  # viewBox width: the content width of a 390 px phone screen
SCALE = 7 / 6  # shown at up to 420 px on wider screens (CSS max-width: 100% below that)
TEXT = 12  # smallest font size, in viewBox units
TITLE = 14
BAR = "#b71c1c"  # 党建红, as the header; extra.css lightens it in the dark scheme
_INK = 'fill="currentColor"'
_WORD = re.compile(r"[A-Za-z0-9'’.,;:()/%&+-]+\s*|\s+|.", re.S)


def nice_ticks(peak: float, most: int = 6) -> list[int]:
    """Axis ticks from 0 in steps of 1, 2 or 5 × 10^k, the last one at or above `peak`.

    At most `most` ticks: 37 gives 0/10/20/30/40, 50 gives 0/10/…/50, 8 gives 0/2/4/6/8.
    """
    if peak <= 0:
        return [0, 1]
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            size = step * magnitude
            count = math.ceil(peak / size)
            if count + 1 <= most:
                return [size * i for i in range(count + 1)]
        magnitude *= 10


def text_width(text: str, size: float) -> float:
    """An estimate of a text's width in the CJK sans-serif stack (wide glyphs are 1 em)."""
    total = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            total += 1.0
        elif char.isupper() or char.isdigit():
            total += 0.64
        elif char == " ":
            total += 0.3
        else:
            total += 0.56
    return total * size


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` units: English breaks between words, Chinese between characters."""
    lines, line = [], ""
    for token in _WORD.findall(str(text)):
        if line and text_width((line + token).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _title(title: str, y: float) -> tuple[list[str], float]:
    """The chart's title as bold lines from `y` (a baseline); returns them and the next y."""
    body = []
    for line in wrap(title, TITLE, WIDTH):
        body.append(
            f'<text x="0" y="{y:g}" font-size="{TITLE}" font-weight="bold" {_INK}>'
            f"{escape(line)}</text>"
        )
        y += TITLE + 4
    return body, y


def _svg(height: float, title: str, body: list[str]) -> Markup:
    height = math.ceil(height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hb-chart__svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{round(WIDTH * SCALE)}" '
        f'height="{round(height * SCALE)}" font-family="{escape(FONT)}" font-size="{TEXT}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
    # One line, no blank lines: Markdown keeps the figure as a single raw HTML block.
    return Markup(f'<figure class="hb-chart">{head}{"".join(body)}</svg></figure>')


def bar_chart(items: list[tuple[str, int]], title: str) -> Markup:
    """Horizontal bars, one per label (branches, kinds): the label above its bar, the value after.

    Labels use the whole width (long English names wrap), so nothing shrinks on a phone.
    """
    body, y = _title(title, TITLE)
    peak = nice_ticks(max((v for _, v in items), default=0))[-1]
    digits = max((len(str(v)) for _, v in items), default=1)
    plot = WIDTH - text_width("0" * digits, TEXT) - 8
    line, bar_h = TEXT + 3, 14
    y += 4
    for label, value in items:
        for text in wrap(label, TEXT, WIDTH):
            y += line
            body.append(f'<text x="0" y="{y:g}" {_INK}>{escape(text)}</text>')
        top = y + 4
        w = round(plot * value / peak, 1)
        body.append(
            f'<rect class="hb-chart__bar" x="0" y="{top:g}" width="{w:g}" height="{bar_h}" '
            f'fill="{BAR}"><title>{escape(str(label))}: {value}</title></rect>'
            f'<text x="{w + 5:g}" y="{top + bar_h - 2:g}" {_INK}>{value}</text>'
        )
        y = top + bar_h + 6
    return _svg(y + 4, title, body)


def _every_month(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The items with the months between them that have none added as 0, in order."""
    values = dict(items)
    if not values:
        return []
    year, month = map(int, min(values)[:7].split("-"))
    last = max(values)[:7]
    out = []
    while f"{year}-{month:02d}" <= last:
        key = f"{year}-{month:02d}"
        out.append((key, values.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_chart(items: list[tuple[str, int]], title: str, lang: str = "zh") -> Markup:
    """Columns per month (`YYYY-MM`) on a y axis of round ticks; months numbered, years below.

    Months without a row between the first and the last show as empty columns.
    """
    from handbook.render import strings  # the words of month and year labels

    dates = strings(lang)["dates"]
    items = _every_month(items)
    body, y = _title(title, TITLE)
    ticks = nice_ticks(max((v for _, v in items), default=0))
    left = text_width(str(ticks[-1]), TEXT) + 6
    top, plot_h = y + 4, 150
    base = top + plot_h
    for tick in ticks:
        ty = round(base - plot_h * tick / ticks[-1], 1)
        body.append(
            f'<line x1="{left:g}" x2="{WIDTH}" y1="{ty:g}" y2="{ty:g}" stroke="currentColor" '
            f'stroke-opacity="{0.5 if tick == 0 else 0.2}"/>'
            f'<text x="{left - 4:g}" y="{ty + 4:g}" text-anchor="end" {_INK}>{tick}</text>'
        )
    slot = (WIDTH - left) / max(len(items), 1)
    every = max(1, math.ceil((text_width("12", TEXT) + 3) / slot))
    for i, (month, value) in enumerate(items):
        x = left + i * slot
        h = round(plot_h * value / ticks[-1], 1)
        year, number = month[:4], int(month[5:7])
        shown = dates["chart_month"].format(year=year, month=number)
        body.append(
            f'<rect class="hb-chart__bar" x="{x + slot * 0.15:.1f}" y="{base - h:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{h:g}" fill="{BAR}">'
            f"<title>{escape(shown)}: {value}</title></rect>"
        )
        if i % every == 0:
            body.append(
                f'<text x="{x + slot / 2:.1f}" y="{base + TEXT + 4:g}" text-anchor="middle" '
                f"{_INK}>{number}</text>"
            )
        if i == 0 or number == 1:
            label = dates["chart_year"].format(year=year)
            body.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{base:g}" y2="{base + 2 * TEXT + 10:g}" '
                f'stroke="currentColor" stroke-opacity="0.5"/>'
                f'<text x="{x + 3:.1f}" y="{base + 2 * TEXT + 10:g}" {_INK}>{label}</text>'
            )
    return _svg(base + 2 * TEXT + 16, title, body)
