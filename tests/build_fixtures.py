"""Helpers for end-to-end builds of spoiled content: a copy of docs/, data/ and mkdocs.yml."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT


def content_copy(tmp_path: Path) -> Path:
    """A copy of the content to spoil (build it with HANDBOOK_ROOT); the code stays the repo's."""
    root = tmp_path / "checkout"
    root.mkdir()
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("private"))
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "scripts").symlink_to(ROOT / "scripts")  # watched by mkdocs serve
    return root
