"""Quarterly knowledge test papers with answer keys: Word (GB/T 9704 layout) and PDF.

`write_papers(book, settings, folder, year)` writes <quarter>.docx/.pdf and <quarter>.en.docx/.pdf
(2023Q1 …). Each paper draws its questions from the bank (handbook.questions) with the quarter
as the seed, so a paper is the same in every build until the register or the rules change.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK

from handbook import questions as bank
from handbook.config import Settings
from handbook.content import Handbook
from handbook.printing import official
from handbook.printing.pdf import render, write
from handbook.render import strings


def _words(lang: str) -> dict:
    """The paper's labels in `lang` (`papers:` in render/strings/<lang>.yml; `sections` holds
    the headings of the three parts)."""
    return strings(lang)["papers"]


def title(quarter: str, lang: str) -> str:
    """The paper's title: 2023年第1季度应知应会知识测验 / Knowledge test, 2023 Q1."""
    return _words(lang)["title"].format(year=quarter[:4], q=quarter[-1])


def _letters(indexes: tuple[int, ...]) -> str:
    return "".join(chr(65 + i) for i in indexes)


def sections(paper: list[bank.Question]) -> list[tuple[str, list[bank.Question]]]:
    """The paper's questions by kind, in the order single, multiple, true/false."""
    return [(kind, [q for q in paper if q.kind == kind]) for kind in bank.KINDS]


def paper_docx(
    paper: list[bank.Question], quarter: str, settings: Settings, lang: str, when: dt.datetime
) -> DocxDocument:
    """The paper and, after a page break, its answer key, as a Word document."""
    name = title(quarter, lang)
    org = settings.org_name if lang == "zh" else settings.org_name_en
    document = official.official_document(name, org, lang, subject=name, when=when)
    official.add_paragraph(document, name, "title", lang)
    official.add_paragraph(document, _words(lang)["fill"], "body", lang)
    number = 0
    for kind, items in sections(paper):
        if not items:
            continue
        official.add_paragraph(document, _words(lang)["sections"][kind], "h1", lang)
        for q in items:
            number += 1
            official.add_paragraph(document, f"{number}. {q.text}", "body", lang)
            for i, option in enumerate(q.options):
                official.add_paragraph(document, f"{chr(65 + i)}. {option}", "body", lang)
    official.add_paragraph(document, "", "body", lang).add_run().add_break(WD_BREAK.PAGE)
    official.add_paragraph(document, _words(lang)["key"], "h1", lang)
    number = 0
    for _, items in sections(paper):
        for q in items:
            number += 1
            text = f"{number}. {_words(lang)['answer']}{_letters(q.answer)}　{q.explanation}"
            official.add_paragraph(document, text, "body", lang)
    return document


def paper_html(paper: list[bank.Question], quarter: str, settings: Settings, lang: str) -> str:
    """The paper and its answer key as print HTML (every text escaped)."""
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{escape(title(quarter, lang))}</title></head><body>",
        f'<h1 style="text-align:center">{escape(title(quarter, lang))}</h1>',
        f"<p>{escape(_words(lang)['fill'])}</p>",
    ]
    number = 0
    for kind, items in sections(paper):
        if not items:
            continue
        parts.append(f"<h2>{escape(_words(lang)['sections'][kind])}</h2>")
        for q in items:
            number += 1
            options = "".join(
                f"<li>{chr(65 + i)}. {escape(o)}</li>" for i, o in enumerate(q.options)
            )
            parts.append(
                f'<p>{number}. {escape(q.text)}</p><ul style="list-style:none">{options}</ul>'
            )
    parts.append(f'<h2 style="break-before:page">{escape(_words(lang)["key"])}</h2>')
    number = 0
    for _, items in sections(paper):
        for q in items:
            number += 1
            answer = f"{_words(lang)['answer']}{_letters(q.answer)}"
            parts.append(f"<p>{number}. {escape(answer)} {escape(q.explanation)}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def write_papers(
    book: Handbook, settings: Settings, folder: Path, year: int, when: dt.datetime | None = None
) -> list[Path]:
    """Write the four quarterly papers of `year` in both languages, Word and PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    when = when or dt.datetime.now(dt.UTC)
    written = []
    for lang, suffix in (("zh", ""), ("en", ".en")):
        questions = bank.questions(book, lang)
        org = settings.org_name if lang == "zh" else settings.org_name_en
        for quarter in [f"{year}Q{q}" for q in range(1, 5)]:
            paper = bank.paper(questions, quarter)
            docx_path = folder / f"{quarter}{suffix}.docx"
            paper_docx(paper, quarter, settings, lang, when).save(str(docx_path))
            pdf_path = folder / f"{quarter}{suffix}.pdf"
            html = paper_html(paper, quarter, settings, lang)
            pdf_path.write_bytes(write(render(html), title(quarter, lang), org))
            written += [docx_path, pdf_path]
    return written
