"""The sample ledgers are believable: dated topics, distinct problems, varied and consistent data.

These tests read the committed files in data/ (ledgers, topic catalogue, rules' front matter);
the figures the drafted reports must state (SPEC §5, seeds 000 and 003) are checked here at the
source, so that a report can only state them if the ledgers hold them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import yaml

from handbook.content import load_rules
from handbook.ledgers import Ledgers, load_all
from handbook.ledgers.schemas import RECTIFICATION_STATUS, cross_check, revision_problems
from tests.conftest import DOCS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "ledgers"
CATALOGUE = ROOT / "data" / "topics.yml"
END = pd.Timestamp("2023-06-30")

# (ledger, column) holding a topic or subject that may name a dated event.
TOPIC_COLUMNS = [
    ("study", "主题"),
    ("org_life", "主题"),
    ("leadership", "议题"),
    ("warnings", "主题"),
    ("office", "事项"),
    ("volunteers", "活动"),
]


@cache
def ledgers() -> Ledgers:
    return load_all(SAMPLE)


def topics() -> list[dict]:
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["topics"]


def date_column(key: str) -> str:
    return "开始日期" if key == "volunteers" else "日期"


def too_early(frame: pd.DataFrame, text: str, date: str, catalogue: list[dict]) -> list[str]:
    """Rows whose text names a catalogue topic before the day it became available."""
    found = []
    for topic in catalogue:
        available = pd.Timestamp(topic["available"])
        words = topic.get("match") or [topic["text"]]
        named = frame[text].astype(str).apply(lambda cell, w=words: any(x in cell for x in w))
        hit = frame[named & (frame[date] < available)]
        for row, entry in hit.iterrows():
            found.append(f"{row}: {entry[date].date()} {entry[text]} < {available.date()}")
    return found


def in_half(frame: pd.DataFrame, column: str, period: str) -> pd.DataFrame:
    year, half = int(period[:4]), int(period[-1])
    start = pd.Timestamp(year, 1 if half == 1 else 7, 1)
    end = pd.Timestamp(year, 6, 30) if half == 1 else pd.Timestamp(year, 12, 31)
    return frame[(frame[column] >= start) & (frame[column] <= end)]


# --- dated topics ------------------------------------------------------------------------


def test_catalogue_dates_of_the_key_events():
    by_id = {t["id"]: t for t in topics()}
    expected = {
        "congress-20": dt.date(2022, 10, 23),  # 16-22 October 2022; studied after it closed
        "congress-20-report": dt.date(2022, 10, 23),
        "plenum-20-1": dt.date(2022, 10, 23),
        "plenum-20-2": dt.date(2023, 2, 28),  # 26-28 February 2023
        "theme-education": dt.date(2023, 4, 3),  # working conference, 3 April 2023
        "youth-league-100": dt.date(2022, 5, 10),
        "npc-2022": dt.date(2022, 3, 11),
        "npc-2023": dt.date(2023, 3, 13),
    }
    assert {key: by_id[key]["available"] for key in expected} == expected
    for topic in topics():
        assert topic["source"].strip(), topic["id"]


def test_the_topic_check_finds_an_anachronism():
    frame = pd.DataFrame(
        {
            "日期": pd.to_datetime(["2022-07-08", "2022-11-04", "2023-01-06"]),
            "主题": [
                "学习党的二十大精神",
                "学习党的二十大精神",
                "学习贯彻习近平新时代中国特色社会主义思想主题教育",
            ],
        }
    )
    found = too_early(frame, "主题", "日期", topics())
    assert len(found) == 2 and "2022-07-08" in found[0] and "2023-01-06" in found[1]


@pytest.mark.parametrize(("key", "column"), TOPIC_COLUMNS)
def test_no_row_names_a_topic_before_it_existed(key: str, column: str):
    frame = ledgers()[key]
    assert too_early(frame, column, date_column(key), topics()) == []


@pytest.mark.parametrize(("key", "column"), TOPIC_COLUMNS)
def test_no_doubled_words(key: str, column: str):
    text = ledgers()[key][column].astype(str)
    assert not text.str.contains(r"(?:学习){2}|(?:精神){2}", regex=True).any()


# --- rectification -----------------------------------------------------------------------


def test_rectification_problems_are_distinct_and_statuses_as_rule_24():
    rect = ledgers()["rectification"]
    assert not rect["问题"].duplicated().any()
    assert set(rect["状态"]) <= set(RECTIFICATION_STATUS)
    rounds = rect.groupby(rect["反馈日期"].dt.year).size().to_dict()
    assert rounds == {2022: 12, 2023: 24}


def test_responsible_leaders_fit_their_items():
    rect = ledgers()["rectification"]
    discipline = rect[rect["责任领导"] == "机关纪委书记"]
    assert set(discipline["责任科室"]) == {"机关纪委"}
    finance = rect[rect["责任领导"].str.contains("财务")]
    assert set(finance["责任科室"]) == {"财务科"}
    assert (rect["责任领导"].value_counts() < len(rect) / 2).all()


def test_some_open_item_is_overdue_at_the_end_of_the_sample():
    rect = ledgers()["rectification"]
    overdue = rect[(rect["状态"] != "已完成") & (rect["完成时限"] < END)]
    assert set(overdue["状态"]) >= {"持续推进", "长效整改"}


# --- one source per fact -----------------------------------------------------------------


def test_office_rule_revisions_equal_the_rules_front_matter():
    rules = load_rules(DOCS / "rules")
    revisions = [(r.date, rule.title, r.version) for rule in rules for r in rule.history]
    office = ledgers()["office"]
    assert revision_problems(office, revisions) == []
    in_2023 = office[(office["类别"] == "制度建立修订") & (office["日期"].dt.year == 2023)]
    assert len(in_2023) == 20  # seed 000: 20 rules made or revised
    # A revision moved by a day in the ledger is reported on its row, and as missing.
    spoiled = office.copy()
    row = spoiled.index[spoiled["类别"] == "制度建立修订"][0]
    spoiled.loc[row, "日期"] += pd.Timedelta(days=1)
    problems = revision_problems(spoiled, revisions, "office.csv")
    assert len(problems) == 2 and problems[0].startswith(f"office.csv:{row}: 日期:")


def test_rectification_hearings_and_centre_group_sessions_are_the_leadership_meetings():
    data = ledgers()
    lead, office, study = data["leadership"], data["office"], data["study"]
    hearings = sorted(lead[lead["议题类别"] == "巡察整改"]["日期"].unique())
    assert hearings == sorted(office[office["类别"] == "党组会听取整改汇报"]["日期"].unique())
    centre = lead[lead["会议"] == "党组理论学习中心组学习"]
    assert sorted(centre["日期"]) == sorted(study[study["类型"] == "中心组集中学习"]["日期"])


# --- branches and groups -----------------------------------------------------------------


def test_groups_agree_with_branches_and_small_group_meetings():
    data = ledgers()
    assert cross_check(data.frames, {}) == []
    groups = data["groups"]
    assert len(groups) == data["branches"]["党小组数"].sum()
    meetings = data["org_life"][data["org_life"]["类别"] == "党小组会"]
    assert meetings["党小组"].notna().all()
    assert set(meetings["党小组"]) == set(groups["编号"])


def test_cross_check_reports_a_wrong_group_count_and_attendance():
    data = ledgers()
    frames = dict(data.frames)
    branches = frames["branches"].copy()
    branches.iloc[0, branches.columns.get_loc("党小组数")] += 1
    org = frames["org_life"].copy()
    row = org.index[org["类别"] == "党小组会"][0]
    org.loc[row, "应到人数"] = org.loc[row, "应到人数"] + 3
    frames.update(branches=branches, org_life=org)
    problems = cross_check(frames, {"branches": "branches.csv", "org_life": "org_life.csv"})
    assert any(p.startswith(f"branches.csv:{branches.index[0]}: 党小组数:") for p in problems)
    assert any(p.startswith(f"org_life.csv:{row}: 应到人数:") for p in problems)


def test_three_groups_rarely_met_in_2022_h1():
    org = in_half(ledgers()["org_life"], "日期", "2022H1")
    held = org[org["类别"] == "党小组会"].groupby("党小组").size()
    rare = held[held <= 2]
    assert len(rare) == 3  # seed 003
    assert (held.drop(rare.index) >= 5).all()


def test_data_vary_as_real_data_do():
    data = ledgers()
    risks = data["risks"]
    per_department = risks.groupby([risks["排查日期"].dt.year, "部门"]).size()
    assert per_department.nunique() > 5
    talks = data["talks"]
    branch = talks[talks["谈话人"] == "党支部书记"]
    per_branch = branch.groupby([branch["日期"].dt.year, "党支部"])["人数"].sum()
    assert per_branch.nunique() > 5
    appointed = data["branches"]["书记任职日期"].sort_values()
    assert appointed.diff().dropna().nunique() > 5


# --- per-branch cadences have rows a compliance view can check --------------------------

QUARTERS = [(2022, q) for q in range(1, 5)] + [(2023, 1), (2023, 2)]


def _covered(frame: pd.DataFrame, unit: str, date: str, everyone: bool) -> dict:
    branches = list(ledgers()["branches"]["编号"])
    out = {}
    for year, quarter in QUARTERS:
        mine = frame[(frame[date].dt.year == year) & (frame[date].dt.quarter == quarter)]
        units = set(mine[unit])
        all_branches = everyone and "机关党委" in units
        for bid in branches:
            out[(bid, year, quarter)] = all_branches or bid in units
    return out


def test_knowledge_tests_and_warnings_per_branch_and_quarter_with_few_gaps():
    data = ledgers()
    tests = data["study"][data["study"]["类型"] == "知识测验"]
    covered = _covered(tests, "组织单位", "日期", everyone=True)
    gaps = [k for k, v in covered.items() if not v]
    assert 1 <= len(gaps) <= 6
    warnings = data["warnings"][data["warnings"]["形式"] != "任前廉政考试"]
    covered = _covered(warnings, "组织单位", "日期", everyone=False)
    gaps = [k for k, v in covered.items() if not v]
    assert 1 <= len(gaps) <= 4


def test_volunteering_twice_a_year_by_most_branches():
    vol = ledgers()["volunteers"]
    in_2022 = vol[vol["开始日期"].dt.year == 2022].groupby("组织单位").size()
    branches = ledgers()["branches"]["编号"]
    short = [b for b in branches if in_2022.get(b, 0) < 2]
    assert 1 <= len(short) <= 2


# --- the seeds' figures are in the ledgers ----------------------------------------------


def _count(key: str, period: str, column: str, value: str, date: str = "日期") -> int:
    frame = in_half(ledgers()[key], date, period)
    return int((frame[column] == value).sum())


def test_seed_figures_2023_h1():
    data = ledgers()
    study = in_half(data["study"], "日期", "2023H1")
    sums = study.groupby("类型")["数量"].sum()
    assert sums[["联合主题党日", "轮值主题党课", "体验式教学", "学习研讨"]].tolist() == [
        14,
        20,
        5,
        12,
    ]
    assert sums[["学习强国通报", "学习检查", "知识测验"]].tolist() == [9, 3, 12]
    assert 70 < sums["集中学习"] < 80 and 120 < sums["学习心得"] < 130
    lead = in_half(data["leadership"], "日期", "2023H1")
    assert lead[lead["议题类别"] == "巡察整改"]["日期"].nunique() == 6
    assert _count("office", "2023H1", "类别", "整改督办提示函") == 4
    assert _count("office", "2023H1", "类别", "对照检查材料") == 20
    ideology = data["leadership"][data["leadership"]["议题类别"] == "意识形态"]
    assert (ideology["日期"].dt.year == 2022).sum() == 4  # 4 a year
    staff = data["staff"]
    party = staff[staff["岗位"] != "意识形态工作队伍"]
    assert 20 < len(party) < 30
    assert round(100 * ((2023 - party["出生年份"]) < 35).mean()) == 30
    assert (staff["岗位"] == "意识形态工作队伍").sum() == 20
    warnings = in_half(data["warnings"], "日期", "2023H1")
    sessions = warnings[warnings["形式"] != "任前廉政考试"]
    assert (len(sessions), sessions["参加人数"].sum()) == (28, 501)
    assert (sessions["形式"] == "以案示警").sum() == 5
    assert warnings[warnings["形式"] == "任前廉政考试"]["参加人数"].sum() == 20
    branches = data["branches"]
    assert in_half(branches, "书记任职日期", "2023H1").shape[0] == 8
    assert in_half(branches, "活动室建设日期", "2023H1").shape[0] == 9
    compiled = data["office"][data["office"]["事项"].str.contains("党建制度汇编")]
    assert compiled[compiled["类别"] == "印发资料"]["数量"].tolist() == [branches["党员人数"].sum()]
    meeting = data["office"][data["office"]["类别"] == "组织召开会议"]
    february = meeting[(meeting["日期"].dt.year == 2023) & (meeting["日期"].dt.month == 2)]
    assert february["事项"].str.contains("全面从严治党").any()


def test_seed_figures_2022_h1():
    data = ledgers()
    study = in_half(data["study"], "日期", "2022H1").groupby("类型")["数量"].sum()
    assert study[["中心组集中学习", "夜校学习"]].tolist() == [7, 20]
    office = in_half(data["office"], "日期", "2022H1").groupby("类别").size()
    kinds = ["文件通知办理", "上报情况报告", "起草讲话", "拟制通知", "拟制方案"]
    assert office[kinds].tolist() == [245, 42, 8, 19, 11]
    assert office[["网络传播平台排查", "学校阵地排查", "推荐先进典型"]].tolist() == [7, 4, 3]
    vol = data["volunteers"]
    calls = vol[vol["服务方式"] == "电话回访"]
    assert len(calls) == 1
    call = calls.iloc[0]
    days = (call["结束日期"] - call["开始日期"]).days + 1
    assert (call["志愿者人数"], days, call["服务人次"]) == (18, 3, 18900)
    assert call["开始日期"].year == 2022 and call["开始日期"].month <= 6


def test_every_half_year_has_its_rows():
    data = ledgers()
    for key, spec_date in [("study", "日期"), ("org_life", "日期"), ("leadership", "日期")]:
        for period in ("2022H1", "2022H2", "2023H1"):
            assert len(in_half(data[key], spec_date, period)) > 0, (key, period)
    assert re.fullmatch(r"B\d{2}-\d", data["groups"]["编号"].iloc[0])
