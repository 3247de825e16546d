"""Print outputs: PDF handbooks, personalised member PDFs, Word templates.

`build_all(site_dir, dist_dir)` writes, after the site is built:
- site_dir/downloads/handbook-zh.pdf and handbook-en.pdf (public),
- site_dir/downloads/templates/<slug>.docx (and <slug>.en.docx where translated),
- site_dir/downloads/rules/<id>.pdf, <id>.en.pdf, <id>.docx and <id>.en.docx (one rule each),
- site_dir/downloads/reports/<period>.docx and <period>.en.docx (drafted half-year reports),
- site_dir/downloads/tests/<quarter>(.en).docx and .pdf (quarterly knowledge test papers),
- dist_dir/members/<编号-姓名>.pdf, one per member of the private roster (never under site_dir).
"""

from __future__ import annotations

import io
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pypdf import PdfReader

from handbook import ledgers_pages, plan_pages
from handbook.config import Settings, load_settings
from handbook.content import Handbook, load_handbook
from handbook.printing.document import LABELS, organisation
from handbook.printing.members import (
    load_members,
    personal_copies,
    stderr_progress,
    write_personal_copies,
)
from handbook.printing.papers import write_papers
from handbook.printing.pdf import handbook_document, rule_pdfs, write, write_rule_pdfs
from handbook.printing.word import write_reports, write_rules, write_templates

DOWNLOADS = "downloads"


def handbook_path(site_dir: Path, lang: str) -> Path:
    """Where the handbook PDF of a language is published (stable, linked from the site)."""
    return site_dir / DOWNLOADS / f"handbook-{lang}.pdf"


def handbook_and_rules(
    book: Handbook, lang: str, settings: Settings
) -> tuple[bytes, dict[str, bytes]]:
    """The handbook PDF of a language and each rule's pages of it as a PDF (by rule id)."""
    document = handbook_document(book, lang, settings)
    author = settings.org_name if lang == "zh" else organisation(book, settings, lang)[0]
    handbook = write(document, LABELS[lang]["title"], author)
    return handbook, rule_pdfs(document, book, lang, settings)


def _handbook_in_child(lang: str) -> tuple[bytes, dict[str, bytes]]:
    return handbook_and_rules(load_handbook(), lang, load_settings())


def build_all(
    site_dir: Path,
    dist_dir: Path,
    roster: Path | None = None,
    book: Handbook | None = None,
    settings: Settings | None = None,
) -> dict[str, list[Path]]:
    """Write every print output; returns the paths written, by kind."""
    book = book or load_handbook()
    settings = settings or load_settings()
    downloads = site_dir / DOWNLOADS
    downloads.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[Path]] = {}
    with ProcessPoolExecutor(max_workers=1) as pool:
        # English lays out in a second process while this one does Chinese and the members.
        english = pool.submit(_handbook_in_child, "en")
        chinese, rules = handbook_and_rules(book, "zh", settings)
        handbook_path(site_dir, "zh").write_bytes(chinese)
        written["rules"] = write_rule_pdfs(rules, "zh", downloads / "rules")
        written["rules"] += write_rules(book.rules, settings, downloads / "rules")
        written["templates"] = write_templates(book.templates, settings, downloads / "templates")
        written["reports"] = write_reports(
            {lang: ledgers_pages.reports(lang, settings) for lang in ("zh", "en")},
            settings,
            downloads / "reports",
        )
        year = plan_pages.calendar_year(settings)
        written["tests"] = write_papers(book, settings, downloads / "tests", year)
        members = load_members(book, roster)
        pages = len(PdfReader(io.BytesIO(chinese)).pages)
        written["members"] = write_personal_copies(
            personal_copies(book, settings, members, pages),
            dist_dir / "members",
            len(members),
            stderr_progress if sys.stderr else None,
        )
        english_pdf, english_rules = english.result()
        handbook_path(site_dir, "en").write_bytes(english_pdf)
        written["rules"] += write_rule_pdfs(english_rules, "en", downloads / "rules")
    written["handbooks"] = [handbook_path(site_dir, lang) for lang in ("zh", "en")]
    return written
