"""Pure parts of the print outputs: roster reading, file names, print HTML, PDF byte steps."""

from __future__ import annotations

import io
import re

import pandas as pd
from pypdf import PdfReader, PdfWriter

from handbook.content import load_handbook
from handbook.printing.document import anchor_articles, blanks, rule_anchor, to_html
from handbook.printing.members import Member, members_from, safe_filename
from handbook.printing.pdfbytes import PageSwap, pack
from tests.conftest import DATA, DOCS, MKDOCS_YML

BOOK = load_handbook(DOCS, DATA)


def test_roster_posts_by_id_or_name() -> None:
    frame = pd.DataFrame(
        {
            "编号": ["1", "2", "3", "4"],
            "姓名": ["甲", "乙", "丙", ""],
            "党支部": ["B01"] * 4,
            "岗位": ["z1", "党支部书记", "党员", "G1"],
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


# --- official-document Word layout (GB/T 9704) ------------------------------------------------

import datetime as dt  # noqa: E402

from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402

from handbook.config import load_settings  # noqa: E402
from handbook.printing import official  # noqa: E402
from handbook.printing.document import chinese_quotes  # noqa: E402
from handbook.printing.personal import Branch, branch_calendar, concerns_members  # noqa: E402
from handbook.printing.word import rule_docx, template_docx  # noqa: E402
from handbook.summaries import Period  # noqa: E402

SETTINGS = load_settings(MKDOCS_YML)
WHEN = dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.UTC)


def east_asian(style_or_run) -> str:
    return style_or_run.element.rPr.rFonts.get(qn("w:eastAsia"))


def body_text(document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_official_document_has_the_standards_page_fonts_and_properties() -> None:
    document = official.official_document("标题", "某单位", when=WHEN)
    section = document.sections[0]
    mm = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    mm += [section.left_margin, section.right_margin]
    assert [round(length.mm) for length in mm] == [210, 297, 37, 35, 28, 26]
    styles = document.styles
    assert east_asian(styles["Title"]) == "方正小标宋简体"
    assert styles["Title"].font.size == Pt(22)
    assert east_asian(styles["Normal"]) == "仿宋_GB2312" and styles["Normal"].font.size == Pt(16)
    assert east_asian(styles["Heading 1"]) == "黑体"
    assert east_asian(styles["Heading 2"]) == "楷体_GB2312"
    # 22 lines to the 225 mm type area, 28 characters to the 156 mm line
    assert round(official.LINE_PT * official.LINES) == round(Mm(225).pt)
    condensed = Pt(16).pt + official.condense_twips() / 20
    assert condensed * 28 <= Mm(156).pt < (condensed + 0.1) * 28 + 16
    props = document.core_properties
    assert (props.author, props.title, props.created) == ("某单位", "标题", WHEN)
    footer = section.footer._element.xml + section.even_page_footer._element.xml
    assert footer.count("PAGE") == 2 and "— " in footer
    fonts = document.part.rels
    table = next(r.target_part.blob for r in fonts.values() if r.reltype.endswith("/fontTable"))
    assert "仿宋_GB2312".encode() in table and 'w:altName w:val="仿宋"'.encode() in table


def test_template_docx_keeps_guidance_out_of_the_body_and_forms_in_tables() -> None:
    template = next(t for t in BOOK.templates if t.kind == "记录")
    document = template_docx(template, SETTINGS, when=WHEN)
    text = body_text(document)
    assert document.paragraphs[0].text == template.title
    hints = [f for f in BLANK_RE.findall(template.body) if len(f) > 6]  # not a label's words
    assert hints and not [hint for hint in hints if hint in text]
    note = next(ln for ln in template.body.splitlines() if ln.startswith("    - "))
    assert note.strip("- ").strip()[:12] not in text
    comments = [c.text for c in document.comments]
    assert any(note.strip("- ").strip()[:12] in c for c in comments)
    assert set(BLANK_RE.findall(template.body)) <= set(comments)
    assert document.tables, "a record form's fields are bordered tables"
    assert all(row.height and row.height >= Mm(10) for row in document.tables[0].rows)


def test_rule_docx_has_title_number_and_every_article() -> None:
    rule = BOOK.rules_by_id["15"]
    document = rule_docx(rule, SETTINGS, when=WHEN)
    text = body_text(document)
    assert document.paragraphs[0].text == rule.title
    assert rule.doc_no in text
    assert all(article.label in text for article in rule.articles)


BLANK_RE = re.compile(r"\[\[([^\[\]\n]+)\]\]")


# --- print text, personal pages -----------------------------------------------------------------


def test_chinese_quotes_replace_straight_ones_outside_markup() -> None:
    assert chinese_quotes('见"主题党日"和<a href="x">') == '见“主题党日”和<a href="x">'
    assert chinese_quotes('say "hello"') == 'say "hello"'


def test_member_obligations_are_a_members_not_the_offices() -> None:
    mine = [ob for ob in BOOK.obligations if concerns_members(ob)]
    assert mine and any(ob.who == "党员" for ob in mine)
    assert not [ob for ob in mine if ob.who.startswith("局")]
    assert not [ob for ob in mine if "积极分子" in ob.applies_to]


def test_branch_calendar_dates_theme_days_and_skips_groups_a_branch_lacks() -> None:
    period = Period.parse("2023H1")
    calendar = branch_calendar(BOOK, period, Branch("B9", "某支部", groups=0))
    assert len(calendar.months) == 6
    theme = next(ob for ob in BOOK.obligations if ob.week and ob.weekday)
    january = [t for t in calendar.months[0].fixed if t.startswith(theme.what)]
    assert january == [f"{theme.what}：1月6日（星期五）"]  # first Friday of January 2023
    assert not [t for t in calendar.monthly if "党小组" in t]
    with_groups = branch_calendar(BOOK, period, Branch("B8", "另一支部", groups=2))
    assert [t for t in with_groups.monthly if "党小组" in t]


def test_page_swap_replaces_the_first_pages_only() -> None:
    base = pack(_pdf(3))
    copy = PageSwap(base, pages=2).with_pages([b"BT (a) Tj ET", b"BT (b) Tj ET"])
    reader = PdfReader(io.BytesIO(copy), strict=True)
    assert [reader.pages[i].get_contents().get_data() for i in (0, 1)] == [
        b"BT (a) Tj ET",
        b"BT (b) Tj ET",
    ]
    assert reader.pages[2].get_contents() is None


# --- tagged copies: structure carried through the splice and the page swap ----------------------

import pytest  # noqa: E402
from pypdf.generic import NameObject  # noqa: E402
from weasyprint import HTML  # noqa: E402

from handbook.printing.pdfbytes import Structure, pack_writer, page_content, tag_copy  # noqa: E402
from tests.pdf_structure import elements, number_tree, page_of, structure_problems  # noqa: E402


def _tagged_source() -> PdfReader:
    """Four tagged pages: two covers of different shape, a page linking to the last one."""
    pages = [
        "<h1>封面甲</h1>",
        "<h1>封面乙</h1><p>第一段</p><p>第二段</p><ul><li>一</li><li>二</li></ul>",
        '<h1>正文</h1><p>见<a href="#end">末页</a>。</p>',
        '<h2 id="end">末页</h2><p>完</p>',
    ]
    body = "".join(f'<section style="break-after: page">{page}</section>' for page in pages)
    html = f'<html lang="zh-CN"><head><title>t</title></head><body>{body}</body></html>'
    return PdfReader(io.BytesIO(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")))


def _spliced(reader: PdfReader) -> tuple[Structure, bytes]:
    """Cover 0 as the personal part, pages 2-3 as the handbook, tagged like a personal copy."""
    structure = Structure(reader)
    writer = PdfWriter()
    writer.append(reader, pages=[0], import_outline=False)
    writer.append(reader, pages=[2, 3], import_outline=False)
    writer._root_object[NameObject("/Lang")] = reader.trailer["/Root"]["/Lang"]
    tag_copy(writer, structure, [0, 2, 3], [("/Part", 1), ("/Part", 2)], own_leaf=1)
    return structure, pack_writer(writer)


def test_spliced_copy_keeps_each_parts_structure_renumbered() -> None:
    source = _tagged_source()
    _, data = _spliced(source)
    copy = PdfReader(io.BytesIO(data), strict=True)
    catalog = copy.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) and catalog["/Lang"] == "zh-CN"
    root = catalog["/StructTreeRoot"]
    (document,) = root["/K"]
    parts = document.get_object()["/K"]
    assert [part.get_object()["/S"] for part in parts] == ["/Part", "/Part"]
    assert structure_problems(copy) == []
    assert [int(page["/StructParents"]) for page in copy.pages] == [0, 1, 2]
    link = copy.pages[1]["/Annots"][0].get_object()
    assert int(link["/StructParent"]) == 3 == int(root["/ParentTreeNextKey"]) - 1
    # each part holds exactly the elements of its pages, as many as the source had there
    ids = [page.indirect_reference.idnum for page in copy.pages]
    front, handbook = (elements(part) for part in parts)
    assert {page_of(e) for e in front} == {ids[0]}
    assert {page_of(e) for e in handbook} == set(ids[1:])
    source_ids = [page.indirect_reference.idnum for page in source.pages]
    on = [page_of(e) for e in elements(source.trailer["/Root"]["/StructTreeRoot"])]
    assert len(front) == on.count(source_ids[0])
    assert len(handbook) == on.count(source_ids[2]) + on.count(source_ids[3])
    assert sorted(number_tree(root["/ParentTree"])) == [0, 1, 2, 3]


def test_page_swap_brings_the_structure_of_the_new_page() -> None:
    source = _tagged_source()
    structure, base = _spliced(source)
    swap = PageSwap(base, pages=1)
    with pytest.raises(ValueError):
        swap.with_pages([page_content(source, 1)])  # content without its structure
    copy = PdfReader(io.BytesIO(swap.with_pages([page_content(source, 1)], (structure, [1]))))
    assert structure_problems(copy) == []
    assert "封面乙" in copy.pages[0].extract_text()
    root = copy.trailer["/Root"]["/StructTreeRoot"]
    parts = root["/K"][0].get_object()["/K"]
    front = elements(parts[0])
    source_ids = [page.indirect_reference.idnum for page in source.pages]
    on = [page_of(e) for e in elements(source.trailer["/Root"]["/StructTreeRoot"])]
    assert len(front) == on.count(source_ids[1]) > on.count(source_ids[0])
    assert {page_of(e) for e in front} == {copy.pages[0].indirect_reference.idnum}
    assert len(elements(parts[1])) == on.count(source_ids[2]) + on.count(source_ids[3])
