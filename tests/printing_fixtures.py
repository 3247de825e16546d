"""Print outputs built once per test session (site, handbook PDFs, docx, personal PDFs)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from handbook import ledgers_pages
from handbook.config import Settings
from handbook.content import Handbook
from handbook.model import Model
from handbook.printing import build_all
from handbook.summaries import branch_names
from tests.conftest import repo_project

# Names chosen to break file names and markup, and to appear nowhere in the handbook's text.
ODD_NAMES = ["翀赟/佘", "..", 'Zqx "Vwp" <b>', "邝 赟:翀*?", "翀赟/佘", "佘翀\t赟"]
POSTS = ["G1", "Z1", "党员", "J2", "党员", "党员"]


@dataclass
class Printed:
    site: Path
    dist: Path
    roster: Path
    rows: list[dict[str, str]]
    book: Handbook
    branches: dict[str, str]
    settings: Settings


def write_roster(path: Path, branch_ids: list[str]) -> list[dict[str, str]]:
    rows = [
        {"编号": f"T{i:03d}", "姓名": name, "党支部": branch_ids[i % len(branch_ids)], "岗位": post}
        for i, (name, post) in enumerate(zip(ODD_NAMES, POSTS, strict=True), start=1)
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


def real_roster_names() -> list[str]:
    """Names of the private roster in data/, if present (they must not leak either)."""
    roster = repo_project().roster
    if not roster.exists():
        return []
    with roster.open(encoding="utf-8-sig") as handle:
        return [row["姓名"] for row in csv.DictReader(handle) if row.get("姓名")]


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory, model: Model) -> Printed:
    from handbook.hooks import build_site

    root = tmp_path_factory.mktemp("printed")
    branches = branch_names(model.ledgers)
    roster = root / "members.csv"
    rows = write_roster(roster, sorted(branches) or ["B01"])
    site, dist = root / "site", root / "dist"
    build_site(model.project, site)
    reports = {lang: ledgers_pages.reports(model, lang) for lang in ("zh", "en")}
    build_all(model, site, dist, reports, roster=roster)
    return Printed(site, dist, roster, rows, model.book, branches, model.settings)
