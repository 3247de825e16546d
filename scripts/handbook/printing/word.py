"""Word files (python-docx) in the official-document layout, for staff who work in Word or WPS.

Templates and rules are built from the same Markdown as their pages; the layout (GB/T 9704:
page, fonts, sizes, page numbers, properties) comes from `handbook.printing.official`, the one
place the styles live. The pages use a small subset of Markdown (headings, paragraphs, lists,
quotes, tables, admonitions, bold), read here line by line.

Fill-in guidance stays out of the document body: an instruction box (`!!! note`) or a
"写法：…" quote becomes a Word comment on the heading it explains, and each fill-in field
`[[字段]]` becomes room to write (an underlined blank, a bordered cell or box) with the field's
name in a comment. Record forms (kind 记录) put their "label: [[field]]" lists into bordered
two-column tables with rows tall enough to write in by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from handbook.config import Settings
from handbook.content import BLANK, Rule, Template, localized
from handbook.printing import official

RECORD_KINDS = ("记录",)  # templates filled in by hand: forms with bordered tables
PAD = "\u3000"  # an ideographic space: one character of room to write
_INLINE = re.compile(r"(\*\*.+?\*\*|\[\[[^\[\]\n]+\]\])")
_ADMONITION = re.compile(r'^!!! \w+(?: "(.*)")?\s*$')
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
_NUMBERED = re.compile(r"^\s*(\d+)\.\s+")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_LABELLED = re.compile(r"^(?P<label>[^\[\]]+?)[：:]\s*\[\[(?P<name>[^\[\]\n]+)\]\]$")
_ATTRS = re.compile(r"\s*\{:[^}]*\}\s*$")
RECORD_ROW_MM = 12  # a labelled line of a record form
BOX_MM = {"record": 55, "table": 24}  # a free-text box; a table cell to fill in


@dataclass
class WordWriter:
    """Appends Markdown to an official document; collects guidance as comments."""

    document: DocxDocument
    lang: str
    author: str
    record: bool = False
    centre_headings: bool = False  # rules: chapter headings centred
    anchor: list[Run] = field(default_factory=list)  # runs the next guidance comments attach to
    pending: list[str] = field(default_factory=list)

    # --- guidance -----------------------------------------------------------------------------

    def comment(self, runs: list[Run], text: str) -> None:
        """A Word comment on `runs` (guidance beside the body, not in it)."""
        runs = [r for r in runs if r is not None]
        if runs and text.strip():
            self.document.add_comment(runs, text=text.strip(), author=self.author, initials="")

    def guide(self, text: str) -> None:
        """Guidance for the part last written (the heading above, or the title)."""
        if self.anchor:
            self.comment(self.anchor, text)
        else:
            self.pending.append(text)

    def _anchor_to(self, runs: list[Run]) -> None:
        self.anchor = runs
        for text in self.pending:
            self.comment(runs, text)
        self.pending = []

    # --- inline text --------------------------------------------------------------------------

    def inline(self, paragraph: Paragraph, text: str, kind: str = "body") -> list[Run]:
        """Text with **bold** spans (黑体 in Chinese, bold in English) and [[field]] blanks."""
        runs = []
        for part in _INLINE.split(_ATTRS.sub("", _LINK.sub(r"\1", text))):
            if not part:
                continue
            if part.startswith("**") and part.endswith("**") and len(part) > 4:
                run = paragraph.add_run(part[2:-2])
                official.set_font(run, "h1" if self.lang == "zh" else kind, self.lang)
                if kind != "body" or self.lang != "zh":
                    run.bold = True
                if kind not in ("body", "h1"):
                    official.set_font(run, kind, self.lang)
                    run.bold = True
                runs.append(run)
            elif match := BLANK.fullmatch(part):
                runs.append(self.blank(paragraph, match.group(1), kind))
            else:
                run = paragraph.add_run(part)
                official.set_font(run, kind, self.lang)
                runs.append(run)
        return runs

    def blank(self, paragraph: Paragraph, name: str, kind: str = "body", width: int = 0) -> Run:
        """An underlined blank about as wide as its field's name; the name in a comment."""
        size = width or max(4, min(10, len(name) // 2 + 2))
        run = paragraph.add_run(PAD * size)
        official.set_font(run, kind, self.lang)
        run.underline = True
        self.comment([run], name)
        return run

    # --- blocks -------------------------------------------------------------------------------

    def paragraph(self, text: str, kind: str = "body") -> Paragraph:
        paragraph = official.add_paragraph(self.document, "", kind, self.lang)
        runs = self.inline(paragraph, text, kind)
        if kind != "body":
            self._anchor_to(runs)
        elif self.pending:
            self._anchor_to(runs)
        return paragraph

    def box(self, name: str, height_mm: float) -> None:
        """A bordered area to write in by hand, its field's name in a comment."""
        table = official.bordered_table(self.document, 1, 1)
        official.row_height(table.rows[0], height_mm)
        paragraph = official.cell_paragraph(table.cell(0, 0), self.lang)
        run = paragraph.add_run(PAD)
        official.set_font(run, "table", self.lang)
        self.comment([run], name)

    def form(self, items: list[tuple[str, str]]) -> None:
        """A record form's labelled lines as a bordered two-column table."""
        label_mm = 42 if self.lang == "zh" else 52
        widths = [label_mm, official.TYPE_WIDTH_MM - label_mm]
        table = official.bordered_table(self.document, len(items), 2, widths)
        for row, (label, name) in zip(table.rows, items, strict=True):
            official.row_height(row, RECORD_ROW_MM)
            head = official.cell_paragraph(row.cells[0], self.lang)
            self.inline(head, label, "table")
            body = official.cell_paragraph(row.cells[1], self.lang)
            run = body.add_run(PAD)
            official.set_font(run, "table", self.lang)
            self.comment([run], name)
        official.keep_together(table, header=False)
        self.document.add_paragraph()

    def table(self, rows: list[list[str]]) -> None:
        """A Markdown table as a bordered table; cells holding a field left empty to fill in."""
        width = max(len(r) for r in rows)
        numbered = self.record and len(rows) == 2 and rows[1][0].strip().isdigit()
        extra = 4 if numbered else 0  # a numbered list of decisions: rows for more entries
        widths = [55, official.TYPE_WIDTH_MM - 55] if width == 2 else None  # item | room
        table = official.bordered_table(self.document, len(rows) + extra, width, widths)
        for r, row in enumerate(rows + [[str(n)] for n in range(2, 2 + extra)]):
            fill = any(BLANK.search(cell) for cell in row) or r >= len(rows)
            if fill:
                official.row_height(table.rows[r], BOX_MM["table"] if self.record else 12)
            for c in range(width):
                text = row[c] if c < len(row) else ""
                paragraph = official.cell_paragraph(table.cell(r, c), self.lang)
                if r == 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                match = BLANK.fullmatch(text.strip())
                if match:
                    run = paragraph.add_run(PAD)
                    official.set_font(run, "table", self.lang)
                    self.comment([run], match.group(1))
                else:
                    for run in self.inline(paragraph, text, "table"):
                        run.bold = r == 0 or None
        official.keep_together(table)
        self.document.add_paragraph()

    def write(self, body: str) -> None:
        """Append a page's Markdown body."""
        lines = body.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            stripped = line.strip()
            if not stripped or stripped.startswith("<") or stripped.startswith("{:"):
                i += 1
            elif match := _ADMONITION.match(line):
                notes = [match.group(1) or ""]
                i += 1
                while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                    if lines[i].strip():
                        notes.append(_LIST.sub("", lines[i].strip()))
                    i += 1
                self.guide("\n".join(_plain(n) for n in notes if n))
            elif stripped.startswith("#"):
                level = len(stripped) - len(stripped.lstrip("#"))
                kind = {1: "h1", 2: "h1", 3: "h2"}.get(level, "h3")
                paragraph = self.paragraph(stripped.lstrip("#").strip(), kind)
                if level <= 2 and self.centre_headings:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    paragraph.paragraph_format.first_line_indent = Pt(0)
                i += 1
            elif stripped.startswith("|"):
                rows = []
                while i < len(lines) and lines[i].strip().startswith("|"):
                    if not _TABLE_RULE.match(lines[i].strip()):
                        rows.append(_cells(lines[i]))
                    i += 1
                self.table(rows)
            elif stripped.startswith(">"):
                quote = []
                while i < len(lines) and lines[i].strip().startswith(">"):
                    quote.append(lines[i].strip().lstrip(">").strip())
                    i += 1
                self.guide(_plain(" ".join(quote)))
            elif _LIST.match(line):
                items = []
                while i < len(lines) and _LIST.match(lines[i]):
                    items.append((lines[i], _LIST.sub("", lines[i]).strip()))
                    i += 1
                labelled = [_LABELLED.match(text) for _, text in items]
                if self.record and all(labelled):
                    colon = "：" if self.lang == "zh" else ":"
                    self.form([(m["label"] + colon, m["name"]) for m in labelled if m])
                    continue
                for raw, text in items:
                    number = _NUMBERED.match(raw)
                    prefix = f"{number.group(1)}. " if number else ""
                    self.paragraph(prefix + text)
            elif match := BLANK.fullmatch(stripped):
                if self.record:
                    self.box(match.group(1), BOX_MM["record"])
                else:
                    paragraph = official.add_paragraph(self.document, "", "body", self.lang)
                    self.blank(paragraph, match.group(1), width=official.CHARS - 2)
                i += 1
            else:
                self.paragraph(stripped)
                i += 1


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _plain(text: str) -> str:
    """Markdown inline text as it reads: link texts, no emphasis or field marks."""
    from html import unescape

    text = BLANK.sub(r"\1", _LINK.sub(r"\1", text)).replace("**", "")
    return unescape(text)


def build_time() -> dt.datetime:
    """The documents' creation date: now (the build), never a template's stock date."""
    return dt.datetime.now(dt.UTC)


def template_docx(
    template: Template, settings: Settings, lang: str = "zh", when: dt.datetime | None = None
) -> DocxDocument:
    """A template as a Word document in the official layout; guidance in comments."""
    lang = "en" if lang == "en" and template.body_en else "zh"
    title = str(localized(template, "title", lang))
    body = str(localized(template, "body", lang))
    description = str(localized(template, "description", lang))
    document = official.official_document(
        title,
        settings.org_name if lang == "zh" else settings.org_name_en,
        lang,
        subject=str(localized(template, "kind", lang)),
        when=when or build_time(),
    )
    office = settings.office if lang == "zh" else settings.office_en
    writer = WordWriter(document, lang, office, record=template.kind in RECORD_KINDS)
    heading = writer.paragraph(title, "title")
    if description:
        writer.guide(_plain(description))
    heading.paragraph_format.space_after = Pt(official.LINE_PT)
    writer.write(body)
    return document


def rule_docx(
    rule: Rule, settings: Settings, lang: str = "zh", when: dt.datetime | None = None
) -> DocxDocument:
    """A rule as a Word document in the official layout: title, document number, articles.

    Chapter headings are centred in 黑体; article numbers (第一条) in 黑体.
    """
    lang = "en" if lang == "en" and rule.body_en else "zh"
    title = rule.title_in(lang)
    document = official.official_document(
        title,
        settings.org_name if lang == "zh" else settings.org_name_en,
        lang,
        subject=rule.doc_no_in(lang, settings),
        when=when or build_time(),
    )
    office = settings.office if lang == "zh" else settings.office_en
    writer = WordWriter(document, lang, office, centre_headings=True)
    writer.paragraph(title, "title")
    number = official.add_paragraph(document, "", "h2", lang)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.first_line_indent = Pt(0)
    gap = "　" if lang == "zh" else "  "
    text = f"（{rule.doc_no_in('zh', settings)}{gap}{rule.issued}）"
    if lang == "en":
        text = f"({rule.doc_no_in('en', settings)}{gap}{rule.issued})"
    official.set_font(number.add_run(text), "h2", lang)
    number.paragraph_format.space_after = Pt(official.LINE_PT)
    writer.write(rule.body_en if lang == "en" else rule.body)
    return document


def _save(document: DocxDocument, path: Path) -> Path:
    document.save(str(path))
    return path


def write_templates(
    templates: list[Template], settings: Settings, folder: Path, when: dt.datetime | None = None
) -> list[Path]:
    """Write templates/<slug>.docx (and <slug>.en.docx where an English page exists)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for template in templates:
        for lang, suffix in (("zh", ""), ("en", ".en")):
            if lang == "en" and not template.body_en:
                continue
            document = template_docx(template, settings, lang, when)
            written.append(_save(document, folder / f"{template.slug}{suffix}.docx"))
    return written


def write_rules(
    rules: list[Rule], settings: Settings, folder: Path, when: dt.datetime | None = None
) -> list[Path]:
    """Write rules/<id>.docx and <id>.en.docx (the Chinese text where there is no translation)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for rule in rules:
        for lang, suffix in (("zh", ""), ("en", ".en")):
            document = rule_docx(rule, settings, lang, when)
            written.append(_save(document, folder / f"{rule.id}{suffix}.docx"))
    return written


# --- drafted reports in the official-document layout (GB/T 9704-2012) -------------------------

_SIGNOFF = re.compile(r"^\{:.*\bhb-signoff\b.*\}$")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _plain_inline(text: str) -> str:
    """Markdown inline text as it reads: link texts, no emphasis marks, entities decoded."""
    from html import unescape

    return unescape(_MD_LINK.sub(r"\1", text).replace("**", ""))


def report_docx(markdown: str, settings: Settings, lang: str = "zh") -> DocxDocument:
    """A drafted report as a Word file in the layout of GB/T 9704-2012 (see `official`).

    Reads the report page's Markdown: `#` title (2号 小标宋), `##` level-1 headings (黑体),
    `###` level-2 (楷体), paragraphs (仿宋), and the lines marked `{: .hb-signoff }` (the 落款,
    right-aligned). The page's draft note and download link are left out.
    """
    lines = _FRONT.sub("", markdown.replace("\r\n", "\n")).splitlines()
    title = next((_plain_inline(x[2:]) for x in lines if x.startswith("# ")), "")
    author = settings.org_name if lang == "zh" else settings.org_name_en
    document = official.official_document(title, author, lang)
    previous: Paragraph | None = None
    signed = False
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        i += 1
        if not stripped or stripped.startswith("<"):
            continue
        if stripped.startswith("!!!"):  # the draft note and its indented lines
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                i += 1
            continue
        if _SIGNOFF.match(stripped) and previous is not None:
            previous.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            previous.paragraph_format.first_line_indent = Pt(0)
            continue
        if stripped.startswith("# "):
            previous = official.add_paragraph(document, title, "title", lang)
            official.add_paragraph(document, "", "body", lang)  # a blank line below the title
            continue
        kind = (
            "h1" if stripped.startswith("## ") else "h2" if stripped.startswith("### ") else "body"
        )
        if i < len(lines) and _SIGNOFF.match(lines[i].strip()) and not signed:
            official.add_paragraph(document, "", "body", lang)  # the 落款 stands apart
            signed = True
        text = _plain_inline(stripped.lstrip("#").strip())
        previous = official.add_paragraph(document, text, kind, lang)
    return document


def write_reports(
    reports: dict[str, dict[str, str]], settings: Settings, folder: Path
) -> list[Path]:
    """Write reports/<period>.docx (Chinese) and <period>.en.docx from {lang: {period: md}}."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lang, pages in reports.items():
        suffix = "" if lang == "zh" else f".{lang}"
        for period, markdown in pages.items():
            path = folder / f"{period}{suffix}.docx"
            report_docx(markdown, settings, lang).save(str(path))
            written.append(path)
    return written
