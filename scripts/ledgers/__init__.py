"""Ledgers (台账): read CSV/XLSX, parse cells by schema, validate, report every problem.

Every problem is one line `file:row: column: reason`, where row is the row number a person sees
in Excel (the header is row 1). Nothing is dropped or coerced silently: a cell that cannot be
read as its column's type is a problem, not a blank.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from scripts.config import LEDGERS, ROOT, ROSTER
from scripts.ledgers.schemas import LEDGER_SPECS, MEMBERS, SPECS, UNITS, Column, LedgerSpec, columns

SUFFIXES = (".csv", ".xlsx")


class LedgerError(Exception):
    """Every problem found in the ledgers; `report()` lists them as `file:row: column: reason`."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the ledgers")
        self.problems = problems

    def report(self) -> str:
        """All problems, one per line, with a count at the end."""
        head = (
            f"台账有 {len(self.problems)} 处问题 ({len(self.problems)} problem(s) in the ledgers):"
        )
        return "\n".join([head, *self.problems])


@dataclass
class Ledgers:
    """All ledgers, validated: one DataFrame per ledger key, indexed by spreadsheet row."""

    frames: dict[str, pd.DataFrame]
    sources: dict[str, Path] = field(default_factory=dict)

    def __getitem__(self, key: str) -> pd.DataFrame:
        return self.frames[key]

    def rows(self, key: str) -> int:
        """Rows read from the ledger's file."""
        return len(self.frames[key])


def display(path: Path) -> str:
    """A path as people want it in messages: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# --- reading files into rows of strings ----------------------------------------------------


def _decode(data: bytes) -> tuple[str | None, int, int]:
    """Text of a CSV export (UTF-8, UTF-8 BOM or GB18030), or None with the bad byte's line."""
    try:
        return data.decode("utf-8-sig"), 0, 0
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), 0, 0
        except UnicodeDecodeError as gb_error:
            # The encoding that read furthest is the one the file was meant to be in.
            where = max(utf8_error.start, gb_error.start)
            line_start = data.rfind(b"\n", 0, where) + 1
            return None, data.count(b"\n", 0, where) + 1, data[line_start:where].count(b",")


def _cell_text(value: object) -> str:
    """An Excel cell as the text a CSV export of it would contain."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(path: Path) -> tuple[list[list[str]], list[str]]:
    """Rows of cell strings (header first) and the problems met while reading."""
    name = display(path)
    if path.suffix.lower() == ".xlsx":
        # calamine (Rust) reads a 50,000-row sheet about ten times faster than openpyxl.
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
            values = sheet.to_python(skip_empty_area=False)
        except Exception as error:  # a broken or mislabelled file, whatever the library says
            return [], [
                f"{name}:1: （文件）: 不是可读取的 Excel 文件 (not a readable .xlsx): {error}"
            ]
        rows = [[_cell_text(v) for v in row] for row in values]
        while rows and not any(rows[-1]):
            rows.pop()  # the used range can extend past the last row with data
        return rows, []
    text, line, cell = _decode(path.read_bytes())
    if text is None:
        first = path.read_bytes().split(b"\n", 1)[0]
        header_text = _decode(first)[0] or first.decode("utf-8-sig", "replace")
        header = next(csv.reader([header_text]), [])
        column = header[cell].strip() if cell < len(header) else f"第{cell + 1}列"
        reason = "无法识别文件编码，请另存为 UTF-8 或 GB18030 的 CSV (undecodable encoding)"
        return [], [f"{name}:{line}: {column}: {reason}"]
    return list(csv.reader(io.StringIO(text))), []


# --- parsing cells by column type ----------------------------------------------------------

_INT = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0?0:00(?::00)?)?$"
)


def parse_int(text: str) -> int:
    """An integer written as digits; anything else (3.5, 三, 1,000) is refused."""
    if not _INT.match(text):
        raise ValueError(f"应为整数，实际为“{text}” (not a whole number)")
    return int(text)


def parse_date(text: str) -> dt.date:
    """A date as Excel/WPS write it: 2023-03-03, 2023/3/3, 2023.3.3 or 2023年3月3日."""
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(
            f"日期无法识别：“{text}”，应写作 2023-03-03 或 2023/3/3 (bad date)"
        ) from None


def parse_column(kind: str, text: pd.Series) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Parse a column of stripped cell strings by type; blanks become missing values.

    Returns the typed column and (row, reason) for every cell that is not of the type.
    """
    filled = text != ""
    if kind == "int":
        good = text.str.fullmatch(_INT.pattern)
        values = pd.Series(pd.NA, index=text.index, dtype="Int64")
        values[good] = text[good].astype("int64")
        wrong = filled & ~good
        return values, [(int(i), _int_reason(t)) for i, t in text[wrong].items()]
    if kind == "date":
        # ISO dates (most cells) in one C pass; the other ways of writing a date by pattern.
        values = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
        rest = filled & values.isna()
        if rest.any():
            parts = text[rest].str.extract(_DATE.pattern).astype("float64")
            values[rest] = pd.to_datetime(
                pd.DataFrame({"year": parts[0], "month": parts[1], "day": parts[2]}),
                errors="coerce",
            ).astype("datetime64[ns]")
        wrong = filled & values.isna()
        return values, [(int(i), _date_reason(t)) for i, t in text[wrong].items()]
    return text.where(filled, None).astype("str"), []


def _int_reason(text: str) -> str:
    try:
        parse_int(text)
    except ValueError as error:
        return str(error)
    return ""


def _date_reason(text: str) -> str:
    try:
        parse_date(text)
    except ValueError as error:
        return str(error)
    return f"日期无法识别：“{text}” (bad date)"


def _reason(check: str, value: object, cols: dict[str, Column], column: str) -> str:
    """A failed pandera check in plain words."""
    if check == "not_nullable":
        return "必填，不能为空 (required)"
    if check == "field_uniqueness":
        return f"“{value}”重复，每行必须不同 (duplicate)"
    if check.startswith("isin"):
        allowed = "、".join(cols[column].allowed)
        return f"“{value}”不在允许的取值中：{allowed} (not an allowed value)"
    if check.startswith("greater_than_or_equal_to"):
        return f"应不小于 {cols[column].minimum}，实际为 {value} (too small)"
    if check.startswith("str_matches"):
        return f"“{value}”格式不对 (bad format)"
    return f"{check}: {value}"


def _table(
    spec: LedgerSpec, rows: list[list[str]], name: str
) -> tuple[pd.DataFrame | None, list[str]]:
    """Check the header, parse every cell and validate with the schema."""
    cols = {c.name: c for c in columns(spec.model)}
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows or not any(cell.strip() for cell in rows[0]):
        return None, [f"{name}:1: （表头）: 文件为空，缺少表头行 (empty file)"]
    header = [cell.strip() for cell in rows[0]]
    problems = []
    for position, title in enumerate(header):
        if title and title not in cols:
            problems.append(
                f"{name}:1: {title}: 未知列，允许的列：{'、'.join(cols)} (unknown column)"
            )
        elif title and header.index(title) != position:
            problems.append(f"{name}:1: {title}: 列名重复 (duplicate column)")
        elif not title and any(len(r) > position and r[position].strip() for r in rows[1:]):
            problems.append(f"{name}:1: 第{position + 1}列: 有数据但没有列名 (no header)")
    for title in cols:
        if title not in header:
            problems.append(f"{name}:1: {title}: 缺少这一列 (missing column)")
    if problems:
        return None, problems

    width = len(header)
    raw = pd.DataFrame(
        [(row + [""] * width)[:width] for row in rows[1:]],
        columns=range(width),
        index=range(2, len(rows) + 1),
        dtype="str",
    )
    raw = raw.apply(lambda column: column.str.strip())
    raw = raw[(raw != "").any(axis=1)]  # a blank line in the sheet is not a record
    bad: set[tuple[int, str]] = set()
    parsed = {}
    for title, column in cols.items():
        series, failures = parse_column(column.kind, raw[header.index(title)])
        parsed[title] = series
        for number, reason in failures:
            problems.append(f"{name}:{number}: {title}: {reason}")
            bad.add((number, title))
    frame = pd.DataFrame(parsed, index=raw.index)
    try:
        spec.model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        seen = set()
        for case in errors.failure_cases.itertuples():
            row, column, check = case.index, case.column, str(case.check)
            if row is None or pd.isna(row):
                problems.append(f"{name}:1: {column}: {check}")
                continue
            row = int(row)
            if "|" in check:  # data-frame check: "column|reason", reported once per row
                column, reason = check.split("|", 1)
            else:
                reason = _reason(check, case.failure_case, cols, column)
            if (row, column) in bad or (row, column, reason) in seen:
                continue
            seen.add((row, column, reason))
            problems.append(f"{name}:{row}: {column}: {reason}")
    return frame, problems


def _references(
    spec: LedgerSpec, frame: pd.DataFrame, name: str, known: dict[str, set[str]]
) -> list[str]:
    """Cells that name a branch (or body) that the branch ledger does not have."""
    problems = []
    for column in columns(spec.model):
        if not column.ref or column.ref not in known:
            continue
        for row, value in frame[column.name].items():
            if isinstance(value, str) and value not in known[column.ref]:
                problems.append(
                    f"{name}:{row}: {column.name}: 未知的支部编号“{value}”，"
                    f"党支部台账中没有 (unknown branch id)"
                )
    return problems


def find_file(folder: Path, key: str) -> tuple[Path | None, list[str]]:
    """The one file of a ledger in `folder`, whatever its format."""
    found = [
        folder / f"{key}{suffix}" for suffix in SUFFIXES if (folder / f"{key}{suffix}").exists()
    ]
    if not found:
        return None, [
            f"{display(folder / key)}.csv:1: （文件）: 缺少台账文件 (missing ledger file)"
        ]
    if len(found) > 1:
        names = "、".join(p.name for p in found)
        return None, [f"{display(found[0])}:1: （文件）: 同一台账有多个文件：{names} (two files)"]
    return found[0], []


def load_one(
    spec: LedgerSpec, path: Path, known: dict[str, set[str]] | None = None
) -> tuple[pd.DataFrame | None, list[str]]:
    """Read, parse and validate one ledger file; references are checked when `known` is given."""
    name = display(path)
    rows, problems = read_rows(path)
    if problems:
        return None, problems
    frame, problems = _table(spec, rows, name)
    if frame is not None and known is not None:
        problems += _references(spec, frame, name, known)
    return frame, problems


def _known(branches: pd.DataFrame | None) -> dict[str, set[str]]:
    ids = set(branches["编号"].dropna()) if branches is not None else set()
    return {"branches": ids, "units": ids | set(UNITS)}


_LOADED: dict[tuple, Ledgers] = {}


def _stamp(folder: Path) -> tuple:
    """What identifies the folder's current content: names, sizes and modification times."""
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return (
        str(folder.resolve()),
        *((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files),
    )


def load_all(
    folder: Path = LEDGERS, progress: Callable[[Iterable], Iterable] | None = None
) -> Ledgers:
    """Load and validate every ledger in `folder`; raise LedgerError listing all problems.

    The result is reused while the files are unchanged, so one build reads them only once.
    """
    folder = Path(folder)
    stamp = _stamp(folder)
    if stamp in _LOADED:
        return _LOADED[stamp]
    ledgers = _load_all(folder, progress)
    _LOADED.clear()
    _LOADED[stamp] = ledgers
    return ledgers


def _load_all(folder: Path, progress: Callable[[Iterable], Iterable] | None) -> Ledgers:
    problems: list[str] = []
    expected = {spec.key for spec in LEDGER_SPECS}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in SUFFIXES and not path.name.startswith(("~$", ".")):
                if path.stem not in expected:
                    problems.append(f"{display(path)}:1: （文件）: 未知的台账文件 (unknown ledger)")
    frames: dict[str, pd.DataFrame] = {}
    sources: dict[str, Path] = {}
    known: dict[str, set[str]] | None = None
    steps = progress(LEDGER_SPECS) if progress else LEDGER_SPECS
    for spec in steps:
        path, missing = find_file(folder, spec.key)
        problems += missing
        if path is None:
            continue
        frame, found = load_one(spec, path, known)
        problems += found
        if spec.key == "branches":
            known = _known(frame)
        if frame is not None:
            frames[spec.key] = frame
            sources[spec.key] = path
    if problems:
        raise LedgerError(problems)
    return Ledgers(frames, sources)


def load_roster(path: Path = ROSTER, folder: Path = LEDGERS) -> pd.DataFrame:
    """The private member roster, validated against the branch ledger (never used by the site)."""
    branch_path, problems = find_file(Path(folder), "branches")
    branches = None
    if branch_path is not None:
        branches, problems = load_one(SPECS["branches"], branch_path)
    frame, found = load_one(MEMBERS, Path(path), _known(branches))
    problems += found
    if problems or frame is None:
        raise LedgerError(problems)
    return frame
