"""English forms of the ledgers' Chinese values (data/translations.yml), checked against the data.

English pages never show a ledger's Chinese prose: categories, statuses, branch, section and
activity names, reasons and problems are looked up here. `problems()` lists every value of the
columns English pages show that has no English form, as `file:row: column: reason`, so the build
stops before an English page would fall back to Chinese.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from handbook import yamltext
from handbook.errors import HandbookError
from handbook.ledgers import Ledgers, display
from handbook.ledgers.schemas import SPECS, columns

NAME = "data/translations.yml"
# Columns holding ids of other ledgers: the id is shown by its ledger's (translated) name.
_ID_REFS = ("branches", "groups", "units")


class TranslationError(HandbookError):
    """The translation table is malformed, or a value has no English form."""


@dataclass(frozen=True)
class Checked:
    """One ledger column whose values English pages show (optionally only on some rows)."""

    ledger: str
    column: str
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """The translation table: the columns it must cover and Chinese → English."""

    checked: tuple[Checked, ...]
    terms: dict[str, str]

    def english(self, value: object) -> str:
        """The English form of a Chinese ledger value; TranslationError when there is none."""
        text = str(value).strip()
        try:
            return self.terms[text]
        except KeyError:
            raise TranslationError(
                f"{NAME}: terms: “{text}”没有英文译名，请补充 (no English form)"
            ) from None


def load(file: Path) -> Table:
    """The table in `file` (the project's data/translations.yml, or HANDBOOK_TRANSLATIONS)."""
    if not file.is_file():
        raise TranslationError(f"{NAME}: 文件不存在 (cannot read)")
    try:
        raw = yamltext.safe_load(file.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise TranslationError(f"{NAME}: {error} (not readable YAML)") from None
    if not isinstance(raw, dict):
        raise TranslationError(f"{NAME}: 应为含 columns 和 terms 的键值表 (mapping expected)")
    terms = raw.get("terms") or {}
    if not isinstance(terms, dict):
        raise TranslationError(f"{NAME}: terms: 应为“中文: English”的键值表 (mapping expected)")
    bad = [str(k) for k, v in terms.items() if not isinstance(v, str) or not v.strip()]
    if bad:
        raise TranslationError(f"{NAME}: terms: “{bad[0]}”的英文译名为空 (empty English form)")
    return Table(_checked(raw.get("columns") or {}), {str(k).strip(): v for k, v in terms.items()})


def _checked(raw: object) -> tuple[Checked, ...]:
    if not isinstance(raw, dict):
        raise TranslationError(f"{NAME}: columns: 应为“台账: [列名]”的键值表 (mapping expected)")
    out = []
    for ledger, entries in raw.items():
        if ledger not in SPECS:
            known = "、".join(SPECS)
            raise TranslationError(f"{NAME}: columns.{ledger}: 未知的台账，应为：{known} (unknown)")
        names = {c.name for c in columns(SPECS[ledger].model)}
        for entry in entries or []:
            column = entry.get("column") if isinstance(entry, dict) else entry
            where = entry.get("where", {}) if isinstance(entry, dict) else {}
            for name in [column, *where]:
                if name not in names:
                    raise TranslationError(
                        f"{NAME}: columns.{ledger}: 未知的列“{name}” (unknown column)"
                    )
            out.append(Checked(ledger, column, {k: tuple(v) for k, v in where.items()}))
    return tuple(out)


def _ids(data: Ledgers) -> set[str]:
    """Every branch and group id (shown by name, so never looked up here)."""
    found: set[str] = set()
    for key in ("branches", "groups"):
        if key in data.frames:
            found |= set(data[key]["编号"].astype(str))
    return found


def _cells(data: Ledgers, item: Checked) -> Iterable[tuple[int, str]]:
    """(spreadsheet row, text) of every non-blank cell the entry covers."""
    frame = data.frames.get(item.ledger)
    if frame is None:
        return []
    for column, values in item.where.items():
        frame = frame[frame[column].isin(values)]
    return ((row, str(v).strip()) for row, v in frame[item.column].items() if not pd.isna(v))


def problems(data: Ledgers, table: Table) -> list[str]:
    """Every value English pages would show without an English form: one line per value."""
    ids = _ids(data)
    out: list[str] = []
    for item in table.checked:
        column = next(c for c in columns(SPECS[item.ledger].model) if c.name == item.column)
        skip = ids if column.ref in _ID_REFS else set()
        source = data.sources.get(item.ledger)
        where = display(source) if source else f"{item.ledger}.csv"
        missing: dict[str, list[int]] = {}
        for row, text in _cells(data, item):
            if text and text not in table.terms and text not in skip:
                missing.setdefault(text, []).append(int(row))
        for text, rows in missing.items():
            more = f"（另有 {len(rows) - 1} 行）" if len(rows) > 1 else ""
            out.append(
                f"{where}:{rows[0]}: {item.column}: “{text}”没有英文译名{more}，请在 {NAME} 的"
                " terms 中补充 (no English form)"
            )
        for value in column.allowed:  # the schema's vocabulary: reports and charts name it
            if value not in table.terms and value not in missing:
                out.append(
                    f"{NAME}:1: terms: {item.ledger}.{item.column} 的可选值“{value}”没有英文译名"
                    " (no English form)"
                )
    return out
