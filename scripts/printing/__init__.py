"""Print outputs: PDF handbooks, personalised member PDFs, Word templates. (Stub.)"""

from __future__ import annotations

from pathlib import Path


def build_all(site_dir: Path, dist_dir: Path) -> None:
    """Write site_dir/downloads/* and dist_dir/members/*.pdf from the built site's content."""
