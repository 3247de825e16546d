"""Project paths and organisation settings, read once from mkdocs.yml's `extra:`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA = ROOT / "data"
# Ledgers can be pointed elsewhere (tests, trying out a new export) without touching data/.
LEDGERS = Path(os.environ.get("HANDBOOK_LEDGERS", DATA / "ledgers"))
# The private member roster: only for personalised PDFs, never read by the site build.
ROSTER = Path(os.environ.get("HANDBOOK_ROSTER", DATA / "private" / "members.csv"))
SITE = ROOT / "site"
DIST = ROOT / "dist"
LANGUAGES = ("zh", "en")


class _Loader(yaml.SafeLoader):
    """Safe loader that ignores mkdocs.yml's `!!python/...` tags (we only read `extra:`)."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Settings:
    """Organisation words and edition, the single place they are configured."""

    org_name: str
    org_short: str
    office: str
    edition: str
    current_period: str


def settings_from_extra(extra: dict) -> Settings:
    """Build settings from a mkdocs `extra` mapping."""
    org = extra.get("org", {})
    return Settings(
        org_name=org.get("name", "某市某局"),
        org_short=org.get("short", "某局"),
        office=org.get("office", "机关党委办公室"),
        edition=str(extra.get("edition", "")),
        current_period=str(extra.get("current_period", "")),
    )


@cache
def load_settings(mkdocs_yml: Path = ROOT / "mkdocs.yml") -> Settings:
    """Read settings from mkdocs.yml for code that runs outside MkDocs (CLI, printing)."""
    raw = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader)
    return settings_from_extra(raw.get("extra", {}))
