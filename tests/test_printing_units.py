"""Pure parts of the print outputs: roster reading, file names, print HTML, PDF byte steps."""

from __future__ import annotations

import io
import re

import pandas as pd
from pypdf import PdfReader, PdfWriter

from scripts.content import load_handbook
from scripts.printing.document import anchor_articles, blanks, rule_anchor, to_html
from scripts.printing.members import Member, members_from, safe_filename
from scripts.printing.pdfbytes import PageSwap, pack

BOOK = load_handbook()


def test_roster_columns_in_chinese_or_english_and_posts_by_id_or_name() -> None:
    frame = pd.DataFrame(
        {
            "id": ["1", "2", "3", "4"],
            "name": ["甲", "乙", "丙", ""],
            "branch": ["B01"] * 4,
            "post": ["z1", "党支部书记", "党员", "G1"],
        }
    )
    members = members_from(frame, BOOK)
    assert [(m.name, m.post) for m in members] == [("甲", "Z1"), ("乙", "Z1"), ("丙", "")]
    records = [{"编号": "7", "姓名": "丁", "党支部": "B02", "岗位": "G2"}]
    assert members_from(records, BOOK) == [Member("7", "丁", "B02", "G2")]


def test_safe_filenames_whatever_the_name() -> None:
    taken: set[str] = set()
    names = ["../../etc/passwd", 'a:b*c?"d"<e>|f', "\x00\t 张 三 ", "..", "张三", "张三", "x" * 300]
    results = [safe_filename(Member("M1", n, "", ""), taken) for n in names]
    assert len(set(results)) == len(results)
    for name in results:
        assert not re.search(r'[\x00-\x1f/\\:*?"<>|\s]', name)
        assert not name.startswith(".") and name
        assert len(name.encode("utf-8")) <= 130


def test_rule_links_become_internal_and_other_links_plain_text() -> None:
    html = to_html("见[《主题党日制度》](15.md#第三条)和[清单](../duties/G1.md)。")
    assert 'href="#rule-15-a3"' in html
    assert "清单" in html and "G1.md" not in html
    assert rule_anchor("15", "article-12") == "rule-15-a12"


def test_articles_get_document_wide_anchors() -> None:
    body = "**第一条**　总则。\n\n**第二条**　范围：\n（一）甲。\n"
    html = to_html(anchor_articles(body, "08"))
    assert 'id="rule-08-a1"' in html and 'id="rule-08-a2"' in html


def test_fill_in_fields_render_as_named_blanks() -> None:
    html = to_html(blanks("姓名：[[姓名]]\n\n[[<主要内容>]]\n"))
    assert '<span class="blank__name">姓名</span>' in html
    assert "&lt;主要内容&gt;" in html and 'class="fill"' in html


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(100, 100)
    writer.add_outline_item(title="two", page_number=1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_packed_pdf_reads_the_same() -> None:
    packed = pack(_pdf(3))
    reader = PdfReader(io.BytesIO(packed), strict=True)
    assert len(reader.pages) == 3
    assert reader.get_destination_page_number(reader.outline[0]) == 1


def test_page_swap_replaces_only_the_first_page() -> None:
    base = pack(_pdf(2))
    swap = PageSwap(base)
    copy = swap.with_first_page(b"BT /F1 12 Tf (x) Tj ET")
    assert copy.startswith(base)
    reader = PdfReader(io.BytesIO(copy), strict=True)
    assert len(reader.pages) == 2
    assert reader.pages[0].get_contents().get_data() == b"BT /F1 12 Tf (x) Tj ET"
    assert reader.outline[0].title == "two"
