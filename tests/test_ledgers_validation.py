"""Bad ledgers stop the build with file, row and column, and leave the published site as it was."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from handbook.ledgers import LedgerError, load_all
from tests.ledger_fixtures import (  # noqa: F401
    ROOT,
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


@pytest.mark.slow
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


# --- one message per root cause, and what strict reading refuses ---------------------------


def _problems(folder: Path) -> list[str]:
    with pytest.raises(LedgerError) as caught:
        load_all(folder)
    return caught.value.problems


def test_truncated_row_is_reported_as_truncation_not_as_blank_cells(ledger_copy: Path):
    rows, encoding = read_csv(ledger_copy / "talks.csv")
    rows[5] = rows[5][:3]
    write_csv(ledger_copy / "talks.csv", rows, encoding)
    problems = _problems(ledger_copy)
    assert len(problems) == 1 and "talks.csv:6: 谈话对象: " in problems[0]
    assert "截断" in problems[0] and "truncated" in problems[0] and "required" not in problems[0]


def test_bad_branch_id_is_reported_once_and_its_references_summarised(ledger_copy: Path):
    rows, _ = read_csv(ledger_copy / "branches.csv")
    old = rows[3][0]
    set_cell(ledger_copy / "branches.csv", 4, "编号", old.replace("0", ""))  # B03 -> B3
    problems = _problems(ledger_copy)
    assert len(problems) == 2, problems
    assert "branches.csv:4: 编号:" in problems[0]
    assert f"未知的编号“{old}”" in problems[1] and "另外还有" in problems[1]
    counted = int(re.search(r"另外还有 (\d+) 行", problems[1]).group(1))
    assert counted > 50  # every row of every ledger naming that branch, in one line


def test_unknown_id_in_several_rows_is_one_line_with_the_count(ledger_copy: Path):
    rows, _ = read_csv(ledger_copy / "supervision.csv")
    at = rows[0].index("党支部")
    targets = [i + 1 for i, r in enumerate(rows) if i and r[at] == rows[1][at]]
    for row in targets:
        set_cell(ledger_copy / "supervision.csv", row, "党支部", "B99")
    problems = _problems(ledger_copy)
    assert problems == [
        f"{problems[0].split(':')[0]}:{targets[0]}: 党支部: 未知的编号“B99”，党支部台账中没有"
        + (
            f"；另外还有 {len(targets) - 1} 行引用了它（supervision.csv {len(targets) - 1} 行）"
            if len(targets) > 1
            else ""
        )
        + " (unknown id)"
    ]


def test_quoted_cell_holding_whole_records_is_refused(ledger_copy: Path):
    path = ledger_copy / "warnings.csv"
    rows, encoding = read_csv(path)
    # A quote opened at row 5 and closed at row 8: rows 6 and 7 became part of one cell.
    merged = rows[4][:-1] + ["\r\n".join([rows[4][-1], *(",".join(r) for r in rows[5:7])])]
    write_csv(path, [*rows[:4], merged, *rows[7:]], encoding)
    problems = _problems(ledger_copy)
    assert len(problems) == 1 and "warnings.csv:5: " in problems[0]
    assert "a cell swallowed whole records" in problems[0]


def test_line_breaks_inside_a_quoted_cell_are_kept(ledger_copy: Path):
    path = ledger_copy / "warnings.csv"
    rows, encoding = read_csv(path)
    rows[3][rows[0].index("主题")] += "\n（第二部分）"
    write_csv(path, rows, encoding)
    frame = load_all(ledger_copy)["warnings"]
    assert len(frame) == len(rows) - 1
    assert frame.loc[4, "主题"].endswith("\n（第二部分）")


def test_nul_byte_names_row_and_column(ledger_copy: Path):
    path = ledger_copy / "supervision.csv"
    rows, encoding = read_csv(path)
    rows[6][rows[0].index("方式")] = "明\x00察"
    write_csv(path, rows, encoding)
    problems = _problems(ledger_copy)
    assert len(problems) == 1 and "supervision.csv:7: 方式:" in problems[0]
    assert "NUL" in problems[0]


@pytest.mark.parametrize("encoding", ["big5", "utf-32"])
def test_other_encodings_ask_for_csv_utf8(ledger_copy: Path, encoding: str):
    path = ledger_copy / "warnings.csv"
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(text.encode(encoding, errors="replace"))  # as a Big5 (繁体) system saves it
    problems = _problems(ledger_copy)
    assert len(problems) == 1, problems
    assert "warnings.csv:1: " in problems[0] and "CSV UTF-8" in problems[0]


def test_excel_error_cell_is_not_read_as_a_blank(ledger_copy: Path):
    book = load_workbook(ledger_copy / "study.xlsx")
    sheet = book.active
    column = [c.value for c in sheet[1]].index("数量") + 1
    sheet.cell(row=7, column=column, value="#DIV/0!")
    book.save(ledger_copy / "study.xlsx")
    problems = _problems(ledger_copy)
    assert len(problems) == 1 and "study.xlsx:7: 数量:" in problems[0]
    assert "#DIV/0!" in problems[0]


def test_every_message_of_a_hostile_header_is_one_parsable_line(ledger_copy: Path):
    rows, encoding = read_csv(ledger_copy / "talks.csv")
    rows[0][1] = "类别:\n备注"
    write_csv(ledger_copy / "talks.csv", rows, encoding)
    for problem in _problems(ledger_copy):
        assert "\n" not in problem
        assert re.match(r"^[^:]+:\d+: [^:]+: .+$", problem), problem


# The start of each reading and header message, as the Chinese guide quotes it.
ZH_MESSAGES = (
    "引号没有配对",
    "引号用法不对",
    "这一格里有换行",
    "单元格里有空字符",
    "两种读法得到的内容不同",
    "无法识别的字符",
    "文件是 UTF-32 编码",
    "这是 Excel 工作簿（.xlsx），不是 CSV",
    "不能读取 ",
    "是标题（“",
    "表头里没有一个认识的列名",
    "这一行只有 ",
    "有数据但没有列名",
    "只有表头，没有数据行",
    "另外还有 ",
    "格式不对",
    "数字太大",
    "未知的台账文件",
    "不是可读取的 Excel 文件",
)


def test_every_ledger_message_is_explained_in_the_guide():
    code = (ROOT / "scripts" / "handbook" / "ledgers" / "__init__.py").read_text(encoding="utf-8")
    tags = set(re.findall(r' \(([a-z][a-zA-Z .,/{}]*)\)"', code))
    assert {"unterminated quote", "row is truncated", "unknown id", "title rows skipped"} <= tags
    english = (ROOT / "docs" / "about" / "maintenance.en.md").read_text(encoding="utf-8")
    for tag in tags:
        assert f"({re.sub(r'{[^}]*}', '…', tag)})" in english, tag
    chinese = (ROOT / "docs" / "about" / "maintenance.md").read_text(encoding="utf-8")
    for words in ZH_MESSAGES:
        assert words.strip() in code, words
        assert words.strip().replace("（“", "").replace(" ", "") in chinese.replace(" ", ""), words
