"""Bad ledgers stop the build with file, row and column, and leave the published site as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scripts.ledgers import LedgerError, load_all
from tests.ledger_fixtures import (  # noqa: F401
    build,
    digest,
    ledger_copy_fixture,
    ledger_site_fixture,
    read_csv,
    set_cell,
    write_csv,
)


def _undecodable(folder: Path) -> None:
    path = folder / "org_life.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = b"2022/1/5,B01,\xff\xfe\xfd,x,5,3,\r"
    path.write_bytes(b"\n".join(lines))


def _drop_column(folder: Path) -> None:
    rows, encoding = read_csv(folder / "warnings.csv")
    at = rows[0].index("主题")
    write_csv(folder / "warnings.csv", [r[:at] + r[at + 1 :] for r in rows], encoding)


def _extra_column(folder: Path) -> None:
    rows, encoding = read_csv(folder / "supervision.csv")
    write_csv(
        folder / "supervision.csv", [r + (["备注"] if i == 0 else [""]) for i, r in enumerate(rows)]
    )


def _duplicate_id(folder: Path) -> None:
    rows, _ = read_csv(folder / "rectification.csv")
    set_cell(folder / "rectification.csv", 4, "编号", rows[2][0])


def _empty_file(folder: Path) -> None:
    (folder / "volunteers.csv").write_bytes(b"")


def _bad_type_in_xlsx(folder: Path) -> None:
    book = load_workbook(folder / "study.xlsx")
    sheet = book.active
    column = [c.value for c in sheet[1]].index("类型") + 1
    sheet.cell(row=4, column=column, value="自学")
    book.save(folder / "study.xlsx")


# (how to spoil the copy, file, row, column) for every kind of bad input.
CASES: dict[str, tuple[Callable[[Path], None], str, int, str]] = {
    "undecodable encoding": (_undecodable, "org_life.csv", 3, "类别"),
    "missing required column": (_drop_column, "warnings.csv", 1, "主题"),
    "unknown column": (_extra_column, "supervision.csv", 1, "备注"),
    "bad date": (
        lambda f: set_cell(f / "talks.csv", 5, "日期", "2023-02-30"),
        "talks.csv",
        5,
        "日期",
    ),
    "unknown branch id": (
        lambda f: set_cell(f / "supervision.csv", 3, "党支部", "B99"),
        "supervision.csv",
        3,
        "党支部",
    ),
    "duplicate id": (_duplicate_id, "rectification.csv", 4, "编号"),
    "negative count": (
        lambda f: set_cell(f / "warnings.csv", 6, "参加人数", "-5"),
        "warnings.csv",
        6,
        "参加人数",
    ),
    "non-numeric count": (
        lambda f: set_cell(f / "volunteers.csv", 2, "服务人次", "很多"),
        "volunteers.csv",
        2,
        "服务人次",
    ),
    "empty file": (_empty_file, "volunteers.csv", 1, "表头"),
    "blank required cell": (
        lambda f: set_cell(f / "rectification.csv", 5, "问题", ""),
        "rectification.csv",
        5,
        "问题",
    ),
    "value outside the allowed set": (
        lambda f: set_cell(f / "risks.csv", 7, "风险等级", "极高"),
        "risks.csv",
        7,
        "风险等级",
    ),
    "value outside the allowed set in xlsx": (_bad_type_in_xlsx, "study.xlsx", 4, "类型"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_bad_ledger_stops_build_and_keeps_site(kind: str, ledger_copy: Path, ledger_site: Path):
    spoil, name, row, column = CASES[kind]
    spoil(ledger_copy)
    before = digest(ledger_site)
    result = build(ledger_site, ledger_copy)
    assert result.returncode != 0
    assert f"{name}:{row}: " in result.stderr, result.stderr[-2000:]
    line = next(ln for ln in result.stderr.splitlines() if f"{name}:{row}: " in ln)
    assert column in line
    assert digest(ledger_site) == before


def test_every_problem_is_listed_not_only_the_first(ledger_copy: Path):
    set_cell(ledger_copy / "talks.csv", 5, "日期", "2023-13-01")
    set_cell(ledger_copy / "talks.csv", 9, "人数", "0")
    set_cell(ledger_copy / "warnings.csv", 3, "形式", "座谈")
    with pytest.raises(LedgerError) as caught:
        load_all(ledger_copy)
    problems = caught.value.problems
    assert len(problems) == 3
    assert any("talks.csv:5: 日期:" in p for p in problems)
    assert any("talks.csv:9: 人数:" in p for p in problems)
    assert any("warnings.csv:3: 形式:" in p and "座谈" in p for p in problems)


def test_done_item_needs_a_completion_date(ledger_copy: Path):
    rows, _ = read_csv(ledger_copy / "rectification.csv")
    done = next(i for i, r in enumerate(rows) if r[rows[0].index("状态")] == "已完成") + 1
    set_cell(ledger_copy / "rectification.csv", done, "完成日期", "")
    with pytest.raises(LedgerError) as caught:
        load_all(ledger_copy)
    assert caught.value.problems == [
        f"{p}" for p in caught.value.problems if f"rectification.csv:{done}: 完成日期:" in p
    ]
    assert len(caught.value.problems) == 1


def test_blank_lines_are_not_records_but_decimals_are_refused(ledger_copy: Path):
    rows, encoding = read_csv(ledger_copy / "supervision.csv")
    write_csv(ledger_copy / "supervision.csv", rows + [[""] * len(rows[0])], encoding)
    assert len(load_all(ledger_copy)["supervision"]) == len(rows) - 1
    set_cell(ledger_copy / "supervision.csv", 2, "发现问题", "2.5")
    with pytest.raises(LedgerError) as caught:
        load_all(ledger_copy)
    assert any("supervision.csv:2: 发现问题:" in p for p in caught.value.problems)
