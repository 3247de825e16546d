"""The drafted reports as Word files: official-document layout (GB/T 9704-2012), same figures.

The layout values are the standard's (A4; margins 37/35/28/26 mm; 2号 title, 3号 body, 4号
page numbers), read back from the saved file with python-docx.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from handbook import ledgers_pages
from handbook.config import load_settings
from handbook.model import Model
from handbook.printing.word import write_reports
from tests.conftest import MKDOCS_YML
from tests.ledger_fixtures import ledger_site_fixture  # noqa: F401

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, model: Model) -> dict[str, Path]:
    """Every report written as .docx, as the print step writes them into the site's downloads."""
    settings = model.settings
    reports = {lang: ledgers_pages.reports(model, lang) for lang in ("zh", "en")}
    folder = tmp_path_factory.mktemp("downloads") / "reports"
    return {p.name: p for p in write_reports(reports, settings, folder)}


def _east_asian(run: object) -> str | None:
    fonts = run.element.rPr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def _page_text(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    body = text[text.index("<article") : text.index("</article>")]
    body = re.sub(r'<div class="admonition.*?</div>', " ", body, flags=re.S)
    body = re.sub(r'<p class="hb-download">.*?</p>', " ", body, flags=re.S)
    body = re.sub(r'<a class="headerlink".*?</a>', "", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def _figures(text: str) -> Counter:
    return Counter(re.findall(r"\d+(?:\.\d+)?%?", text.replace(",", "")))


def test_every_period_and_language_is_written(written):
    assert {"2022H1.docx", "2023H1.docx", "2022H1.en.docx", "2023H1.en.docx"} <= set(written)


PAGES = [
    ("2023H1.docx", "ledgers/reports/2023H1.html"),
    ("2022H1.docx", "ledgers/reports/2022H1.html"),
    ("2023H1.en.docx", "en/ledgers/reports/2023H1.html"),
]


@pytest.mark.parametrize(("name", "page"), PAGES)
def test_docx_holds_the_same_figures_as_the_page(written, ledger_site: Path, name, page):
    document = Document(str(written[name]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert _figures(text) == _figures(_page_text(ledger_site / page))
    if name == "2023H1.docx":
        assert all(figure in text for figure in ("参加501人", "67项具体职责", "占30%"))


def test_page_size_and_margins_are_the_standards(written):
    section = Document(str(written["2023H1.docx"])).sections[0]
    for value, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(value - Mm(mm)) < Mm(0.1)


def test_fonts_and_sizes_of_title_headings_and_body(written):
    paragraphs = [p for p in Document(str(written["2023H1.docx"])).paragraphs if p.text]
    title = paragraphs[0]
    assert title.text == "2023年上半年党建工作汇报"
    assert (title.alignment or title.style.paragraph_format.alignment) == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22) and _east_asian(title.runs[0]) == "方正小标宋简体"
    by_text = {p.text: p for p in paragraphs}
    h1, h2 = by_text["一、主要工作情况"], by_text["（一）党建责任落实"]
    assert _east_asian(h1.runs[0]) == "黑体" and h1.runs[0].font.size == Pt(16)
    assert _east_asian(h2.runs[0]) == "楷体_GB2312" and h2.runs[0].font.size == Pt(16)
    body = next(p for p in paragraphs if p.text.startswith("一是"))
    assert _east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    normal = Document(str(written["2023H1.docx"])).styles["Normal"].paragraph_format
    indent = body.paragraph_format.first_line_indent or normal.first_line_indent
    assert indent == Pt(32)  # two characters
    # 落款: issuing unit and date, right-aligned, last.
    org = load_settings(MKDOCS_YML).org_name
    assert [p.text for p in paragraphs[-2:]] == [f"中共{org}党组", "2023年6月30日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in paragraphs[-2:])
    assert not any(re.search(r"B\d\d|XC\d{4}|草稿|\.docx", p.text) for p in paragraphs)


def test_fonts_name_their_substitutes(written):
    from zipfile import ZipFile

    table = ZipFile(written["2023H1.docx"]).read("word/fontTable.xml").decode("utf-8")
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="(SimSun|宋体)"', table)
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"', table)
    assert re.search(r'w:name="楷体_GB2312"><w:altName w:val="楷体"', table)


def test_page_numbers_in_the_footer_with_dashes(written):
    document = Document(str(written["2023H1.docx"]))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(f"{W}instrText"))
        assert all(r.font.size == Pt(14) for r in paragraph.runs)
