"""Organisation settings from mkdocs.yml's `extra:` (paths: `handbook.model.Project`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from handbook.errors import HandbookError


class _Loader(yaml.SafeLoader):
    """Safe loader that ignores mkdocs.yml's `!!python/...` tags (we only read plain values)."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


class SettingsError(HandbookError):
    """A configuration value in mkdocs.yml `extra:` that is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    """Organisation words and edition, the single place they are configured."""

    org_name: str
    org_short: str
    office: str
    edition: str
    current_period: str
    # The same words in English, for English pages and English print.
    org_name_en: str = "the Municipal Bureau"
    org_short_en: str = "Bureau"
    office_en: str = "Office of the Offices' Party Committee (Party-building office)"
    calendar_year: int | None = None  # the work calendar's year (default: current_period's)
    as_of: str = ""  # the due/overdue page's date (default: the end of current_period)


_PERIOD = re.compile(r"^\d{4}H[12]$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ORG_KEYS = {
    "name": "某市某局",
    "short": "某局",
    "office": "机关党委办公室",
    "name_en": Settings.org_name_en,
    "short_en": Settings.org_short_en,
    "office_en": Settings.office_en,
}


def check_extra(extra: object) -> list[str]:
    """Every malformed or missing setting, as `mkdocs.yml: extra.key: what is allowed`."""
    if not isinstance(extra, Mapping):
        return ["mkdocs.yml: extra: 应为键值表 (must be a mapping)"]
    problems = []
    period = extra.get("current_period")
    if not isinstance(period, str) or not _PERIOD.match(period):
        problems.append(
            f"mkdocs.yml: extra.current_period: “{period}”不对，应写作 2023H1 或 2023H2"
            " (must be YYYYH1 or YYYYH2)"
        )
    edition = extra.get("edition")
    if isinstance(edition, dt.date):  # YAML reads an unquoted 2023-06-30 as a date
        edition = edition.isoformat()
    try:
        if not isinstance(edition, str) or not _ISO_DATE.match(edition):
            raise ValueError
        dt.date.fromisoformat(edition)
    except ValueError:
        problems.append(
            f'mkdocs.yml: extra.edition: “{edition}”不对，应为日期，写作 "2023-06-30"'
            " (must be an ISO date YYYY-MM-DD)"
        )
    year = extra.get("calendar_year")
    if year is not None and (not isinstance(year, int) or not 2000 <= year <= 2100):
        problems.append(
            f"mkdocs.yml: extra.calendar_year: “{year}”不对，应为年份，如 2023 (must be a year)"
        )
    as_of = extra.get("as_of")
    as_of = as_of.isoformat() if isinstance(as_of, dt.date) else as_of
    try:
        if as_of is not None and not (isinstance(as_of, str) and _ISO_DATE.match(as_of)):
            raise ValueError
        if as_of is not None:
            dt.date.fromisoformat(as_of)
    except ValueError:
        problems.append(
            f'mkdocs.yml: extra.as_of: “{as_of}”不对，应为日期，写作 "2023-06-30"'
            " (must be an ISO date YYYY-MM-DD)"
        )
    org = extra.get("org", {})
    if not isinstance(org, Mapping):
        return [*problems, "mkdocs.yml: extra.org: 应为键值表，含 name、short、office 等 (mapping)"]
    for key in org:
        if key not in ORG_KEYS:
            allowed = "、".join(ORG_KEYS)
            problems.append(f"mkdocs.yml: extra.org.{key}: 未知的键，允许：{allowed} (unknown key)")
    for key in ORG_KEYS:
        value = org.get(key, ORG_KEYS[key])
        if not isinstance(value, str) or not value.strip():
            problems.append(f"mkdocs.yml: extra.org.{key}: 应为非空文字 (must be a text)")
    return problems


def settings_from_extra(extra: Mapping) -> Settings:
    """Build settings from a mkdocs `extra` mapping; raise SettingsError when one is malformed."""
    problems = check_extra(extra)
    if problems:
        raise SettingsError("\n".join(problems))
    org = extra.get("org", {})
    edition = extra["edition"]
    return Settings(
        org_name=org.get("name", ORG_KEYS["name"]),
        org_short=org.get("short", ORG_KEYS["short"]),
        office=org.get("office", ORG_KEYS["office"]),
        edition=edition.isoformat() if isinstance(edition, dt.date) else str(edition),
        current_period=str(extra["current_period"]),
        org_name_en=org.get("name_en", ORG_KEYS["name_en"]),
        org_short_en=org.get("short_en", ORG_KEYS["short_en"]),
        office_en=org.get("office_en", ORG_KEYS["office_en"]),
        calendar_year=extra.get("calendar_year"),
        as_of=str(extra.get("as_of") or ""),
    )


def read_mkdocs_yml(mkdocs_yml: Path) -> dict:
    """The plain values of a mkdocs.yml (its `!!python/...` tags read as nothing)."""
    raw = yaml.load(mkdocs_yml.read_text(encoding="utf-8-sig"), Loader=_Loader) or {}
    return raw if isinstance(raw, dict) else {}


def load_settings(mkdocs_yml: Path) -> Settings:
    """Read settings from mkdocs.yml for code that runs outside MkDocs (CLI, printing)."""
    return settings_from_extra(read_mkdocs_yml(mkdocs_yml).get("extra", {}))
