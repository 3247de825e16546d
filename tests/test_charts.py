"""SVG charts: round axis ticks, text a phone can read, colours from the page, no bare bars."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.charts import bar_chart, month_chart, nice_ticks, wrap

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("peak", "ticks"),
    [
        (50, [0, 10, 20, 30, 40, 50]),  # the axis read 0/12/25/37/50
        (37, [0, 10, 20, 30, 40]),
        (14, [0, 5, 10, 15]),
        (8, [0, 2, 4, 6, 8]),
        (3, [0, 1, 2, 3]),
        (1, [0, 1]),
        (0, [0, 1]),
        (144, [0, 50, 100, 150]),
        (460, [0, 100, 200, 300, 400, 500]),
    ],
)
def test_ticks_are_round_steps_from_zero(peak: int, ticks: list[int]) -> None:
    assert nice_ticks(peak) == ticks


@given(st.integers(min_value=1, max_value=10**7))
def test_ticks_cover_the_peak_tightly_in_1_2_5_steps(peak: int) -> None:
    ticks = nice_ticks(peak)
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert ticks[0] == 0 and mantissa in (1, 2, 5)
    assert all(b - a == step for a, b in zip(ticks, ticks[1:], strict=False))
    assert ticks[-2] < peak <= ticks[-1]  # the axis ends at the first tick reaching the peak
    assert 2 <= len(ticks) <= 6


def _tree(markup: str) -> ET.Element:
    svg = re.search(r"<svg.*</svg>", str(markup), flags=re.S)
    assert svg, markup
    return ET.fromstring(svg.group(0))


def _texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}text"))


def _font_size(root: ET.Element, text: ET.Element) -> float:
    return float(text.get("font-size") or root.get("font-size"))


def _check_phone_readable(root: ET.Element) -> None:
    """Every text at least 12 viewBox units in a 360-unit-wide box: 11 px or more at 358 px."""
    width = float(root.get("viewBox").split()[2])
    assert width <= 360
    for text in _texts(root):
        assert _font_size(root, text) * 358 / width >= 11, text.text


BRANCHES = [
    ("办公室党支部", 22),
    ("Offices Service Centre Party Branch", 16),
    ("未填党支部", 45),
    ("监督检查党支部", 0),
]


def test_bar_chart_names_every_bar_and_states_its_value() -> None:
    root = _tree(bar_chart(BRANCHES, "按党支部统计的谈话次数（次）"))
    texts = [t.text for t in _texts(root)]
    bars = list(root.iter(f"{SVG}rect"))
    assert len(bars) == len(BRANCHES)
    for (label, value), bar in zip(BRANCHES, bars, strict=True):
        assert label in texts and str(value) in texts
        assert bar.find(f"{SVG}title").text == f"{label}: {value}"
    widths = [float(b.get("width")) for b in bars]
    assert widths[2] == max(widths) and widths[3] == 0  # bars are to scale


def test_chart_text_takes_the_page_colour_and_is_big_enough() -> None:
    months = [(f"2022-{m:02d}", m * 3) for m in range(1, 13)]
    months += [(f"2023-{m:02d}", 40 - m) for m in range(1, 7)]
    for markup in (bar_chart(BRANCHES, "标题"), month_chart(months, "每月谈话次数（次）")):
        root = _tree(markup)
        _check_phone_readable(root)
        assert all(t.get("fill") == "currentColor" for t in _texts(root))
        assert "#333" not in str(markup)


def test_month_chart_has_round_ticks_every_month_and_the_years() -> None:
    months = [(f"2022-{m:02d}", v) for m, v in zip(range(1, 13), [8, 8, 9, 13] * 3, strict=True)]
    months += [("2023-01", 14)]
    root = _tree(month_chart(months, "每月谈话次数（次）", "zh"))
    texts = [t.text for t in _texts(root)]
    assert texts[1:5] == ["0", "5", "10", "15"]  # after the title, the y axis
    assert [str(m) for m in [*range(1, 13), 1]] == [t for t in texts[5:] if "年" not in t]
    assert "2022年" in texts and "2023年" in texts
    english = [t.text for t in _texts(_tree(month_chart(months, "Talks per month", "en")))]
    assert "2022" in english and not any("年" in t for t in english)


def test_months_without_rows_are_shown_empty() -> None:
    root = _tree(month_chart([("2022-11", 4), ("2023-02", 2)], "每月整改问题数（项）", "zh"))
    bars = [b.find(f"{SVG}title").text for b in root.iter(f"{SVG}rect")]
    assert bars == ["2022年11月: 4", "2022年12月: 0", "2023年1月: 0", "2023年2月: 2"]


def test_long_labels_wrap_instead_of_shrinking() -> None:
    label = "Second Operations Management Party Branch of the Municipal Bureau of Somewhere"
    lines = wrap(label, 12, 200)
    assert len(lines) > 1 and " ".join(lines) == label
    root = _tree(bar_chart([(label, 3)], "Talks by branch (number)"))
    assert [t.text for t in _texts(root)][1:-1] == wrap(label, 12, 360)


def test_label_markup_stays_text() -> None:
    markup = str(bar_chart([("<script>alert(1)</script>", 1)], '"><b>x</b>'))
    assert "<script>" not in markup and "<b>" not in markup
    assert "&lt;script&gt;" in markup
