"""Print outputs: PDF handbooks, personalised member PDFs, Word templates.

`build_all(model, site_dir, dist_dir, reports)` writes, after the site is built:
- site_dir/downloads/handbook-zh.pdf and handbook-en.pdf (public),
- site_dir/downloads/templates/<slug>.docx (and <slug>.en.docx where translated),
- site_dir/downloads/rules/<id>.pdf, <id>.en.pdf, <id>.docx and <id>.en.docx (one rule each),
- site_dir/downloads/reports/<period>.docx and <period>.en.docx (drafted half-year reports),
- site_dir/downloads/tests/<quarter>(.en).docx and .pdf (quarterly knowledge test papers),
- dist_dir/members/<编号-姓名>.pdf, one per member of the private roster (never under site_dir).

Everything comes in as arguments (the model of `handbook.model.load`, the drafted reports'
Markdown); nothing here imports the site's modules.
"""

from __future__ import annotations

import io
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfReader

from handbook.config import Settings
from handbook.content import Handbook
from handbook.printing import personal
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
from handbook.summaries import branch_names
from handbook.work_calendar import calendar_year

if TYPE_CHECKING:
    from handbook.model import Model

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


def build_all(
    model: Model,
    site_dir: Path,
    dist_dir: Path,
    reports: dict[str, dict[str, str]],
    roster: Path | None = None,
) -> dict[str, list[Path]]:
    """Write every print output; returns the paths written, by kind.

    `reports`: the drafted reports' Markdown by language and period (`ledgers_pages.reports`);
    `roster`: the member roster (default: the project's, private or sample).
    """
    book, settings, project = model.book, model.settings, model.project
    roster = roster or project.roster
    downloads = site_dir / DOWNLOADS
    downloads.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[Path]] = {}
    with ProcessPoolExecutor(max_workers=1) as pool:
        # English lays out in a second process while this one does Chinese and the members.
        english = pool.submit(handbook_and_rules, book, "en", settings)
        chinese, rules = handbook_and_rules(book, "zh", settings)
        handbook_path(site_dir, "zh").write_bytes(chinese)
        written["rules"] = write_rule_pdfs(rules, "zh", downloads / "rules")
        written["rules"] += write_rules(book.rules, settings, downloads / "rules")
        written["templates"] = write_templates(book.templates, settings, downloads / "templates")
        written["reports"] = write_reports(reports, settings, downloads / "reports")
        year = calendar_year(settings)
        written["tests"] = write_papers(book, settings, downloads / "tests", year)
        names = branch_names(model.ledgers)
        members = load_members(book, roster, project.ledgers, names, project.root)
        pages = len(PdfReader(io.BytesIO(chinese)).pages)
        known = personal.branches(model.ledgers.frames.get("branches"))
        written["members"] = write_personal_copies(
            personal_copies(book, settings, members, pages, known),
            dist_dir / "members",
            len(members),
            stderr_progress if sys.stderr else None,
        )
        english_pdf, english_rules = english.result()
        handbook_path(site_dir, "en").write_bytes(english_pdf)
        written["rules"] += write_rule_pdfs(english_rules, "en", downloads / "rules")
    written["handbooks"] = [handbook_path(site_dir, lang) for lang in ("zh", "en")]
    return written
