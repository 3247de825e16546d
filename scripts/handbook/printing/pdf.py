"""WeasyPrint rendering of the print HTML into PDF documents."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pydyf
from weasyprint import CSS, HTML, Document

from handbook.config import Settings
from handbook.content import Handbook
from handbook.printing.document import CSS_FILE, LABELS, handbook_html, organisation

# Tagged PDF (structure tree, /Lang, /MarkInfo) for screen readers: WeasyPrint's PDF/UA-1 output.
ACCESSIBLE = "pdf/ua-1"


def stylesheet() -> CSS:
    """The print stylesheet (a few milliseconds to parse; a handful of layouts per build)."""
    return CSS(filename=str(CSS_FILE))


def render(html: str) -> Document:
    """Lay out a print HTML document (fonts are the system's: Noto Serif CJK SC).

    The HTML refers to nothing outside itself (links are #anchors), so the base URL is the
    package's print folder, whatever project is being built."""
    return HTML(string=html, base_url=str(CSS_FILE.parent)).render(stylesheets=[stylesheet()])


def _open_with_bookmarks(_document: Document, pdf: pydyf.PDF) -> None:
    """Viewers open the file with the bookmarks pane shown (/PageMode /UseOutlines)."""
    pdf.catalog["PageMode"] = "/UseOutlines"


def write(document: Document, title: str, author: str | Settings, tagged: bool = True) -> bytes:
    """The PDF bytes of a laid-out document: tagged (PDF/UA-1) unless `tagged` is false.

    `author` is the organisation as the document's language names it (or the settings,
    for the Chinese name).
    """
    document.metadata.title = title
    name = author.org_name if isinstance(author, Settings) else author
    document.metadata.authors = [name]
    options = {"pdf_variant": ACCESSIBLE} if tagged else {}
    return document.write_pdf(finisher=_open_with_bookmarks, **options)


def anchor_pages(document: Document) -> dict[str, int]:
    """Page index where each anchor (element id) of a laid-out document starts."""
    found: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:  # a split element is listed on each of its pages
            found.setdefault(name, index)
    return found


def handbook_pdf(book: Handbook, lang: str, settings: Settings) -> bytes:
    """The public handbook of one language: tagged, bookmarks pane open."""
    document = handbook_document(book, lang, settings)
    author = settings.org_name if lang == "zh" else organisation(book, settings, lang)[0]
    return write(document, LABELS[lang]["title"], author)


def handbook_document(book: Handbook, lang: str, settings: Settings) -> Document:
    """The public handbook of one language, laid out."""
    return render(handbook_html(book, lang, settings))


def rule_spans(document: Document, book: Handbook) -> dict[str, range]:
    """Page indexes of each rule in a laid-out handbook (until the next section or part)."""
    anchors = anchor_pages(document)
    starts = sorted({page for name, page in anchors.items() if _SECTION.match(name)})
    spans = {}
    for rule in book.rules:
        start = anchors[f"rule-{rule.id}"]
        end = next((page for page in starts if page > start), len(document.pages))
        spans[rule.id] = range(start, end)
    return spans


def rule_pdfs(
    document: Document, book: Handbook, lang: str, settings: Settings
) -> dict[str, bytes]:
    """Each rule's pages of the laid-out handbook as a PDF of their own, by rule id.

    The pages keep the handbook's page numbers; the PDF's page labels say the same, so a
    viewer shows "37" where the page prints 第 37 页. Tagged, like the handbook.
    """
    author = settings.org_name if lang == "zh" else organisation(book, settings, lang)[0]
    found = {}
    spans = rule_spans(document, book)
    for rule in book.rules:
        span = spans[rule.id]
        part = document.copy(list(document.pages[span.start : span.stop]))
        part.metadata.title = rule.title_in("en" if lang == "en" else "zh")
        part.metadata.authors = [author]
        found[rule.id] = part.write_pdf(finisher=_labelled(span.start + 1), pdf_variant=ACCESSIBLE)
    return found


def _labelled(first: int) -> Callable[[Document, pydyf.PDF], None]:
    """A finisher: bookmarks pane open, pages labelled from `first` (/PageLabels)."""

    def finish(document: Document, pdf: pydyf.PDF) -> None:
        _open_with_bookmarks(document, pdf)
        label = pydyf.Dictionary({"S": "/D", "St": first})
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([0, label])})

    return finish


_SECTION = re.compile(r"^(?:rule-\d\d|level-[^-]+|post-[^-]+|template-.+|part-.+)$")


def write_rule_pdfs(pdfs: dict[str, bytes], lang: str, folder: Path) -> list[Path]:
    """Write rules/<id>.pdf (Chinese) or rules/<id>.en.pdf (English, or the Chinese text)."""
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "" if lang == "zh" else f".{lang}"
    written = []
    for rule_id, data in pdfs.items():
        path = folder / f"{rule_id}{suffix}.pdf"
        path.write_bytes(data)
        written.append(path)
    return written
