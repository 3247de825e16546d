"""The dues (rule 08) and recruitment (rule 07) ledgers: checks, findings, pages, privacy."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from handbook import dues_pages, private_report
from handbook.config import load_settings
from handbook.ledgers import LedgerError, load_all, read_table
from handbook.ledgers import dues as d
from handbook.ledgers import recruitment as r
from handbook.ledgers.sample import PLANTED
from handbook.ledgers.schemas import PRIVATE_SPECS, SPECS
from handbook.summaries import Period, figures
from tests.conftest import DATA, MKDOCS_YML, PRIVATE_SAMPLE
from tests.ledger_fixtures import SAMPLE
from tests.printing_fixtures import printed  # noqa: F401

DUES_HEAD = ["月份", "党员编号", "姓名", "党支部", "类别", "计算基数", "应交金额", "实交金额"]
DUES_HEAD += ["交纳日期", "备注"]
REC_HEAD = list(SPECS["recruitment"].model.to_schema().columns)
SAMPLE_END = dt.date(2023, 6, 30)


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def dues_rows(*rows: tuple[str, str, str, str]) -> list[list[object]]:
    """Dues rows from (kind, base, due, paid); members DY9xx of B01, month 2023-01."""
    out: list[list[object]] = [DUES_HEAD]
    for n, (kind, base, due, paid) in enumerate(rows):
        day = "2023-01-10" if paid else ""
        out.append(["2023-01", f"DY9{n:02d}", "测试", "B01", kind, base, due, paid, day, ""])
    return out


def check_dues(tmp_path: Path, *rows: tuple[str, str, str, str]) -> list[str]:
    path = write_csv(tmp_path / "dues.csv", dues_rows(*rows))
    frame, problems, _ = read_table(SPECS["dues"], path)
    assert problems == []
    return d.problems(frame, "dues.csv")


# --- the due amount against rule 08, at every band boundary -----------------------------------

# (kind, base, due) computed by hand: base × rate of rule 08 art. 6/7, to the fen, half up.
HAND_COMPUTED = [
    ("在职", "0.00", "0.00"),
    ("在职", "2999.99", "15.00"),  # 0.5%: 14.99995 -> 15.00
    ("在职", "3000.00", "15.00"),  # 3000 itself is in the lowest band
    ("在职", "3000.01", "30.00"),  # 1%: 30.0001
    ("在职", "3333.33", "33.33"),
    ("在职", "5000.00", "50.00"),
    ("在职", "5000.01", "75.00"),  # 1.5%: 75.00015
    ("在职", "7777.77", "116.67"),  # 116.66655 -> 116.67
    ("在职", "10000.00", "150.00"),
    ("在职", "10000.01", "200.00"),  # 2%: 200.0002
    ("在职", "23456.78", "469.14"),  # 469.1356
    ("离退休", "4321.09", "21.61"),  # 0.5%: 21.60545
    ("离退休", "5000.00", "25.00"),
    ("离退休", "5000.01", "50.00"),  # 1%: 50.0001
    ("离退休", "8000.00", "80.00"),
]


@pytest.mark.parametrize(("kind", "base", "due"), HAND_COMPUTED)
def test_due_amount_matches_the_band_and_rate_of_rule_08(tmp_path, kind, base, due):
    assert d.standard(kind, d.fen(float(base))).due_fen == d.fen(float(due))
    assert check_dues(tmp_path, (kind, base, due, due)) == []


@pytest.mark.parametrize(("kind", "base", "due"), HAND_COMPUTED[1:])
def test_a_due_amount_one_fen_off_stops_the_build_naming_row_column_and_article(
    tmp_path, kind, base, due
):
    wrong = d.yuan(d.fen(float(due)) + 1)
    problems = check_dues(tmp_path, (kind, base, due, due), (kind, base, wrong, wrong))
    assert len(problems) == 1
    assert problems[0].startswith("dues.csv:3: 应交金额: ")
    assert f"应交 {due} 元" in problems[0]
    assert ("第六条" if kind == "在职" else "第七条") in problems[0]


def test_the_lower_rate_applied_above_a_boundary_is_reported_with_the_band(tmp_path):
    # 5000.01 is in the 1.5% band: 1% of it (50.00) is the mistake of using the band below.
    [problem] = check_dues(tmp_path, ("在职", "5000.01", "50.00", "50.00"))
    assert "超过5000元至10000元（含）" in problem and "1.5%" in problem


def test_members_on_relief_pay_twenty_fen_or_nothing(tmp_path):
    ok = check_dues(tmp_path, ("困难党员", "", "0.20", "0.20"), ("困难党员", "", "0", ""))
    assert ok == []
    [problem] = check_dues(tmp_path, ("困难党员", "", "0.50", "0.50"))
    assert problem.startswith("dues.csv:2: 应交金额:") and "第七条" in problem


# --- malformed rows: file, row, column, reason ------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("应交金额", "12.345", "两位小数"),
        ("应交金额", "十五元", "应为金额"),
        ("计算基数", "-3000", "应为金额"),
        ("月份", "2023-13", "月份无法识别"),
        ("交纳日期", "2023-02-30", "日期无法识别"),
        ("类别", "退休", "不在允许的取值中"),
    ],
)
def test_a_malformed_cell_is_reported_with_file_row_column_and_reason(
    tmp_path, column, value, reason
):
    rows = dues_rows(("在职", "3000.00", "15.00", "15.00"), ("在职", "3000.00", "15.00", "15.00"))
    rows[2][DUES_HEAD.index(column)] = value
    path = write_csv(tmp_path / "dues.csv", rows)
    _, problems, _ = read_table(SPECS["dues"], path)
    assert len(problems) == 1, problems
    assert re.match(rf"^.*dues\.csv:3: {column}: .*{reason}", problems[0]), problems[0]


def test_rows_that_contradict_themselves_are_errors(tmp_path):
    rows = dues_rows(("在职", "", "15.00", "15.00"), ("在职", "3000.00", "15.00", "15.00"))
    rows[2][DUES_HEAD.index("交纳日期")] = ""  # paid, but no date
    rows.append(list(rows[2]))  # the same member and month twice
    rows[3][DUES_HEAD.index("交纳日期")] = "2023-01-12"
    path = write_csv(tmp_path / "dues.csv", rows)
    _, problems, _ = read_table(SPECS["dues"], path)
    assert sorted(p.split(": ")[0].rsplit(":", 1)[1] + p.split(": ")[1] for p in problems) == [
        "2计算基数",
        "3交纳日期",
        "4月份",
    ]


def test_month_written_the_excel_ways_is_one_month(tmp_path):
    rows = dues_rows(*[("在职", "3000.00", "15.00", "15.00")] * 4)
    for row, month in zip(rows[1:], ["2023-01", "2023/2", "2023年3月", "2023-04-01"], strict=True):
        row[0] = month
    frame, problems, _ = read_table(SPECS["dues"], write_csv(tmp_path / "dues.csv", rows))
    assert problems == []
    assert list(frame["月份"]) == ["2023-01", "2023-02", "2023-03", "2023-04"]


def test_a_broken_dues_ledger_stops_loading_with_its_message(tmp_path):
    folder = tmp_path / "ledgers"
    shutil.copytree(PRIVATE_SAMPLE, folder)
    lines = (folder / "dues.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[5].split(",")
    cells[6] = d.yuan(d.fen(float(cells[6])) + 100)
    lines[5] = ",".join(cells)
    (folder / "dues.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    with pytest.raises(LedgerError) as caught:
        load_all(SAMPLE, private=folder)
    assert any(
        p.startswith("data/ledgers/dues.csv:6: 应交金额:") or ":6: 应交金额:" in p
        for p in caught.value.problems
    ), caught.value.problems


# --- Excel and CSV --------------------------------------------------------------------------


def test_dues_read_from_a_real_excel_file_equal_the_csv(tmp_path):
    csv_frame, problems, _ = read_table(SPECS["dues"], PRIVATE_SAMPLE / "dues.csv")
    assert problems == []
    book = Workbook()
    sheet = book.active
    sheet.append(DUES_HEAD)
    with (PRIVATE_SAMPLE / "dues.csv").open(encoding="utf-8-sig") as handle:
        for row in list(csv.reader(handle))[1:300]:
            cells: list[object] = list(row)
            for i in (5, 6, 7):  # amounts as numbers, as people type them
                cells[i] = float(row[i]) * 1.0000000000000002 if row[i] else None
            cells[8] = dt.date.fromisoformat(row[8]) if row[8] else None
            if row[0].endswith("-04"):
                cells[0] = dt.date.fromisoformat(row[0] + "-01")  # Excel made it a date
            sheet.append(cells)
    path = tmp_path / "dues.xlsx"
    book.save(path)
    frame, problems, _ = read_table(SPECS["dues"], path)
    assert problems == []
    expected = csv_frame.iloc[: len(frame)]
    assert frame.reset_index(drop=True).equals(expected.reset_index(drop=True))


def test_recruitment_read_from_csv_equals_the_committed_excel_file(tmp_path):
    xlsx_frame, problems, _ = read_table(SPECS["recruitment"], PRIVATE_SAMPLE / "recruitment.xlsx")
    assert problems == [] and len(xlsx_frame) >= 20
    rows = [REC_HEAD]
    for _, e in xlsx_frame.iterrows():
        rows.append(["" if _blank(v) else _text(v) for v in e])
    frame, problems, _ = read_table(SPECS["recruitment"], write_csv(tmp_path / "r.csv", rows))
    assert problems == []
    assert frame.equals(xlsx_frame)


def _blank(value: object) -> bool:
    return bool(pd.isna(value))


def _text(value: object) -> str:
    return value.date().isoformat() if hasattr(value, "date") else str(value)


# --- recruitment: each check fires on a planted violation and not on a compliant row ----------

COMPLIANT = {
    "编号": "FZ-OK",
    "姓名": "测试",
    "党支部": "B01",
    "申请日期": "2021-01-11",
    "谈话日期": "2021-02-11",  # one month to the day: still within
    "积极分子日期": "2021-05-10",
    "发展对象日期": "2022-05-10",  # one year to the day
    "政审日期": "2022-06-20",
    "培训开始日期": "2022-06-06",
    "培训结束日期": "2022-06-08",  # three days
    "培训学时": "",
    "公示日期": "2022-06-27",
    "支部大会日期": "2022-07-12",
    "审批日期": "2022-10-12",  # three months to the day
    "延长预备期月数": "",
    "转正日期": "2023-07-12",
    "备注": "",
}
VIOLATIONS = {
    "talk": {"谈话日期": "2021-02-12"},
    "activist": {"发展对象日期": "2022-05-09"},
    "course": {"培训结束日期": "2022-06-07", "培训学时": "23"},
    "approval": {"审批日期": "2022-10-13"},
    "probation": {"转正日期": "2023-06-12"},
}


def recruitment_frame(tmp_path: Path, *changes: dict) -> tuple[object, list[str]]:
    rows = [REC_HEAD]
    for n, change in enumerate(changes):
        row = {**COMPLIANT, "编号": f"FZ-{n}", **change}
        rows.append([row[c] for c in REC_HEAD])
    frame, problems, _ = read_table(SPECS["recruitment"], write_csv(tmp_path / "r.csv", rows))
    assert problems == []
    return frame, r.problems(frame, "r.csv")


def test_a_compliant_applicant_trips_no_check(tmp_path):
    frame, problems = recruitment_frame(tmp_path, {})
    assert problems == [] and r.findings(frame) == []


@pytest.mark.parametrize("check", sorted(VIOLATIONS))
def test_each_time_limit_of_rule_07_fires_on_its_violation_only(tmp_path, check):
    frame, problems = recruitment_frame(tmp_path, {}, VIOLATIONS[check])
    assert problems == []
    found = r.findings(frame)
    assert [(f.id, f.check) for f in found] == [("FZ-1", check)]
    assert r.CHECKS[check][0].startswith("第")


def test_short_course_with_enough_hours_is_compliant(tmp_path):
    frame, _ = recruitment_frame(tmp_path, {"培训结束日期": "2022-06-07", "培训学时": "24"})
    assert r.findings(frame) == []


@pytest.mark.parametrize(
    ("months", "full", "flagged"),
    [
        (6, "2024-01-12", False),
        (12, "2024-07-12", False),
        (5, "2023-12-12", True),
        (13, "2024-08-12", True),
    ],
)
def test_probation_extension_must_be_half_a_year_to_a_year(tmp_path, months, full, flagged):
    frame, _ = recruitment_frame(tmp_path, {"延长预备期月数": str(months), "转正日期": full})
    assert [f.check for f in r.findings(frame)] == (["probation"] if flagged else [])


def test_a_step_dated_before_the_one_it_follows_is_an_error(tmp_path):
    _, problems = recruitment_frame(tmp_path, {"审批日期": "2022-07-11"})
    assert problems == [
        "r.csv:2: 审批日期: 2022-07-11 早于支部大会日期 2022-07-12：发展党员的步骤要按顺序进行，"
        "请核对日期（制度07） (steps out of order)"
    ]


def test_a_stage_reached_without_the_one_before_is_an_error(tmp_path):
    _, problems = recruitment_frame(tmp_path, {"积极分子日期": ""})
    assert problems and all(p.startswith("r.csv:2: 积极分子日期:") for p in problems)


def test_steps_due_and_overdue_by_their_time_limits(tmp_path):
    later = [c for c in REC_HEAD[4:] if c != "备注"]
    frame, _ = recruitment_frame(tmp_path, dict.fromkeys(later, ""))
    steps = r.next_steps(frame, dt.date(2021, 2, 11))
    assert [(s.step, s.due) for s in steps] == [("talk", dt.date(2021, 2, 11))]
    assert r.due_soon(steps, dt.date(2021, 2, 11)) == steps
    assert r.overdue(steps, dt.date(2021, 2, 12)) == steps
    assert r.overdue(steps, dt.date(2021, 2, 11)) == []
    # the un-approved admission (meeting 2022-07-12) is due three months on (art. 17)
    frame2, _ = recruitment_frame(tmp_path, {"审批日期": "", "转正日期": ""})
    steps = r.next_steps(frame2, dt.date(2022, 10, 1))
    assert [(s.step, s.due) for s in steps] == [("approval", dt.date(2022, 10, 12))]
    assert r.due_soon(steps, dt.date(2022, 10, 1)) == steps


# --- the committed sample trips exactly what PLANTED says ------------------------------------


@pytest.fixture(scope="module")
def sample():
    return load_all(SAMPLE, private=PRIVATE_SAMPLE)


def test_sample_recruitment_findings_are_the_planted_ones(sample):
    found = r.findings(sample["recruitment"])
    planted = PLANTED["recruitment"]
    for check in r.CHECKS:
        assert sorted(f.id for f in found if f.check == check) == planted[check], check
    steps = r.next_steps(sample["recruitment"], SAMPLE_END)
    assert [(s.id, s.step) for s in r.overdue(steps, SAMPLE_END)] == sorted(
        planted["overdue"], key=lambda x: next(s.due for s in steps if s.id == x[0])
    )
    assert sorted((s.id, s.step) for s in r.due_soon(steps, SAMPLE_END)) == sorted(
        planted["due_soon"]
    )


def test_sample_dues_arrears_and_large_payments_are_the_planted_ones(sample):
    planted = PLANTED["dues"]
    view = d.overview(sample["dues"], Period(2023, 1).months, SAMPLE_END)
    assert {b: n for b, n in view.lapsed.items() if n} == planted["lapsed"]
    assert {b: n for b, n in view.behind.items() if n} == planted["behind"]
    assessed = d.assessed(sample["dues"], SAMPLE_END)
    large = assessed[assessed["large"]]
    assert sorted(zip(large["党支部"], large["月份"], strict=True)) == planted["large"]
    branch, months = planted["late"]
    before = d.overview(sample["dues"], [months[-1]], dt.date(2022, 11, 30))
    assert before.behind[branch] == 1  # three months unpaid on 30 November 2022
    after = d.overview(sample["dues"], Period(2022, 2).months, dt.date(2022, 12, 31))
    assert after.behind[branch] == 0  # paid in December, within six months (art. 11)


def test_sample_names_members_of_the_roster_in_their_branches(sample):
    from handbook.ledgers import load_roster

    roster = load_roster(DATA / "sample" / "members.csv", DATA / "ledgers")
    who = {
        (m, n, b) for m, n, b in zip(roster["编号"], roster["姓名"], roster["党支部"], strict=True)
    }
    dues = sample["dues"]
    assert set(zip(dues["党员编号"], dues["姓名"], dues["党支部"], strict=True)) <= who
    names = {(n, b) for _, n, b in who}
    rec = sample["recruitment"]
    admitted = rec[rec["支部大会日期"].notna()]
    assert set(zip(admitted["姓名"], admitted["党支部"], strict=True)) <= names
    waiting = rec[rec["支部大会日期"].isna()]
    assert not set(waiting["姓名"]) & {n for n, _ in names}
    # a member admitted in the sample pays dues from the month of the admission meeting (art. 8)
    for _, e in admitted.iterrows():
        member = next(m for m, n, b in who if n == e["姓名"] and b == e["党支部"])
        first = dues[dues["党员编号"] == member]["月份"].min()
        assert first == max("2022-01", e["支部大会日期"].strftime("%Y-%m"))


def test_report_figures_include_the_collection_rate_and_recruitment_counts(sample):
    f = figures(sample, Period(2023, 1))
    assert 950 <= f["dues:rate_permille"] < 1000
    assert f["dues:lapsed_6"] == 1 and f["dues:behind_3"] == 2
    assert f["recruit:admitted"] == 3 and f["recruit:overdue"] == 2


# --- pages: aggregates, as-of day ---------------------------------------------------------------


def _pages(sample, lang: str, as_of: dt.date) -> dict[str, str]:
    branches = sample["branches"]
    names = dict(zip(branches["编号"], branches["名称"], strict=True))
    titles = {
        "06": {"zh": "党员教育管理制度", "en": "R06"},
        "07": {"zh": "发展党员工作制度", "en": "R07"},
        "08": {"zh": "党费收缴、使用和管理制度", "en": "R08"},
    }
    return dues_pages.generate(sample, lang, load_settings(MKDOCS_YML), as_of, titles, names)


def test_as_of_day_is_the_period_end_unless_the_environment_says_otherwise():
    settings = load_settings(MKDOCS_YML)
    assert dues_pages.as_of_day(settings, {}) == Period.parse(settings.current_period).end
    assert dues_pages.as_of_day(settings, {"HANDBOOK_AS_OF": "2022-11-30"}) == dt.date(2022, 11, 30)


def test_dues_page_counts_the_lapse_with_its_articles(sample):
    page = _pages(sample, "zh", SAMPLE_END)["ledgers/dues.md"]
    row = next(
        ln for ln in page.splitlines() if ln.startswith("| 监督检查党支部 |") and "%" not in ln
    )
    assert row.split(" | ")[1:4] == ["1", "1", "1"]
    assert "(../rules/08.md#第十一条)" in page and "(../rules/06.md#第十八条)" in page


def test_pages_move_with_the_as_of_day(sample):
    page = _pages(sample, "en", dt.date(2022, 11, 30))["ledgers/dues.md"]
    row = next(
        ln for ln in page.splitlines() if ln.startswith("| 业务管理第一党支部 |") and "%" not in ln
    )
    assert row.split(" | ")[2] == "1"  # three months unpaid in a row, as of that day
    assert "(../rules/08.md#article-11)" in page


def test_pages_show_no_name_or_amount_of_any_member(sample):
    names, amounts = ledger_secrets(sample)
    for lang in ("zh", "en"):
        for text in _pages(sample, lang, SAMPLE_END).values():
            assert leaked(text, names, amounts) == []


# A number with two decimals standing on its own: not part of an SVG path (L19.12, 2.51.03).
_AMOUNT = re.compile(r"(?<![A-Za-z0-9.,\-])\d[\d,]*\.\d\d(?![\d.])")


def ledger_secrets(ledgers) -> tuple[set[str], set[str]]:
    """Every name, and every income and per-member amount (as text), of the private ledgers."""
    dues, rec = ledgers["dues"], ledgers["recruitment"]
    names = set(dues["姓名"]) | set(rec["姓名"])
    amounts = set()
    for column in ("计算基数", "应交金额", "实交金额"):
        for value in dues[column].dropna():
            if value >= 10:  # 0.20 or 5.00 alone cannot be told apart from other figures
                amounts |= {f"{value:.2f}", f"{value:,.2f}"}
    return names, amounts


def leaked(text: str, names: set[str], amounts: set[str]) -> list[str]:
    """The names and amounts that appear in `text`."""
    return sorted({n for n in names if n in text} | (set(_AMOUNT.findall(text)) & amounts))


def test_private_report_lists_people_and_goes_only_where_it_is_told(sample, tmp_path):
    branches = sample["branches"]
    names = dict(zip(branches["编号"], branches["名称"], strict=True))
    written = private_report.write(
        sample, load_settings(MKDOCS_YML), SAMPLE_END, tmp_path / "private", names, pdf=False
    )
    assert [p.name for p in written] == ["dues-recruitment.html"]
    html = written[0].read_text(encoding="utf-8")
    lapsed = next(a for a in d.member_arrears(sample["dues"], SAMPLE_END) if a.run >= 6)
    assert lapsed.name in html and "制度08第十一条" in html
    for step_id, _ in PLANTED["recruitment"]["overdue"]:
        assert step_id in html
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == written


# --- the built site: strict scan of every file ----------------------------------------------


def test_no_name_income_or_amount_from_the_private_ledgers_anywhere_in_the_site(site_dir, sample):
    names, amounts = ledger_secrets(sample)
    assert len(names) > 200 and len(amounts) > 500
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    assert any(p.name == "search_index.json" for p in files)
    leaks = []
    for path in files:
        text = path.read_bytes().decode("utf-8", "ignore")
        leaks += [(str(path.relative_to(site_dir)), s) for s in leaked(text, names, amounts)]
    assert leaks == []
    assert (site_dir / "ledgers" / "dues.html").is_file()
    assert not list(site_dir.rglob("dues-recruitment*"))


def test_the_scan_finds_what_the_private_report_holds(sample, tmp_path):
    # The scanner itself must be able to fail: the private report is full of hits.
    branches = sample["branches"]
    names = dict(zip(branches["编号"], branches["名称"], strict=True))
    [page] = private_report.write(
        sample, load_settings(MKDOCS_YML), SAMPLE_END, tmp_path, names, False
    )
    secret_names, amounts = ledger_secrets(sample)
    hits = leaked(page.read_text(encoding="utf-8"), secret_names, amounts)
    assert any(h in secret_names for h in hits) and any(h in amounts for h in hits)


def test_columns_page_documents_both_private_ledgers(site_dir):
    page = (site_dir / "ledgers" / "columns.html").read_text(encoding="utf-8")
    for text in ("党费收缴台账", "发展党员台账", "应交金额", "金额（元）", "延长预备期月数"):
        assert text in page, text


def test_the_guide_explains_both_ledgers_and_where_the_private_report_is():
    root = Path(__file__).resolve().parent.parent / "docs" / "about"
    for name in ("maintenance.md", "maintenance.en.md"):
        guide = (root / name).read_text(encoding="utf-8")
        for spec in PRIVATE_SPECS:
            assert f"`{spec.key}`" in guide, (name, spec.key)
        assert "dist/private/dues-recruitment.pdf" in guide and "HANDBOOK_AS_OF" in guide


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_private_report_pdf_holds_the_detail_the_site_must_not(sample, tmp_path):
    branches = sample["branches"]
    names = dict(zip(branches["编号"], branches["名称"], strict=True))
    written = private_report.write(sample, load_settings(MKDOCS_YML), SAMPLE_END, tmp_path, names)
    text = re.sub(r"\s+", "", _pdf_text(written[-1]))
    assert written[-1].name == "dues-recruitment.pdf"
    lapsed = next(a for a in d.member_arrears(sample["dues"], SAMPLE_END) if a.run >= 6)
    assert lapsed.name in text and d.yuan(lapsed.owed) in text
    assert "内部资料" in text
    for step_id, _ in PLANTED["recruitment"]["due_soon"]:
        assert step_id in text


def test_no_private_ledger_detail_in_the_downloads_either(printed):  # noqa: F811
    # The PDFs and Word files of the site (handbooks, rules, drafted reports) as text.
    names, amounts = ledger_secrets(load_all(SAMPLE, private=PRIVATE_SAMPLE))
    leaks = []
    for path in printed.site.rglob("*"):
        if path.suffix == ".pdf":
            text = _pdf_text(path)
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                text = "".join(
                    archive.read(n).decode("utf-8", "ignore") for n in archive.namelist()
                )
        else:
            continue
        leaks += [(path.name, s) for s in leaked(text, names, amounts)]
    assert leaks == []
    assert any(p.suffix == ".docx" for p in (printed.site / "downloads" / "reports").iterdir())


def test_time_limits_agree_with_the_obligations_register():
    # The register (data/obligations.yml) states each limit once; the checks must say the same.
    from handbook.content import load_obligations

    register = {ob.id: ob for ob in load_obligations(DATA / "obligations.yml")}
    talk, approval = register["applicant-talk"], register["applicant-approval"]
    assert (talk.limit.amount, talk.limit.unit) == (r.TALK_MONTHS, "个月")
    assert talk.article == f"{r.RULE}#{r.CHECKS['talk'][0]}"
    assert (approval.limit.amount, approval.limit.unit) == (r.APPROVAL_MONTHS, "个月")
    assert approval.article == f"{r.RULE}#{r.CHECKS['approval'][0]}"
    collection = register["dues-collection"]
    assert (collection.cadence, collection.day) == ("monthly", d.COLLECTION_DAY)
    assert collection.article == f"{d.RULE}#第十条"


def _bands(article_text: str) -> tuple:
    capped = re.findall(
        r"（含(\d+)元）的，?(?:交纳月工资收入的|交纳|按)(\d+(?:\.\d+)?)%", article_text
    )
    top = re.findall(r"超过(\d+)元的，?(?:交纳|按)(\d+(?:\.\d+)?)%", article_text)
    bands = [(int(limit) * 100, round(float(rate) * 10)) for limit, rate in capped]
    return (*bands, *((None, round(float(rate) * 10)) for _, rate in top))


def test_bands_and_rates_are_those_rule_08_states():
    text = (Path(__file__).resolve().parent.parent / "docs/rules/08.md").read_text("utf-8")
    articles = dict(re.findall(r"\*\*(第.+?条)\*\*\s*(.+?)(?=\n\*\*第|\n## |\Z)", text, re.S))
    assert _bands(articles["第六条"]) == d.IN_WORK
    assert _bands(articles["第七条"]) == d.RETIRED
    assert "0.2元" in articles["第七条"] and "1000元以上" in articles["第八条"]
    assert "15日前" in articles["第十条"] and "连续6个月" in articles["第十一条"]
    assert "分以下四舍五入" in articles["第九条"]


@pytest.mark.parametrize("day", [dt.date(2023, 6, 14), dt.date(2023, 6, 15), dt.date(2023, 1, 1)])
def test_a_month_is_assessed_once_its_collection_day_has_passed(sample, day):
    # Branches collect by the 15th (rule 08 art. 10): before it, the month cannot be in arrears.
    months = set(sample["dues"]["月份"])
    assert set(d.assessed(sample["dues"], day)["月份"]) == {
        m for m in months if d.collectible(m, day)
    }
    assert ("2023-06" in set(d.assessed(sample["dues"], day)["月份"])) == (day.day == 15)


def test_a_personal_ledger_in_the_shared_folder_is_refused(tmp_path):
    """Dues and recruitment hold personal data: outside data/private/ledgers/ (git-ignored)
    they would be committed with the other ledgers."""
    folder = tmp_path / "ledgers"
    shutil.copytree(SAMPLE, folder)
    shutil.copy2(PRIVATE_SAMPLE / "dues.csv", folder / "dues.csv")
    with pytest.raises(LedgerError) as caught:
        load_all(folder, private=PRIVATE_SAMPLE)
    assert any(
        "dues.csv:1: （文件）:" in p and "data/private/ledgers/" in p for p in caught.value.problems
    ), caught.value.problems


def test_the_project_reads_personal_ledgers_from_the_private_folder_when_there(tmp_path):
    from handbook.model import Project

    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    sample = Project.from_config_file(tmp_path / "mkdocs.yml")
    assert sample.private_ledgers == tmp_path / "data" / "sample" / "ledgers"
    (tmp_path / "data" / "private" / "ledgers").mkdir(parents=True)
    real = Project.from_config_file(tmp_path / "mkdocs.yml")
    assert real.private_ledgers == tmp_path / "data" / "private" / "ledgers"


def test_git_ignores_the_private_ledger_folder():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "data/private/ledgers/dues.csv"], cwd=DATA.parent
    )
    assert ignored.returncode == 0
