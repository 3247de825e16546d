"""The official-document layout of GB/T 9704-2012 (党政机关公文格式) for Word files: one place.

Every Word file the build writes (templates, rules, drafted reports) starts from
`official_document`, which sets the page (A4; margins 37/35/28/26 mm), a 22-line grid of
28 characters, the styles (title 2号 小标宋, body 3号 仿宋, level-1 headings 黑体, level-2 楷体,
all in black, no theme fonts), page numbers "— 1 —" in 4号 宋体 at the outer side of odd and
even pages, a font table naming substitutes, and the document properties.

The fonts are those office PCs have under these names (方正小标宋简体, 仿宋_GB2312, 黑体,
楷体_GB2312); each names a fallback (仿宋, 楷体, SimSun …) in the font table, which Word and WPS
use when the first is not installed.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

PAGE_MM = (210, 297)  # A4
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_MM = 21  # page number about 7 mm below the type area (35 mm margin, 4号 line)
LINES, CHARS = 22, 28  # per page, per line
# kind -> (East Asian font, fallback): the names Word and WPS look up on office PCs.
FONTS: dict[str, tuple[str, str]] = {
    "title": ("方正小标宋简体", "宋体"),
    "body": ("仿宋_GB2312", "仿宋"),
    "h1": ("黑体", "SimHei"),
    "h2": ("楷体_GB2312", "楷体"),
    "h3": ("仿宋_GB2312", "仿宋"),
    "page": ("宋体", "SimSun"),
    "table": ("仿宋_GB2312", "仿宋"),
}
SIZES_PT: dict[str, float] = {  # 2号 22 pt, 3号 16 pt, 4号 14 pt, 小4号 12 pt
    "title": 22,
    "body": 16,
    "h1": 16,
    "h2": 16,
    "h3": 16,
    "page": 14,
    "table": 12,
}
LATIN = "Times New Roman"
TYPE_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156 mm
TYPE_HEIGHT_MM = PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]  # 225 mm
LINE_PT = Mm(TYPE_HEIGHT_MM).pt / LINES  # 28.9 pt: 22 lines in the type area
TITLE_LINE_PT = 36.0
# Word styles -> part of the document; the built-in names keep Word's navigation pane working.
STYLES = {
    "Normal": "body",
    "Title": "title",
    "Heading 1": "h1",
    "Heading 2": "h2",
    "Heading 3": "h3",
}
STYLE_IDS = {"title": "Title", "h1": "Heading1", "h2": "Heading2", "h3": "Heading3"}
GB2312_CHARSET = "86"


def set_font(target: Any, kind: str, lang: str = "zh") -> None:
    """Give a run or style the East Asian font and size of one part (Latin: Times New Roman).

    The East Asian name is written as `w:eastAsia` (what Word and WPS use for Chinese), with
    `w:hint="eastAsia"` so that shared punctuation takes the Chinese font.
    """
    name, _ = FONTS[kind]
    font = target.font
    font.size = Pt(SIZES_PT[kind])
    font.name = LATIN if lang == "en" else name
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), font.name)
    fonts.set(qn("w:hAnsi"), font.name)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _plain_style(document: DocxDocument, style_name: str, kind: str, lang: str) -> None:
    """A style in the official look: its font, black, not bold or italic, no borders."""
    styles = document.styles
    if style_name not in styles:
        styles.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)
    style = styles[style_name]
    set_font(style, kind, lang)
    style.font.bold = False
    style.font.italic = False
    ppr = style.element.get_or_add_pPr()
    for child in list(ppr):
        if child.tag in (qn("w:pBdr"), qn("w:spacing"), qn("w:ind"), qn("w:contextualSpacing")):
            ppr.remove(child)
    if kind in ("body", "h1", "h2", "h3"):
        _condense(style)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if kind == "title":
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(TITLE_LINE_PT)
        fmt.first_line_indent = None
    else:
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT)
        fmt.first_line_indent = Pt(2 * SIZES_PT["body"])  # 首行缩进2字
    if kind.startswith("h") or kind == "title":
        fmt.keep_with_next = True
        fmt.widow_control = True


def condense_twips() -> int:
    """Character spacing (twentieths of a point) that fits 28 3号 characters in 156 mm."""
    pitch = Mm(TYPE_WIDTH_MM).pt / CHARS
    return math.floor((pitch - SIZES_PT["body"]) * 20)


def _condense(style: Any) -> None:
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    spacing = rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(condense_twips())})
    rpr.append(spacing)


def _grid(section: Any) -> None:
    """A 22-line document grid (w:docGrid); 28 characters a line come from `condense_twips`."""
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = sect.makeelement(
        qn("w:docGrid"),
        {
            qn("w:type"): "lines",
            qn("w:linePitch"): str(round(LINE_PT * 20)),
        },
    )
    sect.append(grid)


def page_number(paragraph: Paragraph, outer_right: bool) -> None:
    """ "— 1 —" in 4号 宋体 with a PAGE field, one character in from the outer edge."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if outer_right else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    indent = Pt(SIZES_PT["page"])
    if outer_right:
        fmt.right_indent = indent
    else:
        fmt.left_indent = indent
    for text in ("— ", None, " —"):
        run = paragraph.add_run(text or "")
        set_font(run, "page")
        run.font.name = "宋体"
        if text is None:
            for kind in ("begin", "instr", "separate", "text", "end"):
                if kind == "instr":
                    node = run.element.makeelement(qn("w:instrText"), {})
                    node.text = " PAGE "
                    node.set(qn("xml:space"), "preserve")
                elif kind == "text":
                    node = run.element.makeelement(qn("w:t"), {})
                    node.text = "1"
                else:
                    node = run.element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
                run.element.append(node)


def declare_fallbacks(document: DocxDocument) -> None:
    """Name a substitute for each official font in the font table (w:altName, GB2312)."""
    from lxml import etree

    part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")
    )
    table = etree.fromstring(part.blob)
    present = {font.get(qn("w:name")) for font in table}
    for name, alt in dict(FONTS.values()).items():
        if name in present:
            continue
        font = etree.SubElement(table, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): GB2312_CHARSET})
        etree.SubElement(
            font, qn("w:family"), {qn("w:val"): "modern" if alt != "宋体" else "roman"}
        )
    # python-docx keeps the font table as a plain part: its bytes are what gets saved.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def setup_section(section: Any) -> None:
    """A4, the standard's margins and grid, page numbers at the outer side (odd right)."""
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(FOOTER_MM)
    section.header_distance = Mm(15)
    _grid(section)
    page_number(section.footer.paragraphs[0], outer_right=True)
    page_number(section.even_page_footer.paragraphs[0], outer_right=False)


def official_document(
    title: str,
    author: str,
    lang: str = "zh",
    subject: str = "",
    when: dt.datetime | None = None,
) -> DocxDocument:
    """An empty Word document in the GB/T 9704 layout, with its properties filled in.

    `author` is the organisation; `when` (default: now) is the creation and modification date.
    """
    document = Document()
    setup_section(document.sections[0])
    document.settings.odd_and_even_pages_header_footer = True
    for style_name, kind in STYLES.items():
        _plain_style(document, style_name, kind, lang)
    for style_name in ("List Bullet", "List Number", "Quote", "Subtitle"):
        if style_name in document.styles:
            _plain_style(document, style_name, "body", lang)
    declare_fallbacks(document)
    _language(document, lang)
    when = (when or dt.datetime.now(dt.UTC)).replace(microsecond=0, tzinfo=None)
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.subject = subject
    props.created = when
    props.modified = when
    for stale in props._element.findall(qn("cp:lastPrinted")):  # the stock template's 2013
        props._element.remove(stale)
    props.revision = 1
    props.language = "zh-CN" if lang == "zh" else "en-GB"
    props.comments = ""
    props.keywords = ""
    return document


def _language(document: DocxDocument, lang: str) -> None:
    """The documents' proofing languages (w:lang in the default run properties)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    node = rpr.find(qn("w:lang"))
    if node is None:
        node = rpr.makeelement(qn("w:lang"), {})
        rpr.append(node)
    node.set(qn("w:val"), "en-GB" if lang == "en" else "zh-CN")
    node.set(qn("w:eastAsia"), "zh-CN")


def add_paragraph(document: Any, text: str = "", kind: str = "body", lang: str = "zh") -> Paragraph:
    """A paragraph of one part: title (centred), h1/h2 (黑体/楷体) or body (indented 2 字)."""
    paragraph = document.add_paragraph()
    if kind in STYLE_IDS:  # the style's id set directly: looking it up by name is slow
        paragraph._p.style = STYLE_IDS[kind]
    if text:
        run = paragraph.add_run(text)
        set_font(run, kind, lang)
    return paragraph


def bordered_table(
    document: Any, rows: int, cols: int, widths_mm: list[float] | None = None
) -> Table:
    """A table with single black borders on every cell, centred, fixed column widths."""
    table = document.add_table(rows=rows, cols=cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(
            borders.makeelement(
                qn(f"w:{edge}"),
                {
                    qn("w:val"): "single",
                    qn("w:sz"): "6",
                    qn("w:space"): "0",
                    qn("w:color"): "000000",
                },
            )
        )
    tbl_pr.append(borders)
    widths = widths_mm or [TYPE_WIDTH_MM / cols] * cols
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    return table


def cell_paragraph(cell: Any, lang: str = "zh") -> Paragraph:
    """The first paragraph of a table cell, in 小4号 仿宋, single-spaced, not indented."""
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return paragraph


def row_height(row: Any, millimetres: float) -> None:
    """At least this tall: room to write by hand."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE

    row.height = Mm(millimetres)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def keep_together(table: Table, header: bool = True) -> None:
    """Rows never split across pages.

    With a header row, it repeats on each page and stays with the next row; without one (a
    short form), the whole table stays on one page, with the heading above it.
    """
    rows = list(table.rows)
    for index, row in enumerate(rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
        if header and index == 0 and len(rows) > 1:
            tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
        if (index == 0 if header else index < len(rows) - 1) and len(rows) > 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
