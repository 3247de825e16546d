"""Print outputs: PDF handbooks, personalised member PDFs, Word templates.

`build_all(site_dir, dist_dir)` writes, after the site is built:
- site_dir/downloads/handbook-zh.pdf and handbook-en.pdf (public),
- site_dir/downloads/templates/<slug>.docx (and <slug>.en.docx where translated),
- dist_dir/members/<编号-姓名>.pdf, one per member of the private roster (never under site_dir).
"""

from __future__ import annotations

import io
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pypdf import PdfReader

from scripts.config import Settings, load_settings
from scripts.content import Handbook, load_handbook
from scripts.printing.members import (
    load_members,
    personal_copies,
    stderr_progress,
    write_personal_copies,
)
from scripts.printing.pdf import handbook_pdf
from scripts.printing.word import write_templates

DOWNLOADS = "downloads"


def handbook_path(site_dir: Path, lang: str) -> Path:
    """Where the handbook PDF of a language is published (stable, linked from the site)."""
    return site_dir / DOWNLOADS / f"handbook-{lang}.pdf"


def _handbook_in_child(lang: str) -> bytes:
    return handbook_pdf(load_handbook(), lang, load_settings())


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
        chinese = handbook_pdf(book, "zh", settings)
        handbook_path(site_dir, "zh").write_bytes(chinese)
        written["templates"] = write_templates(book.templates, settings, downloads / "templates")
        members = load_members(book, roster)
        pages = len(PdfReader(io.BytesIO(chinese)).pages)
        written["members"] = write_personal_copies(
            personal_copies(book, settings, members, pages),
            dist_dir / "members",
            len(members),
            stderr_progress if sys.stderr else None,
        )
        handbook_path(site_dir, "en").write_bytes(english.result())
    written["handbooks"] = [handbook_path(site_dir, lang) for lang in ("zh", "en")]
    return written
