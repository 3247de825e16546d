"""WeasyPrint rendering of the print HTML into PDF documents."""

from __future__ import annotations

from functools import cache

from weasyprint import CSS, HTML, Document

from scripts.config import ROOT, Settings
from scripts.content import Handbook
from scripts.printing.document import CSS_FILE, handbook_html


@cache
def stylesheet() -> CSS:
    """The print stylesheet, parsed once per process."""
    return CSS(filename=str(CSS_FILE))


def render(html: str) -> Document:
    """Lay out a print HTML document (fonts are the system's: Noto Serif CJK SC)."""
    return HTML(string=html, base_url=str(ROOT)).render(stylesheets=[stylesheet()])


def write(document: Document, title: str, settings: Settings) -> bytes:
    """The PDF bytes of a laid-out document."""
    document.metadata.title = title
    document.metadata.authors = [settings.org_name]
    return document.write_pdf()


def anchor_pages(document: Document) -> dict[str, int]:
    """Page index where each anchor (element id) of a laid-out document starts."""
    found: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:  # a split element is listed on each of its pages
            found.setdefault(name, index)
    return found


def handbook_pdf(book: Handbook, lang: str, settings: Settings) -> bytes:
    """The public handbook of one language."""
    from scripts.printing.document import LABELS

    document = render(handbook_html(book, lang, settings))
    return write(document, LABELS[lang]["title"], settings)
