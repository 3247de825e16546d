"""The maintainers' docs keep up with the code: every ledger, command and target is described."""

from __future__ import annotations

import re
from pathlib import Path

from handbook.ledgers.schemas import LEDGER_SPECS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "about" / "maintenance.md").read_text(encoding="utf-8")
GUIDE_EN = (ROOT / "docs" / "about" / "maintenance.en.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_ledger_file_is_listed_in_the_guide():
    for spec in LEDGER_SPECS:
        assert f"`{spec.key}`" in GUIDE, spec.key
        assert f"`{spec.key}`" in GUIDE_EN, spec.key


def test_every_make_target_is_in_the_readme():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    internal = {"system", "venv", "clean", "lint"}
    for target in set(phony) - internal:
        assert f"make {target}" in README, target


def test_ledger_commands_are_in_the_guide():
    for command in ("make check", "make summary PERIOD=", "make build", "make serve"):
        assert command in GUIDE, command


def test_search_files_people_edit_are_explained():
    for path in (
        "data/search/synonyms.yml",
        "data/search/stopwords.txt",
        "data/search/userdict.txt",
    ):
        assert (ROOT / path).exists()
        assert path in GUIDE, path
