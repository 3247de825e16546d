"""The drafted half-year reports state the seeds' figures; cell text is escaped in every page.

The expected figures are the seeds' (SPEC §5, /work/shared/seeds), never output of the code under
test: a report that stops computing one of them from the ledgers fails here.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import yaml

from handbook import ledgers_pages
from handbook.config import load_settings
from handbook.ledgers import load_all
from tests.conftest import DATA, LEDGERS, MKDOCS_YML, load_model
from tests.ledger_fixtures import (  # noqa: F401
    ledger_copy_fixture,
    ledger_site_fixture,
    read_csv,
    set_cell,
    write_csv,
)

# (words of the clause, figure; None: the words alone) for 2023 H1, seed 000 ...
SEED_2023H1 = [
    ("党支部书记", "8"),
    ("活动室", "9"),
    ("集中学习", "70余"),
    ("联合主题党日", "14"),
    ("轮值主题党课", "20"),
    ("体验式教学", "5"),
    ("学习研讨", "12"),
    ("学习心得", "120余"),
    ("学习强国", "9"),
    ("学习情况检查", "3"),
    ("知识测验", "12"),
    ("党组会议", "6"),
    ("提示函", "4"),
    ("制度", "20"),
    ("干部职工", "300"),
    ("风险点", "500多"),
    ("防控措施", "800余"),
    ("督查党支部", "8"),
    ("发现问题", "20"),
    ("已整改", "18"),
    ("班子成员谈心谈话", "10"),
    ("集体任前廉政谈话", "3"),
    ("约谈", "5"),
    ("对照检查材料", "20"),
    ("警示教育", "28"),
    ("参加", "501人"),
    ("以案示警", "5"),
    ("任前廉政考试", "20"),
    # the seed facts issue 12 found missing
    ("党建工作制度", "30"),
    ("党员人手一册", None),
    ("岗位", "5"),
    ("具体职责", "67"),
    ("全面从严治党工作", "2月"),
    ("每年专题研究意识形态工作", "4"),
    ("意识形态工作队伍", "20"),
    ("党务干部", "20余"),
    ("35岁以下", "30%"),
    ("党的二十大精神", None),
]
# ... and for 2022 H1, seed 003.
SEED_2022H1 = [
    ("中心组集中学习", "7"),
    ("夜校学习", "20"),
    ("文件通知", "245"),
    ("报告", "42"),
    ("讲话", "8"),
    ("拟制通知", "19"),
    ("方案", "11"),
    ("志愿者", "18"),
    ("天", "3"),
    ("人次", "18900"),
    ("电话回访", "18900"),
    ("网络传播平台", "7"),
    ("学校意识形态阵地", "4"),
    ("先进典型", "3"),
    ("个党小组", "3"),
    ("很难经常性开展组织生活", None),
]
CODE = re.compile(r"B\d\d|XC\d{4}")


def _article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index("<article") : text.index("</article>")]


def _prose(page: Path) -> str:
    """A report page's own text: without the draft note and the download link."""
    body = _article(page)
    body = re.sub(r'<div class="admonition.*?</div>', " ", body, flags=re.S)
    body = re.sub(r'<p class="hb-download">.*?</p>', " ", body, flags=re.S)
    body = re.sub(r'<a class="headerlink".*?</a>', "", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def _clauses(page: Path) -> list[str]:
    """The article text of a built page, split into clauses at Chinese punctuation."""
    return [c for c in re.split(r"[，。；、\n（）]", _prose(page)) if c.strip()]


def _states(clauses: list[str], words: str, figure: str | None) -> bool:
    if figure is None:
        return any(words in c for c in clauses)
    number = re.compile(rf"(?<![\d.]){re.escape(figure)}(?![\d.])")
    return any(words in c and number.search(c) for c in clauses)


def _report(site: Path, period: str, lang: str = "zh") -> Path:
    return site / ("" if lang == "zh" else "en") / "ledgers" / "reports" / f"{period}.html"


@pytest.mark.parametrize(("period", "expected"), [("2023H1", SEED_2023H1), ("2022H1", SEED_2022H1)])
def test_report_states_the_seed_figures(ledger_site: Path, period: str, expected):
    clauses = _clauses(_report(ledger_site, period))
    missing = [(w, f) for w, f in expected if not _states(clauses, w, f)]
    assert missing == []


def test_warning_education_counts_people_and_volunteers_say_what_they_did(ledger_site: Path):
    assert "501人次" not in _prose(_report(ledger_site, "2023H1"))
    clauses = _clauses(_report(ledger_site, "2022H1"))
    assert any("电话回访" in c and "18900人次" in c for c in clauses)


def test_report_prose_has_no_codes_and_no_space_after_a_full_stop(ledger_site: Path):
    pages = sorted((ledger_site / "ledgers" / "reports").glob("*.html"))
    pages += sorted((ledger_site / "en" / "ledgers" / "reports").glob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        prose = _prose(page)
        assert CODE.findall(prose) == [], page
        paragraphs = re.findall(r"<p>(.*?)</p>", _article(page), flags=re.S)
        spaced = [p for p in paragraphs if re.search(r"。\s", html.unescape(p))]
        assert spaced == [], page


def test_report_has_the_template_structure(ledger_site: Path):
    text = _prose(_report(ledger_site, "2023H1"))
    headings = (
        "一、主要工作情况",
        "（一）党建责任落实",
        "（二）政治理论学习",
        "（三）党建制度建设",
        "（四）组织建设",
        "（五）作风建设",
        "二、存在的主要问题",
        "三、下半年工作计划",
    )
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    plan = text[text.index("三、下半年工作计划") :]
    items = re.findall(r"[一二三四五六]是抓.*?（牵头单位：(.+?)；完成时限：(.+?)）", plan)
    assert len(items) == 5 and all(unit and "底前" in when for unit, when in items)
    # 落款: the issuing unit from mkdocs.yml extra.org and the date, right-aligned, at the end.
    org = load_settings(MKDOCS_YML).org_name
    article = _article(_report(ledger_site, "2023H1"))
    tail = re.findall(r'<p class="hb-signoff"[^>]*>(.*?)</p>', article)
    assert tail == [f"中共{org}党组", "2023年6月30日"]
    english = _prose(_report(ledger_site, "2023H1", "en"))
    assert "Main problems" in english and "主要工作情况" not in english
    assert english.rstrip().endswith("30 June 2023")


def test_plan_promises_no_meeting_the_ledgers_show_as_held(ledger_site: Path):
    data = load_all(LEDGERS)
    org = data["org_life"]
    held = org[(org["类别"] == "组织生活会") & (org["日期"] >= "2023-03-01")]
    plan = _prose(_report(ledger_site, "2023H1")).split("三、下半年工作计划")[1]
    names = dict(zip(data["branches"]["编号"], data["branches"]["名称"], strict=True))
    for branch in held["党支部"].unique():
        assert f"督促{names[branch]}" not in plan and f"、{names[branch]}在7月底前" not in plan


def _table(page: Path) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", _article(page), flags=re.S)
    cells = [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", r)] for r in rows]
    return [row for row in cells if row]  # the header row has <th> cells


def test_life_meeting_counts_agree_between_report_and_compliance_page(ledger_site: Path):
    rows = _table(ledger_site / "ledgers" / "compliance" / "life-meetings.html")
    for period, label in (("2022H1", "2022年上半年"), ("2022H2", "2022年下半年")):
        held = sum(1 for r in rows if r[1] == label and r[3] == "已召开")
        text = _prose(_report(ledger_site, period))
        assert f"{held}个党支部召开了{label}组织生活会" in text


def _independent_lapses(months: list[str]) -> int:
    """主题党日 lapses counted straight from the ledger, by the rule, for the given months."""
    data = load_all(LEDGERS)
    org = data["org_life"]
    days = org[org["类别"] == "主题党日"]
    lapses = 0
    for branch in data["branches"]["编号"]:
        for month in months:
            year, mon = map(int, month.split("-"))
            first = dt.date(year, mon, 1)
            friday = first + dt.timedelta(days=(4 - first.weekday()) % 7)
            rows = days[(days["党支部"] == branch) & (days["日期"].dt.strftime("%Y-%m") == month)]
            on_time = (rows["日期"] == pd.Timestamp(friday)).any()
            reason = rows["调整原因"].notna().any()
            lapses += not (on_time or reason)
    return lapses


def test_dashboard_lapse_counts_cover_the_period_it_names(ledger_site: Path):
    text = _prose(ledger_site / "ledgers" / "index.html")
    named = re.search(r"(\d{4})年上半年（(\d{4}-\d\d-\d\d) 至 (\d{4}-\d\d-\d\d)）", text)
    assert named, "the compliance section names its period"
    start, end = dt.date.fromisoformat(named.group(2)), dt.date.fromisoformat(named.group(3))
    months = [f"{start.year}-{m:02d}" for m in range(start.month, end.month + 1)]
    shown = int(re.search(r"主题党日未按期开展或调整未记录原因：(\d+) 处", text).group(1))
    assert shown == _independent_lapses(months)
    every_month = sorted({f"{y}-{m:02d}" for y in (2022, 2023) for m in range(1, 13)})
    assert shown < _independent_lapses(every_month[:18])  # not the 18 months of all the data


def _numbers(text: str, lang: str) -> Counter:
    """The figures of a report's prose, dates left out (they are written differently)."""
    if lang == "zh":
        text = re.sub(r"\d{1,2}月(?:\d{1,2}日|底前)?", " ", text)
    else:
        months = (
            "January|February|March|April|May|June|July|August|September|October|November|December"
        )
        text = re.sub(rf"\b\d{{1,2}} (?={months})", " ", text)
        text = re.sub(r"\b(\d+)(st|nd|rd|th)\b", " ", text)  # the 20th Party congress: 二十大
        text = re.sub(r"\(\d\)|\b\d\. (?=[A-Z])", " ", text)  # section numbers: 一、（一）
    text = text.replace(",", "")
    return Counter(re.findall(r"\d+(?:\.\d+)?%?", text))


@pytest.mark.parametrize("period", ["2022H1", "2022H2", "2023H1"])
def test_english_report_states_the_same_figures(ledger_site: Path, period: str):
    chinese = _numbers(_prose(_report(ledger_site, period)), "zh")
    english = _numbers(_prose(_report(ledger_site, period, "en")), "en")
    assert chinese == english


def test_compliance_pages_link_to_the_rule_articles(ledger_site: Path):
    page = (ledger_site / "ledgers" / "compliance" / "theme-days.html").read_text("utf-8")
    assert 'href="../../rules/15.html#第四条"' in page
    rule = (ledger_site / "rules" / "15.html").read_text("utf-8")
    assert 'id="第四条"' in rule


# Each per-branch compliance view, the register entry it names and the article it links to.
VIEWS = {
    "three-meetings": ["branch-committee-meeting", "branch-general-meeting", "party-lecture"],
    "party-groups": ["party-group-meeting"],
    "life-meetings": ["org-life-meeting"],
    "democratic-evaluation": ["democratic-evaluation"],
    "knowledge-tests": ["knowledge-test"],
    "warning-education": ["warning-education"],
    "volunteering": ["volunteering"],
    "talks": ["talks"],
    "rectification": ["rectification-limit"],
}


def test_each_compliance_view_names_its_register_entry_and_links_its_article(ledger_site: Path):
    from handbook.content import load_obligations

    register = {o.id: o for o in load_obligations(DATA / "obligations.yml")}
    for view, ids in VIEWS.items():
        page = (ledger_site / "ledgers" / "compliance" / f"{view}.html").read_text("utf-8")
        for duty in ids:
            rule, article = register[duty].article.split("#")
            assert duty in page, (view, duty)
            assert f'href="../../rules/{rule}.html#{article}"' in page, (view, duty)


def test_compliance_tables_show_branch_names_not_codes(ledger_site: Path):
    folder = ledger_site / "ledgers" / "compliance"
    for view in ("theme-days", "three-meetings", "party-groups", "life-meetings", "talks"):
        cells = [c for row in _table(folder / f"{view}.html") for c in row]
        assert cells and not any(re.fullmatch(r"B\d\d(-\d+)?", c) for c in cells), view


def test_report_figures_follow_the_ledgers(ledger_copy: Path):
    # Drop five members of the ideology team and one 党组 ideology item: the report follows.
    rows, encoding = read_csv(ledger_copy / "staff.csv")
    team = [r for r in rows[1:] if r[rows[0].index("岗位")] == "意识形态工作队伍"]
    write_csv(ledger_copy / "staff.csv", [r for r in rows if r not in team[:5]], encoding)
    rows, encoding = read_csv(ledger_copy / "leadership.csv")
    kind = rows[0].index("议题类别")
    ideology = [i for i, r in enumerate(rows) if r[kind] == "意识形态" and r[0] >= "2022-07"]
    rows[ideology[-1]][kind] = "其他"
    write_csv(ledger_copy / "leadership.csv", rows, encoding)
    model = load_model(ledgers=ledger_copy)
    report = ledgers_pages.generate(model, "zh")["ledgers/reports/2023H1.md"]
    assert f"{len(team) - 5}人的意识形态工作队伍" in report
    assert "党组每年专题研究意识形态工作3次" in report


PAYLOAD = "<img src=x onerror=alert(1)>"


def with_payload(target: Path, *values: str) -> None:
    """A copy of data/translations.yml that also gives each value an English form (itself)."""
    table = yaml.safe_load((DATA / "translations.yml").read_text(encoding="utf-8"))
    table["terms"].update({v: v for v in values})
    target.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")


def test_cell_markup_is_escaped_in_generated_pages(ledger_copy: Path):
    set_cell(ledger_copy / "branches.csv", 3, "名称", PAYLOAD)
    set_cell(ledger_copy / "risks.csv", 2, "部门", PAYLOAD + "**x**")
    # English pages show the values' English forms: give the markup one (markup again).
    with_payload(ledger_copy.parent / "translations.yml", PAYLOAD, PAYLOAD + "**x**")
    english = ledger_copy.parent / "translations.yml"
    rows, _ = read_csv(ledger_copy / "rectification.csv")
    status, deadline = rows[0].index("状态"), rows[0].index("完成时限")
    overdue = next(
        i
        for i, r in enumerate(rows[1:], 2)
        if r[status] == "持续推进" and r[deadline].replace("/", "-") < "2023-06-30"
    )
    set_cell(ledger_copy / "rectification.csv", overdue, "问题", PAYLOAD)
    model = load_model(ledgers=ledger_copy, translations=english)
    for lang in ("zh", "en"):
        pages = ledgers_pages.generate(model, lang)
        everything = "\n".join(pages.values())
        assert "<img" not in everything
        # SVG is raw HTML that Markdown leaves alone, so asterisks there stay literal anyway.
        assert "**x**" not in re.sub(r"<svg.*?</svg>", "", everything, flags=re.S)
        shown = [p for p in pages.values() if "&#60;img src" in p or "&lt;img src" in p]
        assert len(shown) >= 3  # branch name, risk chart/table, overdue rectification item
