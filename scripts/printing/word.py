"""Report templates as Word documents (python-docx), for staff who fill them in Word or WPS.

Built from the same Markdown as the template pages. The template pages use a small subset of
Markdown (headings, paragraphs, lists, quotes, tables, one admonition, bold); this module reads
exactly that subset line by line. Fill-in fields `[[字段]]` become underlined blanks carrying
the field's name in small grey print.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from scripts.config import Settings
from scripts.content import Template, localized
from scripts.pages import BLANK

FONT = "Noto Serif CJK SC"  # falls back to the reader's default CJK serif (宋体) if absent
PAD = "\u3000\u3000"  # ideographic spaces either side of a blank's name: room to write
_INLINE = re.compile(r"(\*\*.+?\*\*|\[\[[^\[\]\n]+\]\])")
_ADMONITION = re.compile(r'^!!! \w+(?: "(.*)")?\s*$')
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _set_font(run_or_style: object, size: float | None = None) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), FONT)
    if size:
        font.size = Pt(size)


def add_inline(paragraph: Paragraph, text: str, bold: bool = False) -> None:
    """Add text with **bold** spans and [[field]] blanks to a paragraph."""
    text = _LINK.sub(r"\1", text)
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            add_inline(paragraph, part[2:-2], bold=True)
        elif match := BLANK.fullmatch(part):
            add_blank(paragraph, match.group(1))
        else:
            run = paragraph.add_run(part)
            run.bold = bold or None
            _set_font(run)


def add_blank(paragraph: Paragraph, name: str) -> None:
    """A visible blank: underlined spaces around the field's name in small grey print."""
    for text, small in ((PAD, False), (name, True), (PAD, False)):
        run = paragraph.add_run(text)
        run.underline = True
        _set_font(run, 7 if small else None)
        if small:
            run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table(document: DocxDocument, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            paragraph = table.cell(r, c).paragraphs[0]
            add_inline(paragraph, text, bold=r == 0)
    document.add_paragraph()


def markdown_to_docx(document: DocxDocument, body: str) -> None:
    """Append a template's Markdown body to a Word document."""
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
        elif match := _ADMONITION.match(line):
            note = document.add_paragraph(style="Intense Quote")
            add_inline(note, match.group(1) or "", bold=True)
            i += 1
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                if lines[i].strip():
                    item = document.add_paragraph(style="List Bullet")
                    add_inline(item, _LIST.sub("", lines[i].strip()))
                i += 1
        elif stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            heading = document.add_heading(level=min(level - 1, 3) or 1)
            add_inline(heading, stripped.lstrip("#").strip())
            i += 1
        elif stripped.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                if not _TABLE_RULE.match(lines[i].strip()):
                    rows.append(_cells(lines[i]))
                i += 1
            _table(document, rows)
        elif stripped.startswith(">"):
            quote = document.add_paragraph(style="Quote")
            add_inline(quote, stripped.lstrip("> ").strip())
            i += 1
        elif _LIST.match(line):
            item = document.add_paragraph(style="List Bullet")
            add_inline(item, _LIST.sub("", line))
            i += 1
        else:
            paragraph = document.add_paragraph()
            add_inline(paragraph, stripped)
            i += 1


def template_docx(template: Template, settings: Settings, lang: str = "zh") -> DocxDocument:
    """A template as a Word document: title, description, then the body with blanks."""
    lang = "en" if lang == "en" and template.body_en else "zh"
    title, body = localized(template, "title", lang), localized(template, "body", lang)
    description = localized(template, "description", lang)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Quote"):
        _set_font(document.styles[name])
    document.styles["Normal"].font.size = Pt(12)
    document.core_properties.title = title
    document.core_properties.author = settings.org_name
    document.core_properties.subject = template.kind
    heading = document.add_heading(level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_inline(heading, title)
    if description:
        intro = document.add_paragraph(style="Subtitle")
        add_inline(intro, description)
    markdown_to_docx(document, body)
    return document


def write_templates(templates: list[Template], settings: Settings, folder: Path) -> list[Path]:
    """Write templates/<slug>.docx (and <slug>.en.docx where an English page exists)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for template in templates:
        for lang, suffix in (("zh", ""), ("en", ".en")):
            if lang == "en" and not template.body_en:
                continue
            path = folder / f"{template.slug}{suffix}.docx"
            template_docx(template, settings, lang).save(str(path))
            written.append(path)
    return written
