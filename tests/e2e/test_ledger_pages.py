"""Ledger pages as readers see them: charts readable on a phone in both colour schemes, names
instead of codes, and English pages without the ledgers' Chinese."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from handbook import translations
from handbook.ledgers import load_all
from tests.conftest import DATA, LEDGERS

CHART_PAGES = [
    "ledgers/index.html",
    "ledgers/talks.html",
    "ledgers/branches.html",
    "ledgers/study.html",
    "ledgers/rectification.html",
]
PHONE = {"width": 390, "height": 844}

# Every chart text: its font size as rendered (px), its box, and its colour composited over the
# backgrounds beneath it, with the background, so that the test computes the contrast.
MEASURE = """() => {
  const rgba = (css) => {
    const parts = css.match(/rgba?\\(([^)]+)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean);
    const [r, g, b, a] = parts.map(Number);
    return [r, g, b, parts.length > 3 ? a : 1];
  };
  const backdrop = (element) => {
    const chain = [];
    for (let e = element; e; e = e.parentElement) chain.unshift(e);
    let colour = [255, 255, 255];
    for (const e of chain) {
      const [r, g, b, a] = rgba(getComputedStyle(e).backgroundColor);
      colour = colour.map((v, i) => [r, g, b][i] * a + v * (1 - a));
    }
    return colour;
  };
  return [...document.querySelectorAll("svg.hb-chart__svg text")].map((t) => {
    const svg = t.ownerSVGElement;
    const back = backdrop(svg);
    const [r, g, b, a] = rgba(getComputedStyle(t).fill);
    const box = t.getBoundingClientRect();
    return {
      text: t.textContent,
      size: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a,
      height: box.height,
      right: box.right,
      fg: [r, g, b].map((v, i) => v * a + back[i] * (1 - a)),
      bg: back,
    };
  });
}"""


def _luminance(rgb: list[float]) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: list[float], bg: list[float]) -> float:
    """WCAG contrast ratio of two opaque colours."""
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag() -> None:
    assert round(contrast([0, 0, 0], [255, 255, 255]), 1) == 21.0
    assert round(contrast([0x33] * 3, [0x1E, 0x21, 0x29]), 2) < 1.5  # the old #333 in dark mode


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["", "en/"])
def test_every_chart_text_is_readable_on_a_phone(browser, site_url, scheme, lang) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    try:
        for path in CHART_PAGES:
            page.goto(f"{site_url}/{lang}{path}")
            texts = page.evaluate(MEASURE)
            assert len(texts) >= 10, path
            for t in texts:
                where = (path, scheme, t["text"])
                assert t["size"] >= 11 and t["height"] >= 11, (where, t["size"], t["height"])
                assert contrast(t["fg"], t["bg"]) >= 4.5, (where, t["fg"], t["bg"])
                assert t["right"] <= PHONE["width"], where  # nothing cut off at the edge
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    finally:
        context.close()


def test_key_column_of_compliance_tables_is_on_screen_on_a_phone(browser, site_url) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        for path, header in [
            ("ledgers/compliance/life-meetings.html", "情况"),
            ("ledgers/compliance/theme-days.html", "情况"),
            ("en/ledgers/compliance/life-meetings.html", "Finding"),
        ]:
            page.goto(f"{site_url}/{path}")
            cell = page.locator("article th", has_text=header).first
            box = cell.bounding_box()
            assert box and box["x"] + box["width"] <= PHONE["width"], (path, box)
    finally:
        context.close()


# --- the built pages' text -----------------------------------------------------------------------

HAN = re.compile(r"[\u4e00-\u9fff]")


def _article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    body = text[text.index("<article") : text.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _english_ledger_pages(site: Path) -> list[Path]:
    pages = sorted((site / "en" / "ledgers").rglob("*.html"))
    return [p for p in pages if p.name != "columns.html"]  # column names are what people type


@pytest.fixture(scope="module")
def chinese_values() -> list[str]:
    """Every ledger value an English page could show: names, categories, statuses, reasons."""
    data = load_all(LEDGERS)
    table = translations.load(DATA / "translations.yml")
    found: set[str] = set(data["branches"]["名称"]) | set(data["groups"]["名称"])
    for item in table.checked:
        found |= {str(v) for v in data[item.ledger][item.column].dropna()}
    return sorted((v for v in found if HAN.search(v)), key=len, reverse=True)


def test_english_ledger_pages_show_no_chinese_name_status_or_category(
    site_dir: Path, chinese_values: list[str]
) -> None:
    pages = _english_ledger_pages(site_dir)
    assert len(pages) >= 13 + 11 + 3  # summaries, compliance views, reports
    for page in pages:
        text = _article(page)
        left = [v for v in chinese_values if v in text]
        assert left == [], (page.name, left[:5])
        assert HAN.findall(text) == [], (page.name, "".join(HAN.findall(text))[:40])


def test_english_column_reference_gives_every_allowed_value_in_english(site_dir: Path) -> None:
    text = re.sub(r"\s+", " ", _article(site_dir / "en" / "ledgers" / "columns.html"))
    assert "持续推进 (in progress)" in text and "主题党日 (theme Party day)" in text


def test_branch_ledger_page_lists_branches_with_members_by_name(site_dir: Path) -> None:
    data = load_all(LEDGERS)
    table = translations.load(DATA / "translations.yml")
    for lang, show in (("", str), ("en/", table.english)):
        page = (site_dir / lang / "ledgers" / "branches.html").read_text(encoding="utf-8")
        rows = [html.unescape(r) for r in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)]
        for name, members in zip(
            data["branches"]["名称"], data["branches"]["党员人数"], strict=True
        ):
            label = show(name)
            row = next((r for r in rows if f"<td>{label}</td>" in r), None)
            assert row and f"<td>{members}</td>" in row, (lang, label)
        assert not re.search(r"<td>B\d\d</td>", page)


def test_ledger_pages_name_no_secretary_or_group_leader(site_dir: Path) -> None:
    # Secretaries and group leaders are on the private roster: their names stay off the site.
    data = load_all(LEDGERS)
    people = set(data["branches"]["书记"]) | set(data["groups"]["组长"])
    pages = [
        *(site_dir / "ledgers").rglob("*.html"),
        *(site_dir / "en" / "ledgers").rglob("*.html"),
    ]
    pages += list((site_dir / "search").glob("*.json"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not [p for p in people if p in text], page


def test_reader_pages_carry_no_maintainer_note_no_code_and_no_duplicate_column(
    site_dir: Path,
) -> None:
    for page in [*(site_dir / "ledgers").rglob("*.html"), *_english_ledger_pages(site_dir)]:
        assert "请勿手工修改" not in page.read_text(encoding="utf-8"), page
        if page.name != "columns.html":  # which explains the ids people type
            assert not re.findall(r"\bB\d\d(?:-\d+)?\b", _article(page)), page
    for lang in ("", "en/"):
        page = (site_dir / lang / "ledgers" / "rectification.html").read_text(encoding="utf-8")
        for head in re.findall(r"<thead>(.*?)</thead>", page, flags=re.S):
            cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<th.*?</th>", head)]
            assert len(cells) == len(set(cells)), (lang, cells)
