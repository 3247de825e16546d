"""A ledger loads identically from GB18030, UTF-8-BOM, UTF-8 CSV and .xlsx; no row is lost."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from handbook import content, summaries
from handbook.ledgers import LedgerError, load_all, load_roster, read_rows
from handbook.ledgers.sample import write_ledger
from handbook.ledgers.schemas import LEDGER_SPECS
from tests.conftest import DATA, DOCS
from tests.ledger_fixtures import SAMPLE, read_csv, write_csv


def _variant(tmp_path: Path, fmt: str, rows: list[list[str]], key: str) -> Path:
    folder = tmp_path / fmt
    shutil.copytree(SAMPLE, folder)
    write_ledger(folder, key, rows, fmt)
    return folder


@pytest.mark.parametrize("key", ["warnings", "org_life"])
def test_gb18030_utf8_bom_and_xlsx_give_identical_summaries(tmp_path: Path, key: str):
    rows, _ = read_csv(SAMPLE / f"{key}.csv")
    loaded = {
        fmt: load_all(_variant(tmp_path, fmt, rows, key))
        for fmt in ("gb18030", "utf-8-sig", "utf-8", "xlsx")
    }
    first = loaded["gb18030"]
    assert (tmp_path / "gb18030" / f"{key}.csv").read_bytes()[:2] != b"\xef\xbb"
    assert (tmp_path / "utf-8-sig" / f"{key}.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    for fmt, ledgers in loaded.items():
        pd.testing.assert_frame_equal(ledgers[key], first[key], obj=fmt)
        assert summaries.summarise(ledgers, key) == summaries.summarise(first, key)
        for period in summaries.periods(first):
            assert summaries.figures(ledgers, period) == summaries.figures(first, period)


def test_sample_ships_xlsx_and_excel_encodings():
    suffixes = {p.suffix for p in SAMPLE.iterdir()}
    assert ".xlsx" in suffixes
    heads = [p.read_bytes()[:3] for p in SAMPLE.glob("*.csv")]
    assert b"\xef\xbb\xbf" in heads
    raw = (SAMPLE / "org_life.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "主题党日" in raw.decode("gb18030")


@pytest.mark.parametrize("spec", LEDGER_SPECS, ids=lambda s: s.key)
def test_rows_read_equal_rows_counted(spec):
    ledgers = load_all(SAMPLE)
    path = ledgers.sources[spec.key]
    rows, problems = read_rows(path)
    data_rows = [r for r in rows[1:] if any(c.strip() for c in r)]
    summary = summaries.summarise(ledgers, spec.key)
    assert problems == []
    assert summary.rows == ledgers.rows(spec.key) == len(data_rows)
    for breakdown in (summary.by_period, summary.by_month, summary.by_branch, summary.by_type):
        if breakdown is not None:
            assert breakdown.rows == len(data_rows)


def test_roster_is_separate_from_the_site_ledgers():
    ledgers = load_all(SAMPLE)
    roster = load_roster(DATA / "sample" / "members.csv", SAMPLE)
    assert "members" not in ledgers.frames
    assert 150 <= len(roster) <= 250
    assert set(roster["党支部"]) <= set(ledgers["branches"]["编号"])
    assert set(roster["岗位"]) <= {"G1", "G2", "J1", "J2", "Z1", "党员"}
    # Every branch secretary in the branch ledger is a member with post Z1 of that branch.
    secretaries = roster[roster["岗位"] == "Z1"]
    assert sorted(zip(secretaries["党支部"], secretaries["姓名"], strict=True)) == sorted(
        zip(ledgers["branches"]["编号"], ledgers["branches"]["书记"], strict=True)
    )


def test_sample_meetings_fall_on_working_days():
    ledgers = load_all(SAMPLE)
    dates = ledgers["org_life"]["日期"]
    assert (dates.dt.day_of_week < 5).all()


def _encoded(rows: list[list[str]], encoding: str, sep: str, bom: bool, newline: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=newline).writerows(rows)
    codec = {"utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be"}.get(encoding, encoding)
    marks = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-8": b"\xef\xbb\xbf"}
    return (marks.get(encoding, b"") if bom else b"") + buffer.getvalue().encode(codec)


@pytest.mark.parametrize(
    ("encoding", "sep", "bom", "newline"),
    [
        ("utf-16-le", "\t", True, "\r\n"),  # Excel "Unicode text"
        ("utf-16-le", ",", False, "\r\n"),
        ("utf-16-be", "\t", True, "\n"),
        ("utf-16-be", ",", False, "\r\n"),
        ("utf-8", "\t", False, "\n"),
        ("utf-8", ",", True, "\r"),  # old Mac line ends
        ("gb18030", ",", False, "\n"),
    ],
)
def test_unicode_text_tabs_and_line_ends_load_like_the_original(
    tmp_path: Path, encoding: str, sep: str, bom: bool, newline: str
):
    rows, _ = read_csv(SAMPLE / "warnings.csv")
    original = load_all(SAMPLE)["warnings"]
    folder = tmp_path / "ledgers"
    shutil.copytree(SAMPLE, folder)
    (folder / "warnings.csv").write_bytes(_encoded(rows, encoding, sep, bom, newline))
    pd.testing.assert_frame_equal(load_all(folder)["warnings"], original)


def test_title_rows_above_the_header_are_skipped_and_said(tmp_path: Path):
    rows, encoding = read_csv(SAMPLE / "talks.csv")
    folder = tmp_path / "ledgers"
    shutil.copytree(SAMPLE, folder)
    width = len(rows[0])
    title = [["2023年谈心谈话台账", *[""] * (width - 1)], [""] * width]
    write_csv(folder / "talks.csv", [*title, *rows], encoding)
    ledgers = load_all(folder)
    original = load_all(SAMPLE)["talks"]
    assert list(ledgers["talks"].index) == [i + 2 for i in original.index]  # rows as Excel shows
    assert ledgers["talks"].reset_index(drop=True).equals(original.reset_index(drop=True))
    assert len(ledgers.notices) == 1
    assert (
        "talks.csv:3: （表头）: 提示：第1–2行是标题（“2023年谈心谈话台账”）" in ledgers.notices[0]
    )


def test_office_revisions_must_match_the_rules_front_matter(tmp_path: Path):
    """The office ledger's 制度建立修订 rows and the rules' history are one fact: a row whose
    date disagrees with the rule it names stops the load, naming file, row and column."""
    rows, _ = read_csv(SAMPLE / "office.csv")
    header = rows[0]
    kind, date = header.index("类别"), header.index("日期")
    row = next(i for i, r in enumerate(rows) if i and r[kind] == "制度建立修订")
    rows[row][date] = "2023-06-29" if rows[row][date] != "2023-06-29" else "2023-06-28"
    folder = _variant(tmp_path, "utf-8", rows, "office")
    revisions = content.revisions(content.load_rules(DOCS / "rules"))
    assert load_all(folder).rows("office") == len(rows) - 1  # without the rules: not compared
    with pytest.raises(LedgerError) as error:
        load_all(folder, revisions=revisions)
    assert any(f"office.csv:{row + 1}:" in line for line in error.value.problems)


def test_small_groups_must_add_up_to_their_branch(tmp_path: Path):
    rows, _ = read_csv(SAMPLE / "groups.csv")
    header = rows[0]
    size = header.index("党员人数")
    rows[1][size] = str(int(rows[1][size]) + 3)
    folder = _variant(tmp_path, "utf-8", rows, "groups")
    with pytest.raises(LedgerError) as error:
        load_all(folder)
    assert any("groups.csv" in line or "branches.csv" in line for line in error.value.problems)


@pytest.mark.parametrize("typed", ["3022-01-10", "0023-01-10", "2999年1月5日"])
def test_a_mistyped_year_is_a_ledger_problem_not_a_crash(tmp_path: Path, typed: str):
    """Found by Hypothesis: a flipped digit made pandas overflow instead of a message."""
    rows, _ = read_csv(SAMPLE / "talks.csv")
    rows[3][rows[0].index("日期")] = typed
    folder = _variant(tmp_path, "utf-8", rows, "talks")
    with pytest.raises(LedgerError) as error:
        load_all(folder)
    assert any(
        "talks.csv:4: 日期:" in line and "年份不对" in line and typed in line
        for line in error.value.problems
    ), error.value.problems
