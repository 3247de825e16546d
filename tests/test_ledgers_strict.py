"""Property tests: a mutated ledger either loads every row it holds, or is refused with a message.

Each case starts from a window of one committed ledger (so that all of them, row by row, are
covered across the run) and spoils it the way files get spoiled between Excel, WPS, e-mail and
USB sticks: cut off, quotes and separators added or lost, NUL bytes and BOMs, other encodings,
header cells duplicated, dropped or renamed, flipped bytes, blank rows and columns, title rows,
and .xlsx cells of every type. The outcome must be exactly one of:

- loaded without problems, with one row per non-blank record after the header, counted here by
  a different parser (pandas' C engine for CSV, openpyxl for .xlsx);
- refused, with every message in the form `file:row: column: reason`.

No traceback, and never fewer rows than the file holds. Runs without building the site.
"""

from __future__ import annotations

import atexit
import csv
import datetime as dt
import io
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from handbook.ledgers import decode, display, read_table
from handbook.ledgers.schemas import SPECS, columns
from tests.conftest import PRIVATE_SAMPLE
from tests.ledger_fixtures import SAMPLE, encoding_of

WINDOW = 12  # data rows per case: small files keep 2,000 cases under a minute
TMP = Path(tempfile.mkdtemp(prefix="ledger-props-"))
atexit.register(shutil.rmtree, TMP, True)
LEDGER_FILES = sorted(
    p for folder in (SAMPLE, PRIVATE_SAMPLE) for p in folder.iterdir() if p.stem in SPECS
)
CSV_FILES = [p for p in LEDGER_FILES if p.suffix == ".csv"]


@cache
def seed_rows(path: Path) -> tuple[tuple[str, ...], ...]:
    """All rows of a committed ledger as text (header first)."""
    if path.suffix == ".xlsx":
        sheet = load_workbook(path, read_only=True).active
        rows = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
        return tuple(tuple(r) for r in rows)
    data = path.read_bytes()
    return tuple(tuple(r) for r in csv.reader(io.StringIO(data.decode(encoding_of(data)))))


def window(path: Path, start: int) -> list[list[str]]:
    rows = seed_rows(path)
    body = rows[1:]
    start %= max(len(body), 1)
    return [list(rows[0]), *(list(r) for r in body[start : start + WINDOW])]


# --- mutations of CSV text, of the header, and of the encoded bytes -------------------------

TEXT_OPS = st.one_of(
    st.tuples(
        st.just("insert"),
        st.sampled_from(['"', ",", "\t", "\n", "\r\n", "\x00", "\ufeff", '""', ',"', '",']),
        st.floats(0, 1),
    ),
    st.tuples(st.just("remove"), st.sampled_from(['"', ",", "\n"]), st.floats(0, 1)),
    st.tuples(st.just("truncate"), st.just(""), st.floats(0, 1)),
    st.tuples(
        st.just("blank_rows"), st.sampled_from(["\r\n", ",,,,\r\n", " \r\n"]), st.floats(0, 1)
    ),
    st.tuples(st.just("blank_column"), st.sampled_from(["all", "header", "some"]), st.floats(0, 1)),
    st.tuples(
        st.just("title"), st.sampled_from(["2023年台账", "台账,,,,,", "\r\n"]), st.floats(0, 1)
    ),
    st.tuples(
        st.just("quote_cell"),
        st.sampled_from(["open", "close", "wrap", "newline"]),
        st.floats(0, 1),
    ),
)
HEADER_OPS = st.tuples(
    st.sampled_from(["duplicate", "remove", "rename", "space", "none"]),
    st.integers(0, 20),
    st.text(max_size=4),
)
ENCODINGS = st.sampled_from(
    [
        "keep",
        "utf-8",
        "utf-8-sig",
        "gb18030",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-16-le-bom",
        "utf-32",
        "big5",
        "shift_jis",
        "latin-1",
    ]
)
BYTE_OPS = st.lists(
    st.tuples(st.sampled_from(["flip", "nul", "bom", "cut"]), st.floats(0, 1), st.integers(1, 255)),
    max_size=2,
)


def _at(text: str, where: float) -> int:
    return min(int(where * len(text)), len(text))


def mutate_header(rows: list[list[str]], op: tuple[str, int, str]) -> list[list[str]]:
    kind, index, name = op
    header = rows[0]
    if not header:
        return rows
    i = index % len(header)
    if kind == "duplicate":
        header[i] = header[(i + 1) % len(header)]
    elif kind == "remove":  # the column name is deleted; the data stay
        header[i] = ""
    elif kind == "rename":
        header[i] = name
    elif kind == "space":
        header[i] = f" {header[i]}\u3000"
    return rows


def to_text(rows: list[list[str]], sep: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def mutate_text(text: str, op: tuple[str, str, float]) -> str:
    kind, arg, where = op
    at = _at(text, where)
    lines = text.split("\r\n")
    line = min(int(where * len(lines)), max(len(lines) - 1, 0))
    if kind == "insert":
        return text[:at] + arg + text[at:]
    if kind == "remove":
        found = [m.start() for m in re.finditer(re.escape(arg), text)]
        if not found:
            return text
        cut = found[min(int(where * len(found)), len(found) - 1)]
        return text[:cut] + text[cut + len(arg) :]
    if kind == "truncate":
        return text[:at]
    if kind == "blank_rows":
        return "\r\n".join([*lines[:line], arg.rstrip("\r\n"), *lines[line:]])
    if kind == "blank_column":
        if arg == "header":
            lines[0] += ","
        elif arg == "all":
            lines = [ln + "," if ln else ln for ln in lines]
        else:
            lines = [ln + "," if i % 2 and ln else ln for i, ln in enumerate(lines)]
        return "\r\n".join(lines)
    if kind == "title":
        return arg + "\r\n" + text
    if kind == "quote_cell":
        if line == 0 or not lines[line]:
            return text
        cells = lines[line].split(",")
        c = int(where * 997) % len(cells)
        if arg == "open":
            cells[c] = '"' + cells[c]
        elif arg == "close":
            cells[c] = cells[c] + '"'
        elif arg == "wrap":
            cells[c] = '"' + cells[c].replace('"', '""') + '"'
        else:
            cells[c] = '"' + cells[c] + "\n" + cells[c] + '"'
        lines[line] = ",".join(cells)
        return "\r\n".join(lines)
    return text


def encode(text: str, encoding: str, original: str) -> bytes:
    if encoding == "keep":
        encoding = original
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le", errors="replace")
    return text.encode(encoding, errors="replace")


def mutate_bytes(data: bytes, op: tuple[str, float, int]) -> bytes:
    kind, where, value = op
    at = min(int(where * len(data)), len(data))
    if kind == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ value]) + data[at + 1 :]
    if kind == "nul":
        return data[:at] + b"\x00" + data[at:]
    if kind == "bom":
        return data[:at] + b"\xef\xbb\xbf" + data[at:]
    return data[:at]


# --- independent counts ------------------------------------------------------------------------


def _blank(cells: list[object]) -> bool:
    return not any(
        str(c).replace("\ufeff", "").replace("\u200b", "").strip()
        for c in cells
        if c is not None and not (isinstance(c, float) and pd.isna(c))
    )


def _header_at(rows: list[list[object]], names: set[str]) -> int:
    """The first row naming at least two columns (the loader may skip titles above it)."""
    for i, row in enumerate(rows):
        cells = {str(c).replace("\ufeff", "").replace("\u200b", "").strip() for c in row}
        if len(cells & names) >= 2:
            return i
    return 0


def expected_rows(rows: list[list[object]], names: set[str]) -> list[int]:
    """Spreadsheet row numbers of the non-blank records after the header."""
    at = _header_at(rows, names)
    return [i + 1 for i, row in enumerate(rows) if i > at and not _blank(row)]


def csv_records(data: bytes) -> list[list[object]]:
    """Records as pandas' C parser reads the text (a second, unrelated CSV reader)."""
    text, _ = decode(data)
    sep = "\t" if text[:2000].count("\t") > text[:2000].count(",") else ","
    frame = pd.read_csv(
        io.StringIO(text),
        sep=sep,
        header=None,
        names=range(64),
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
    )
    return frame.values.tolist()


def xlsx_records(path: Path) -> list[list[object]]:
    sheet = load_workbook(path, data_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(min_row=1, values_only=True)]


MESSAGE = re.compile(r"^(?P<file>[^\n]+?):(?P<row>\d+): (?P<column>[^:\n]+): (?P<reason>.+)$", re.S)


def check_outcome(key: str, path: Path, records: callable) -> str:
    """Load one spoiled file and assert the property; return the kind of outcome."""
    frame, problems, notices = read_table(SPECS[key], path)
    if problems:
        for problem in problems:
            match = MESSAGE.match(problem)
            assert match, problem
            assert match["file"] == display(path), problem
            assert "Traceback" not in problem
        return "refused"
    assert frame is not None
    names = {c.name for c in columns(SPECS[key].model)}
    assert list(frame.index) == expected_rows(records(), names)
    for notice in notices:
        assert MESSAGE.match(notice), notice
    return "loaded"


OUTCOMES: dict[str, int] = {}
SETTINGS = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(max_examples=1700, **SETTINGS)
@given(
    source=st.sampled_from(LEDGER_FILES),
    start=st.integers(0, 10_000),
    header_op=HEADER_OPS,
    text_ops=st.lists(TEXT_OPS, max_size=3),
    encoding=ENCODINGS,
    byte_ops=BYTE_OPS,
    tab=st.booleans(),
)
def test_spoiled_csv_loads_every_row_or_is_refused(
    source, start, header_op, text_ops, encoding, byte_ops, tab
):
    rows = mutate_header(window(source, start), header_op)
    text = to_text(rows, "\t" if tab else ",")
    for op in text_ops:
        text = mutate_text(text, op)
    original = "utf-8" if source.suffix == ".xlsx" else encoding_of(source.read_bytes())
    data = encode(text, encoding, original)
    for op in byte_ops:
        data = mutate_bytes(data, op)
    path = TMP / f"{source.stem}.csv"
    path.write_bytes(data)
    outcome = check_outcome(source.stem, path, lambda: csv_records(data))
    OUTCOMES[outcome] = OUTCOMES.get(outcome, 0) + 1


def _cell_values() -> st.SearchStrategy:
    """Cells of every type openpyxl writes: text, numbers, booleans, dates, times, errors."""
    return st.one_of(
        st.none(),
        st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=6),
        st.integers(-10, 10**6),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.booleans(),
        st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
        st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
        st.times(),
        st.sampled_from(["#N/A", "#DIV/0!", "=1+1", "=NOW()", "  ", "a\nb", "2023年3月3日"]),
    )


@settings(max_examples=350, **SETTINGS)
@given(
    source=st.sampled_from(LEDGER_FILES),
    start=st.integers(0, 10_000),
    header_op=HEADER_OPS,
    changes=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 20), _cell_values()), max_size=4),
    title=st.booleans(),
    blank_rows=st.integers(0, 2),
    blank_column=st.booleans(),
)
def test_spoiled_xlsx_loads_every_row_or_is_refused(
    source, start, header_op, changes, title, blank_rows, blank_column
):
    rows: list[list[object]] = mutate_header(window(source, start), header_op)
    for row, column, value in changes:
        target = rows[row % len(rows)]
        if row % len(rows) == 0 and isinstance(value, str) is False:
            continue  # the header stays text (renames are covered above)
        if target:
            target[column % len(target)] = value
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["2023年" + SPECS[source.stem].zh])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for number, row in enumerate(rows):
        # Excel cannot hold control characters at all: they are a CSV-only hazard.
        row = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
        sheet.append(([None] if blank_column else []) + row)
        if number == 1:
            for _ in range(blank_rows):
                sheet.append([None])
    path = TMP / f"{source.stem}.xlsx"
    book.save(path)
    outcome = check_outcome(source.stem, path, lambda: xlsx_records(path))
    OUTCOMES[outcome] = OUTCOMES.get(outcome, 0) + 1


def test_both_outcomes_occur_and_every_ledger_is_a_seed():
    # Run after the properties (pytest keeps file order): a mutation mix that only ever
    # refused, or only ever loaded, would not test what it claims to.
    assert OUTCOMES.get("loaded", 0) >= 100, OUTCOMES
    assert OUTCOMES.get("refused", 0) >= 500, OUTCOMES
    assert sum(OUTCOMES.values()) >= 2000, OUTCOMES
    assert {p.stem for p in LEDGER_FILES} == set(SPECS)
