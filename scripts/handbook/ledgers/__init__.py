"""Ledgers (台账): read CSV/XLSX, parse cells by schema, validate, report every problem.

Every problem is one line `file:row: column: reason`, where row is the row number a person sees
in Excel (the header is row 1 unless title rows sit above it). Nothing is dropped or coerced
silently: a cell that cannot be read as its column's type is a problem, not a blank, and a CSV
that does not parse cleanly is a problem, not a shorter table.

Reading is driven by the schemas only: no ledger or column is named here.
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

from handbook.errors import shown_path
from handbook.ledgers.schemas import (
    ALL_SPECS,
    LEDGER_SPECS,
    MEMBERS,
    PRIVATE_SPECS,
    SPECS,
    UNITS,
    Column,
    LedgerSpec,
    columns,
    cross_check,
    revision_problems,
)

SUFFIXES = (".csv", ".xlsx")
# Spreadsheet formats we do not read: the message asks for .xlsx (or CSV UTF-8) instead.
OTHER_FORMATS = (
    ".xls",
    ".xlsm",
    ".xlsb",
    ".et",
    ".ett",
    ".ods",
    ".fods",
    ".numbers",
    ".wps",
    ".dbf",
    ".txt",
    ".tsv",
)
# Lock and temporary files of Excel/WPS (~$…) and LibreOffice (.~lock…#), and hidden files.
IGNORED_PREFIXES = ("~$", ".")
# A reference to something that is not a ledger: these ids are accepted besides a ledger's.
PSEUDO_REFS = {"units": ("branches", UNITS)}
# Rows searched for the header when the first row is a title.
HEADER_SEARCH = 6
SAVE_AS_CSV = "请在 Excel/WPS 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx"


class LedgerError(Exception):
    """Every problem found in the ledgers; `report()` lists them as `file:row: column: reason`."""

    def __init__(self, problems: list[str], notices: list[str] | None = None):
        super().__init__(f"{len(problems)} problem(s) in the ledgers")
        self.problems = problems
        self.notices = notices or []

    def report(self) -> str:
        """All problems, one per line, with a count at the start and notices at the end."""
        head = (
            f"台账有 {len(self.problems)} 处问题 ({len(self.problems)} problem(s) in the ledgers):"
        )
        return "\n".join([head, *self.problems, *self.notices])


@dataclass
class Ledgers:
    """All ledgers, validated: one DataFrame per ledger key, indexed by spreadsheet row."""

    frames: dict[str, pd.DataFrame]
    sources: dict[str, Path] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> pd.DataFrame:
        return self.frames[key]

    def rows(self, key: str) -> int:
        """Rows read from the ledger's file."""
        return len(self.frames[key])


def display(path: Path, root: Path | None = None) -> str:
    """A path as people want it in messages: relative to the project `root` (default: the
    current folder) when inside it."""
    return shown_path(path, root)


def show(value: object, limit: int = 40) -> str:
    """A cell value inside a message: one line, control characters visible, not too long."""
    text = str(value).replace("\r\n", "\n")
    text = re.sub(
        r"[\x00-\x1f\x7f]", lambda m: "↵" if m.group() == "\n" else f"\\x{ord(m.group()):02x}", text
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def label(title: str) -> str:
    """A column title as the column part of `file:row: column: reason` (no colon, one line)."""
    return show(title, 30).replace(":", "：").strip() or "（空列名）"


# --- decoding CSV exports ------------------------------------------------------------------


class ReadProblem(Exception):
    """A file that cannot be read as a table: `line` (1-based) and the reason."""

    def __init__(self, line: int, reason: str, column: str = "（文件）", offset: int = -1):
        super().__init__(reason)
        self.line, self.reason, self.column, self.offset = line, reason, column, offset


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_SIGNATURES = (
    (b"PK\x03\x04", "这是 Excel 工作簿（.xlsx），不是 CSV：请把扩展名改为 .xlsx"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Excel/WPS 工作簿（.xls/.et），不是 CSV：" + SAVE_AS_CSV),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'-be' when the NUL bytes fall on one side of each pair, as in UTF-16 text."""
    sample = data[:4000]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even = sample[0 : pairs * 2 : 2].count(0)
    odd = sample[1 : pairs * 2 : 2].count(0)
    # ASCII separators, digits and line ends are one byte and a NUL in UTF-16.
    if odd >= pairs / 10 and even <= odd / 50:
        return "utf-16-le"
    if even >= pairs / 10 and odd <= even / 50:
        return "utf-16-be"
    return None


def _line_of(data: bytes, where: int, unit: int = 1) -> int:
    newline = b"\n" if unit == 1 else (b"\n\x00" if unit == 2 else b"\x00\n")
    return data.count(newline, 0, where) + 1


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding of a CSV export: UTF-8 (with or without BOM), GB18030 or UTF-16.

    Raise ReadProblem naming the line of the first byte that fits none of them.
    """
    for signature, reason in _SIGNATURES:
        if data.startswith(signature):
            raise ReadProblem(1, reason)
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding == "utf-32":
        raise ReadProblem(1, f"文件是 UTF-32 编码：{SAVE_AS_CSV} (undecodable encoding)")
    if encoding is None:
        encoding = _utf16_without_bom(data)
    if encoding is not None and encoding.startswith("utf-16"):
        body = data[2:] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data
        try:
            return body.decode(encoding), encoding
        except UnicodeDecodeError as error:
            unit = 2 if encoding.endswith("le") else 3
            raise ReadProblem(
                _line_of(body, error.start, unit),
                f"UTF-16 文件在这里损坏或被截断：{SAVE_AS_CSV} (undecodable encoding)",
            ) from None
    if encoding == "utf-8":
        data = data[3:]
    try:
        return data.decode("utf-8"), encoding or "utf-8"
    except UnicodeDecodeError as utf8_error:
        if encoding == "utf-8" or _mostly_utf8(data):
            raise _undecodable(data, utf8_error.start) from None
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as gb_error:
            # The encoding that read furthest is the one the file was meant to be in.
            raise _undecodable(data, max(utf8_error.start, gb_error.start)) from None


def _mostly_utf8(data: bytes) -> bool:
    """Whether a file that is not valid UTF-8 is UTF-8 with a few damaged bytes (not GB18030)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return bad <= max(2, wide // 50)


def _undecodable(data: bytes, where: int) -> ReadProblem:
    line_start = data.rfind(b"\n", 0, where) + 1
    return ReadProblem(
        _line_of(data, where),
        f"无法识别的字符（文件编码不是 UTF-8、GB18030 或 UTF-16，或文件已损坏）：{SAVE_AS_CSV}"
        " (undecodable encoding)",
        offset=data[line_start:where].count(b",") + data[line_start:where].count(b"\t"),
    )


# --- splitting CSV text into records, strictly ---------------------------------------------


def separator(text: str) -> str:
    """Tab (Excel's "Unicode text") or comma, whichever the first lines hold more of."""
    head = text.split("\n", HEADER_SEARCH)[:HEADER_SEARCH]
    tabs = sum(line.count("\t") for line in head)
    commas = sum(line.count(",") for line in head)
    return "\t" if tabs > commas else ","


_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')


def split_records(text: str, sep: str) -> list[list[str]]:
    """Records of RFC 4180 CSV text with "\\n" line ends; a blank line is a record without fields.

    Raise ReadProblem for an unterminated quote or text after a closing quote, at the record
    where it starts. Written independently of the `csv` module, whose result it must equal.
    """
    unquoted = re.compile(f'[^"{re.escape(sep)}\n][^{re.escape(sep)}\n]*|')
    records: list[list[str]] = []
    pos, end = 0, len(text)
    while pos < end:
        fields: list[str] = []
        records.append(fields)
        if text[pos] == "\n":
            pos += 1
            continue
        while True:
            if text.startswith('"', pos):
                match = _QUOTED.match(text, pos)
                if match is None:
                    raise ReadProblem(
                        len(records),
                        '引号没有配对：这个单元格以“"”开头，但到文件末尾也没有结束的引号，'
                        "后面的行会被并进这一格 (unterminated quote)",
                        offset=len(fields),
                    )
                pos = match.end()
                if pos < end and text[pos] not in (sep, "\n"):
                    raise ReadProblem(
                        len(records),
                        f"引号用法不对：结束的引号后面还有“{show(text[pos])}”；单元格里的引号要写成两个"
                        '（""），或整格不用引号 (text after a closing quote)',
                        offset=len(fields),
                    )
                fields.append(match.group(1).replace('""', '"'))
            else:
                match = unquoted.match(text, pos)
                fields.append(match.group(0))
                pos = match.end()
            if pos >= end or text[pos] == "\n":
                pos += 1
                break
            pos += 1  # the separator: another field follows, if only an empty one
    return records


def parse_csv(data: bytes) -> tuple[list[list[str]], str, str]:
    """Rows of a CSV export (one record each, as Excel shows them), its encoding and separator.

    The text is read twice, by the `csv` module in strict mode and by `split_records`; any
    difference between the two, an unterminated quote, a NUL byte, or a quoted cell holding
    what looks like whole records is a ReadProblem at the row where it starts.
    """
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sep = separator(text)
    rows = split_records(text, sep)
    for number, fields in enumerate(rows, start=1):
        for position, cell in enumerate(fields):
            if "\x00" in cell:
                raise ReadProblem(
                    number,
                    "单元格里有空字符（NUL），文件可能已损坏或编码不对："
                    + SAVE_AS_CSV
                    + " (NUL byte)",
                    offset=position,
                )
    try:
        strict = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    except csv.Error as error:
        raise ReadProblem(len(rows), f"CSV 格式错误：{error} (readers disagree)") from None
    if strict != rows:
        where = next(
            (i for i, (a, b) in enumerate(zip(strict, rows, strict=False)) if a != b),
            min(len(strict), len(rows)),
        )
        raise ReadProblem(
            where + 1,
            f"两种读法得到的内容不同（{len(strict)} 行对 {len(rows)} 行），"
            f"文件中可能有未配对的引号：{SAVE_AS_CSV}" + " (readers disagree)",
        )
    return rows, encoding, sep


def _swallowed(rows: list[list[str]], header_at: int, sep: str) -> ReadProblem | None:
    """A quoted cell with a line holding as many separators as the header: merged records."""
    width = sum(1 for title in rows[header_at] if title) if header_at < len(rows) else 0
    if width < 2:
        return None
    for number, fields in enumerate(rows[header_at + 1 :], start=header_at + 2):
        for position, cell in enumerate(fields):
            if "\n" in cell and any(ln.count(sep) >= width - 1 for ln in cell.split("\n")):
                return ReadProblem(
                    number,
                    "这一格里有换行，换行后的内容像是完整的一行或多行记录：多半是前面少了一个"
                    "结束的引号，后面的行被并进了这一格 (a cell swallowed whole records)",
                    offset=position,
                )
    return None


# --- reading files into rows of strings ----------------------------------------------------


def _cell_text(value: object) -> str:
    """An Excel cell as the text a CSV export of it would contain."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path) -> list[list[str]]:
    # calamine (Rust) reads a 50,000-row sheet about ten times faster than openpyxl.
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        values = sheet.to_python(skip_empty_area=False)
        errors = _error_cells(path)
    except Exception as error:  # a broken or mislabelled file, whatever the library says
        raise ReadProblem(
            1,
            "不是可读取的 Excel 文件，请用 Excel/WPS 重新另存为 .xlsx (not a readable .xlsx): "
            f"{error}",
        ) from None
    rows = [[_cell_text(v) for v in row] for row in values]
    for row, column, text in errors:
        while len(rows) <= row:
            rows.append([])
        rows[row].extend([""] * (column + 1 - len(rows[row])))
        rows[row][column] = text
    return rows


_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)


def _error_cells(path: Path) -> list[tuple[int, int, str]]:
    """Cells of the first sheet holding an Excel error (#N/A, #DIV/0!…), which calamine blanks.

    They are kept as the text Excel shows, as a CSV export would: a blank would hide them.
    """
    import zipfile

    with zipfile.ZipFile(path) as book:
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        first = re.search(r"<sheet\b([^>]*)/?>", workbook)
        rid = dict(_ATTRIBUTE.findall(first.group(1))).get("r:id") if first else None
        rels = book.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        target = None
        for attributes in re.findall(r"<Relationship\b([^>]*)/?>", rels):
            found = dict(_ATTRIBUTE.findall(attributes))
            if found.get("Id") == rid:
                target = found.get("Target", "")
        if not target:
            return []
        name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        xml = book.read(name).decode("utf-8")
    if 't="e"' not in xml:
        return []
    cells = []
    for attributes, body in _CELL.findall(xml):
        found = dict(_ATTRIBUTE.findall(attributes))
        if found.get("t") != "e" or "r" not in found:
            continue
        letters, digits = re.match(r"([A-Z]+)(\d+)", found["r"]).groups()
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        value = re.search(r"<v>(.*?)</v>", body, re.S)
        cells.append((int(digits) - 1, column - 1, value.group(1) if value else "#VALUE!"))
    return cells


def _file_rows(path: Path) -> tuple[list[list[str]], str]:
    """Rows of cell strings of a file as Excel shows them, and the CSV separator (if any)."""
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path), ","
    rows, _, sep = parse_csv(path.read_bytes())
    return rows, sep


def _problem(
    name: str, problem: ReadProblem, path: Path | None = None, header: list[str] | None = None
) -> str:
    """The message of a ReadProblem; its column is named from the header or the first line."""
    column = problem.column
    if problem.offset >= 0:
        titles = header or (_first_line_cells(path) if path is not None else [])
        title = titles[problem.offset].strip() if problem.offset < len(titles) else ""
        column = label(title) if title else f"第{problem.offset + 1}列"
    return f"{name}:{problem.line}: {column}: {problem.reason}"


def read_rows(path: Path) -> tuple[list[list[str]], list[str]]:
    """Rows of cell strings (as Excel shows them, header first) and the problems met reading."""
    name = display(path)
    try:
        rows, _ = _file_rows(path)
    except ReadProblem as problem:
        return [], [_problem(name, problem, path)]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # the used range can extend past the last row with data
    return rows, []


def _first_line_cells(path: Path) -> list[str]:
    """The first line's cells, decoded as well as can be (for naming a column in a message)."""
    if path.suffix.lower() == ".xlsx":
        return []
    first = path.read_bytes().split(b"\n", 1)[0].replace(b"\r", b"").replace(b"\x00", b"")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = first.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = first.decode("utf-8", "replace")
    return text.split(separator(text))


# --- parsing cells by column type ----------------------------------------------------------

_INT = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0?0:00(?::00)?)?$"
)


def parse_int(text: str) -> int:
    """An integer written as digits; anything else (3.5, 三, 1,000) is refused."""
    if not _INT.match(text):
        raise ValueError(f"应为整数，实际为“{show(text)}” (not a whole number)")
    return int(text)


# Years a ledger date may have: a typo such as 3022 is an error, not a date centuries away (and
# pandas' nanosecond dates end in 2262).
YEARS = (1900, 2200)


def parse_date(text: str) -> dt.date:
    """A date as Excel/WPS write it: 2023-03-03, 2023/3/3, 2023.3.3 or 2023年3月3日."""
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError
        date = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(
            f"日期无法识别：“{show(text)}”，应写作 2023-03-03 或 2023/3/3 (bad date)"
        ) from None
    if not YEARS[0] <= date.year <= YEARS[1]:
        raise ValueError(
            f"日期年份不对：“{show(text)}”，应在 {YEARS[0]}—{YEARS[1]} 年之间 (year out of range)"
        )
    return date


_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|-(\d{2})-01)$")
_MONEY = re.compile(r"^\+?\d+(?:\.\d+)?$")


def parse_month(text: str) -> str:
    """A month as 2023-01; 2023-1, 2023/1, 2023年1月 and a first of the month (what Excel makes
    of a typed 2023-01) are read as the same month."""
    match = _MONTH.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2) or match.group(3))
        if 1 <= month <= 12:
            return f"{year:04d}-{month:02d}"
    raise ValueError(f"月份无法识别：“{show(text)}”，应写作 2023-01 (bad month)")


def parse_money(text: str) -> float:
    """An amount in yuan to the fen (at most two decimals; Excel's float noise is rounded)."""
    if not _MONEY.match(text):
        raise ValueError(f"应为金额（元，如 45.60），实际为“{show(text)}” (not an amount)")
    fen = float(text) * 100
    if abs(fen - round(fen)) > 1e-6:
        raise ValueError(f"金额最多两位小数（到分），实际为“{show(text)}” (more than 2 decimals)")
    return round(fen) / 100


def _each(
    text: pd.Series, filled: pd.Series, parse: Callable[[str], object], dtype: str
) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Parse the filled cells one by one, for kinds no vectorised parser covers."""
    values: list[object] = []
    failures = []
    for row, cell, full in zip(text.index, text, filled, strict=True):
        value = None
        if full:
            try:
                value = parse(cell)
            except ValueError as error:
                failures.append((int(row), str(error)))
        values.append(value)
    return pd.Series(values, index=text.index, dtype=dtype), failures


def parse_column(kind: str, text: pd.Series) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Parse a column of stripped cell strings by type; blanks become missing values.

    Returns the typed column and (row, reason) for every cell that is not of the type.
    """
    filled = text != ""
    if kind == "month":
        return _each(text, filled, parse_month, "object")
    if kind == "money":
        return _each(text, filled, parse_money, "float64")
    if kind == "int":
        good = text.str.fullmatch(_INT.pattern)
        values = pd.Series(pd.NA, index=text.index, dtype="Int64")
        try:
            values[good] = text[good].astype("int64")
        except OverflowError:  # more digits than any count has: refuse cell by cell
            fits = good & (text.str.len() <= 18)
            values[fits] = text[fits].astype("int64")
            good = fits
        wrong = filled & ~good
        return values, [(int(i), _int_reason(t)) for i, t in text[wrong].items()]
    if kind == "date":
        # ISO dates (most cells) in one C pass; the other ways of writing a date by pattern.
        years = text.str.extract(r"^\s*(\d{4})", expand=False).astype("float64")
        plausible = years.between(*YEARS)  # out-of-range years are errors (see parse_date)
        iso = text.where(plausible, "")
        values = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
        rest = filled & plausible & values.isna()
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
    return f"数字太大：“{show(text)}” (number too large)"


def _date_reason(text: str) -> str:
    try:
        parse_date(text)
    except ValueError as error:
        return str(error)
    return f"日期无法识别：“{show(text)}” (bad date)"


def _reason(check: str, value: object, cols: dict[str, Column], column: str) -> str:
    """A failed pandera check in plain words."""
    if check == "not_nullable":
        return "必填，不能为空 (required)"
    if check == "field_uniqueness":
        return f"“{show(value)}”重复，每行必须不同 (duplicate)"
    if check.startswith("isin"):
        allowed = "、".join(cols[column].allowed)
        return f"“{show(value)}”不在允许的取值中：{allowed} (not an allowed value)"
    if check.startswith("greater_than_or_equal_to"):
        return f"应不小于 {cols[column].minimum}，实际为 {value} (too small)"
    if check.startswith("str_matches"):
        return f"“{show(value)}”格式不对 (bad format)"
    return f"{check}: {show(value)}"


# --- the header ----------------------------------------------------------------------------


def _clean(cell: str) -> str:
    # A BOM or zero-width space pasted into a cell is invisible in Excel: never part of a value.
    return cell.replace("\ufeff", "").replace("\u200b", "").strip()


def find_header(
    rows: list[list[str]], names: Iterable[str], name: str
) -> tuple[int | None, list[str], list[str]]:
    """Index of the header row, notices, problems.

    The header is the first non-blank row if it holds a known column name. Otherwise, when a
    later row among the first few holds at least two, the rows above it are titles (a merged
    "2023年理论学习台账" row): they are skipped and a notice says so.
    """
    names = list(names)
    known = set(names)
    filled = [i for i, row in enumerate(rows) if any(_clean(c) for c in row)]
    if not filled:
        return None, [], [f"{name}:1: （表头）: 文件为空，缺少表头行 (empty file)"]
    first = filled[0]

    def hits(index: int) -> int:
        return len({_clean(c) for c in rows[index]} & known)

    if hits(first):
        return first, [], []
    for index in filled[1:]:
        if index >= first + HEADER_SEARCH:
            break
        if hits(index) >= min(2, len(known)):
            titles = show(
                "；".join(
                    "、".join(c for c in map(_clean, rows[i]) if c) for i in filled if i < index
                ),
                60,
            )
            above = f"第{first + 1}行" if index == first + 1 else f"第{first + 1}–{index}行"
            notice = (
                f"{name}:{index + 1}: （表头）: 提示：{above}是标题（“{titles}”），"
                f"已跳过，第{index + 1}行作为表头；也可以删掉标题行再保存 (title rows skipped)"
            )
            return index, [notice], []
    seen = show("、".join(c for c in map(_clean, rows[first]) if c), 60)
    return (
        None,
        [],
        [
            f"{name}:{first + 1}: （表头）: 表头里没有一个认识的列名（读到“{seen}”）："
            f"第一行应是列名；如果文件编码不对，{SAVE_AS_CSV}。应有的列：{'、'.join(names)}"
            " (no known column name)"
        ],
    )


def _header_problems(header: list[str], cols: dict[str, Column], name: str, row: int) -> list[str]:
    problems = []
    for position, title in enumerate(header):
        if title and title not in cols:
            allowed = "、".join(cols)
            problems.append(
                f"{name}:{row}: {label(title)}: 未知列，允许的列：{allowed} (unknown column)"
            )
        elif title and header.index(title) != position:
            problems.append(f"{name}:{row}: {label(title)}: 列名重复 (duplicate column)")
    for title in cols:
        if title not in header:
            problems.append(f"{name}:{row}: {title}: 缺少这一列 (missing column)")
    return problems


def _shape_problems(
    data: list[tuple[int, list[str]]], header: list[str], name: str
) -> tuple[set[int], list[str]]:
    """Rows shorter than the header (cut off), and cells with data but no column name."""
    width = max((i + 1 for i, t in enumerate(header) if t), default=0)
    short, problems = set(), []
    unnamed: dict[int, list[int]] = {}
    for number, row in data:
        if len(row) < width:
            short.add(number)
            missing = label(header[len(row)]) if header[len(row)] else f"第{len(row) + 1}列"
            problems.append(
                f"{name}:{number}: {missing}: 这一行只有 {len(row)} 个单元格，表头有 {width} 列："
                "这一行被截断了，或少了分隔符；末尾的空格也要保留逗号 (row is truncated)"
            )
            continue
        for position, cell in enumerate(row):
            if cell and (position >= len(header) or not header[position]):
                unnamed.setdefault(position, []).append(number)
    for position, numbers in sorted(unnamed.items()):
        where = f"第{position + 1}列"
        if len(numbers) <= 3:
            for number in numbers:
                problems.append(
                    f"{name}:{number}: {where}: 这一格有数据但没有列名：这一行多了分隔符，"
                    "或表头少了一个列名 (no header)"
                )
        else:
            some = "、".join(str(n) for n in numbers[:3])
            problems.append(
                f"{name}:{numbers[0]}: {where}: 有数据但没有列名（共 {len(numbers)} 行，"
                f"如第{some}行）：请在表头补上列名，或删掉这一列 (no header)"
            )
    return short, problems


# --- a table from rows ---------------------------------------------------------------------


def _table(
    spec: LedgerSpec, rows: list[list[str]], name: str, sep: str = ","
) -> tuple[pd.DataFrame | None, list[str], list[str]]:
    """Find the header, check the shape, parse every cell and validate with the schema.

    Returns the frame (indexed by spreadsheet row), problems and notices.
    """
    cols = {c.name: c for c in columns(spec.model)}
    rows = [[_clean(cell) for cell in row] for row in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    at, notices, problems = find_header(rows, cols, name)
    if at is None:
        return None, problems, notices
    swallowed = _swallowed(rows, at, sep)
    if swallowed is not None:
        return None, [_problem(name, swallowed, None, rows[at])], notices
    header = rows[at]
    problems = _header_problems(header, cols, name, at + 1)
    if problems:
        return None, problems, notices
    data = [(number, row) for number, row in enumerate(rows[at + 1 :], start=at + 2) if any(row)]
    if not data:
        return (
            None,
            [
                f"{name}:{at + 2}: （数据）: 只有表头，没有数据行：请至少填写一行记录"
                " (header only, no data rows)"
            ],
            notices,
        )
    short, problems = _shape_problems(data, header, name)
    data = [(number, row) for number, row in data if number not in short]
    width = len(header)
    raw = pd.DataFrame(
        [(row + [""] * width)[:width] for _, row in data],
        columns=range(width),
        index=[number for number, _ in data],
        dtype="str",
    )
    bad: set[tuple[int, str]] = set()
    parsed = {}
    for title, column in cols.items():
        series, failures = parse_column(column.kind, raw[header.index(title)])
        parsed[title] = series
        for number, reason in failures:
            problems.append(f"{name}:{number}: {title}: {reason}")
            bad.add((number, title))
    frame = pd.DataFrame(parsed, index=raw.index)
    problems += _schema_problems(spec, frame, cols, name, bad)
    return frame, problems, notices


def _schema_problems(
    spec: LedgerSpec,
    frame: pd.DataFrame,
    cols: dict[str, Column],
    name: str,
    bad: set[tuple[int, str]],
) -> list[str]:
    try:
        spec.model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems, seen = [], set()
        for case in errors.failure_cases.itertuples():
            row, column, check = case.index, case.column, str(case.check)
            if row is None or pd.isna(row):
                problems.append(f"{name}:1: {column}: {check}")
                continue
            row = int(row)
            if "|" in check:  # data-frame check: "column|reason", reported once per row
                column, reason = check.split("|", 1)
            elif check == "field_uniqueness":
                first = int(frame.index[frame[column] == case.failure_case][0])
                if first == row:
                    continue  # the first occurrence is fine; the repeats are the problem
                reason = f"“{show(case.failure_case)}”与第{first}行重复，每行必须不同 (duplicate)"
            else:
                reason = _reason(check, case.failure_case, cols, column)
            if (row, column) in bad or (row, column, reason) in seen:
                continue
            seen.add((row, column, reason))
            problems.append(f"{name}:{row}: {column}: {reason}")
        return problems
    return []


# --- references between ledgers ------------------------------------------------------------


def _ids(spec: LedgerSpec, frame: pd.DataFrame) -> set[str]:
    """The ids of a ledger: the values of its first unique column."""
    key = next((c.name for c in columns(spec.model) if c.unique), None)
    return set(frame[key].dropna().astype(str)) if key else set()


def known_ids(frames: dict[str, pd.DataFrame], specs: dict[str, LedgerSpec]) -> dict[str, set]:
    """Ids each reference may name: a ledger's ids, or a pseudo reference's ledger plus extras."""
    known = {key: _ids(specs[key], frame) for key, frame in frames.items() if key in specs}
    for ref, (key, extras) in PSEUDO_REFS.items():
        if key in known:
            known[ref] = known[key] | set(extras)
    return known


def unknown_references(
    tables: list[tuple[LedgerSpec, pd.DataFrame, str]],
    known: dict[str, set[str]],
    broken: Iterable[str] = (),
) -> list[str]:
    """Cells naming an id the referenced ledger lacks: one line per unknown id, not per cell.

    A reference whose ledger could not be loaded is not checked, and one whose ledger has
    problems of its own (`broken` keys) points at them: they are the root cause.
    """
    uses: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    for spec, frame, name in tables:
        for column in columns(spec.model):
            if not column.ref or column.ref not in known:
                continue
            target = PSEUDO_REFS[column.ref][0] if column.ref in PSEUDO_REFS else column.ref
            values = frame[column.name]
            wrong = values.notna() & ~values.astype(str).isin(known[column.ref])
            for row, value in values[wrong].items():
                uses.setdefault((target, str(value)), []).append((name, int(row), column.name))
    problems = []
    for (target, value), places in uses.items():
        name, row, column = places[0]
        text = f"{name}:{row}: {column}: 未知的编号“{show(value)}”，{SPECS[target].zh}中没有"
        if len(places) > 1:
            counts: dict[str, int] = {}
            for other, _, _ in places[1:]:
                counts[other] = counts.get(other, 0) + 1
            where = "、".join(f"{Path(file).name} {n} 行" for file, n in counts.items())
            text += f"；另外还有 {len(places) - 1} 行引用了它（{where}）"
        if target in broken:
            text += f"；{SPECS[target].zh}本身有错（见上），多半先改正它即可"
        problems.append(text + " (unknown id)")
    return problems


# --- files ---------------------------------------------------------------------------------


def ignored(path: Path) -> bool:
    """Lock, temporary and hidden files that Excel, WPS or LibreOffice leave beside a sheet."""
    return path.name.startswith(IGNORED_PREFIXES)


def other_format(path: Path, root: Path | None = None) -> str:
    """The message for a spreadsheet in a format we do not read."""
    return (
        f"{display(path, root)}:1: （文件）: 不能读取 {path.suffix} 格式的文件，"
        f"请在 Excel/WPS 中打开后另存为 .xlsx（或 CSV UTF-8），并删掉这个文件"
        f" (save {path.name} as .xlsx)"
    )


def find_file(folder: Path, key: str, root: Path | None = None) -> tuple[Path | None, list[str]]:
    """The one file of a ledger in `folder`, whatever its format."""
    found = [
        folder / f"{key}{suffix}" for suffix in SUFFIXES if (folder / f"{key}{suffix}").exists()
    ]
    if not found:
        others = [
            p
            for p in (sorted(folder.iterdir()) if folder.is_dir() else [])
            if p.stem == key and p.suffix.lower() in OTHER_FORMATS and not ignored(p)
        ]
        if others:
            return None, []  # the file is there in another format: `_stray_files` says so
        return None, [
            f"{display(folder / key, root)}.csv:1: （文件）: 缺少台账文件，应有 {key}.csv 或 "
            f"{key}.xlsx (missing ledger file)"
        ]
    if len(found) > 1:
        names = "、".join(p.name for p in found)
        where = display(found[0], root)
        return None, [f"{where}:1: （文件）: 同一台账有多个文件：{names} (two files)"]
    return found[0], []


def read_table(
    spec: LedgerSpec, path: Path, root: Path | None = None
) -> tuple[pd.DataFrame | None, list[str], list[str]]:
    """Read, parse and validate one ledger file: frame, problems, notices."""
    name = display(path, root)
    try:
        rows, sep = _file_rows(path)
    except ReadProblem as problem:
        return None, [_problem(name, problem, path)], []
    return _table(spec, rows, name, sep)


def load_all(
    folder: Path,
    progress: Callable[[Iterable], Iterable] | None = None,
    revisions: list[tuple[dt.date, str, str]] | None = None,
    root: Path | None = None,
    private: Path | None = None,
) -> Ledgers:
    """Load and validate every ledger in `folder`; raise LedgerError listing all problems.

    `revisions` are the rules' (date, title, version) revisions (`content.revisions`): the
    office ledger's 制度建立修订 rows are checked against them when given. File names in the
    messages are shown relative to `root` (the project; default: the current folder).
    `private` is the folder of the ledgers with personal data (dues, recruitment: the project's
    git-ignored data/private/ledgers/, or the committed sample): they are read from there and
    refused in `folder`. Without it they are read from `folder` when they are there.
    """
    folder = Path(folder)
    private_keys = {spec.key for spec in PRIVATE_SPECS}
    if private is None:
        problems = _stray_files(folder, {spec.key for spec in ALL_SPECS}, root)
    else:
        private = Path(private)
        problems = _stray_files(folder, {spec.key for spec in LEDGER_SPECS}, root, private_keys)
        problems += _stray_files(private, private_keys, root)
    notices: list[str] = []
    frames: dict[str, pd.DataFrame] = {}
    sources: dict[str, Path] = {}
    tables = []
    broken: set[str] = set()
    steps = progress(ALL_SPECS) if progress else ALL_SPECS
    for spec in steps:
        where = private if spec.key in private_keys and private is not None else folder
        path, missing = find_file(where, spec.key, root) if where.is_dir() else (None, [])
        if spec.key in private_keys and private is None and path is None:
            missing = []  # optional without a private folder (tests, trials of other ledgers)
        problems += missing
        if path is None:
            continue
        frame, found, noticed = read_table(spec, path, root)
        problems += found
        notices += noticed
        if found:
            broken.add(spec.key)
        if frame is not None:
            frames[spec.key] = frame
            sources[spec.key] = path
            tables.append((spec, frame, display(path, root)))
    problems += unknown_references(tables, known_ids(frames, SPECS), broken)
    if not problems:  # checks across ledgers and against the rules, once each ledger is sound
        names = {key: display(path, root) for key, path in sources.items()}
        problems += cross_check(frames, names)
        if "office" in frames and revisions is not None:
            problems += revision_problems(frames["office"], revisions, names["office"])
        problems += private_problems(frames, names)
    if problems:
        raise LedgerError(problems, notices)
    return Ledgers(frames, sources, notices)


def private_problems(frames: dict[str, pd.DataFrame], names: dict[str, str]) -> list[str]:
    """The dues and recruitment ledgers' checks across columns and rows (rules 08 and 07)."""
    from handbook.ledgers import dues, recruitment

    problems = []
    if "dues" in frames:
        problems += dues.problems(frames["dues"], names["dues"])
    if "recruitment" in frames:
        problems += recruitment.problems(frames["recruitment"], names["recruitment"])
    return problems


def _stray_files(
    folder: Path, expected: set[str], root: Path | None = None, personal: set[str] = frozenset()
) -> list[str]:
    """Files in the ledger folder that are not ledgers we read, or in a format we cannot read;
    ledgers with personal data (`personal`) found where they do not belong."""
    problems = []
    if not folder.is_dir():
        return [f"{display(folder, root)}:1: （文件夹）: 台账文件夹不存在 (no ledger folder)"]
    for path in sorted(folder.iterdir()):
        if ignored(path):
            continue
        suffix = path.suffix.lower()
        if path.stem in personal and (suffix in SUFFIXES or suffix in OTHER_FORMATS):
            problems.append(
                f"{display(path, root)}:1: （文件）: 含党员个人信息，请移到 data/private/ledgers/"
                " 文件夹（不进入版本库） (personal data: move it to data/private/ledgers/)"
            )
        elif suffix in OTHER_FORMATS:
            problems.append(other_format(path, root))
        elif suffix in SUFFIXES and path.stem not in expected:
            known = "、".join(sorted(expected))
            where = display(path, root)
            problems.append(
                f"{where}:1: （文件）: 未知的台账文件，文件名应为：{known} (unknown ledger)"
            )
    return problems


def load_roster(path: Path, folder: Path, root: Path | None = None) -> pd.DataFrame:
    """The private member roster, validated against the ledgers in `folder` it refers to (only
    for personal copies: never on the site)."""
    frames: dict[str, pd.DataFrame] = {}
    problems: list[str] = []
    refs = {c.ref for c in columns(MEMBERS.model) if c.ref}
    for ref in refs:
        key = PSEUDO_REFS[ref][0] if ref in PSEUDO_REFS else ref
        target, missing = find_file(Path(folder), key, root)
        problems += missing
        if target is not None:
            frame, found, _ = read_table(SPECS[key], target, root)
            problems += found
            if frame is not None:
                frames[key] = frame
    frame, found, _ = read_table(MEMBERS, Path(path), root)
    problems += found
    if frame is not None:
        problems += unknown_references(
            [(MEMBERS, frame, display(Path(path), root))], known_ids(frames, SPECS)
        )
    if problems or frame is None:
        raise LedgerError(problems)
    return frame
