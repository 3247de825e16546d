"""The obligations register: every entry matches the article that states it, one source each."""

from __future__ import annotations

import dataclasses
import re

import pytest

from handbook.content import (
    check,
    check_obligations,
    load_handbook,
    load_obligations,
)
from handbook.ledgers.schemas import SPECS
from tests.conftest import DATA, DOCS

# Which words may state a cadence (written here, independently of the code under test).
CADENCE_WORDS = {
    "weekly": ("每周",),
    "monthly": ("每月", "月度"),
    "quarterly": ("每季度", "季度"),
    "half-yearly": ("每半年", "半年"),
    "yearly": ("每年", "年度", "全年"),
}
UNIT_WORDS = {"日": "日", "工作日": "个工作日", "周": "周", "个月": "个月", "年": "年"}
ARTICLE_REF = re.compile(r"\d{2}#第[一二三四五六七八九十百]+条")
# The obligations the compliance views read, by these exact ids.
VIEW_IDS = (
    "theme-day",
    "branch-committee-meeting",
    "party-group-meeting",
    "branch-general-meeting",
    "party-lecture",
    "org-life-meeting",
    "democratic-evaluation",
    "knowledge-test",
    "warning-education",
    "volunteering",
    "talks",
    "rectification-limit",
)
# Obligations stated in more than one place: a sentence matching the pattern states it, so its
# article must be on the entry (as `article` or in `also`).
STATED_BY = {
    "theme-day": r"每月第一个星期五",
    "branch-committee-meeting": r"支部委员会(会议)?每月",
    "party-group-meeting": r"党小组会每月",
    "branch-general-meeting": r"支部党员大会每季度",
    "party-lecture": r"党课每季度|每季度至少组织1次党课",
    "org-life-meeting": r"每半年召开1次(的)?组织生活会",
    "democratic-evaluation": r"民主评议党员每年|每年1次的民主评议党员",
    "warning-education": r"季度至少开展1次警示教育",
    "talks": r"党支部书记(每年至少)?与(本支部|每名支部)?(每名)?(支部)?党员(每年至少)?谈心谈话",
    "new-secretary-training": r"新任党支部书记[^。]*个月内",
    "ideology-study": r"每年至少4次[^。]*意识形态",
    "rectification-hearing": r"每月至少听取1次整改进展",
    "secretary-study-hours": r"支部委员[^。]{0,12}56学时",
    "leader-lecture": r"每年至少到所在(党)?支部或(者)?联系(党)?支部讲1次党课",
    "leader-branch-visit": r"每半年至少到联系党支部调研指导",
    "talks-secretary-team": r"与班子成员每年至少谈心谈话|每年至少与班子成员谈心谈话",
    "talks-team-heads": r"分管科室负责人每年至少谈心谈话|每年至少与分管科室负责人谈心谈话",
    "dues-branch-disclosure": r"党费收缴情况[^。]{0,4}每半年公布|每半年向本支部党员公布",
    "secretary-report": r"党支部书记每年第一季度|述职评议考核每年第一季度",
    "risk-review": r"每年(第一季度开展1次|组织)全面排查",
}


@pytest.fixture(scope="module")
def book():
    return load_handbook(DOCS, DATA)


@pytest.fixture(scope="module")
def texts(book):
    """Plain text of every Chinese article, by "NN#第…条"."""
    return {
        f"{rule.id}#{label}": text
        for rule in book.rules
        for _, label, text in rule.article_texts("zh")
    }


def test_register_has_at_least_forty_entries_with_unique_ids(book):
    ids = [ob.id for ob in book.obligations]
    assert len(ids) >= 40
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_the_ids_compliance_views_read_exist(book):
    ids = {ob.id for ob in book.obligations}
    assert set(VIEW_IDS) <= ids


def test_no_entry_cites_a_whole_rule(book):
    for ob in book.obligations:
        for ref in [ob.article, *ob.also]:
            assert ARTICLE_REF.fullmatch(ref), (ob.id, ref)


def test_every_cited_article_exists(book, texts):
    for ob in book.obligations:
        for ref in [ob.article, *ob.also]:
            assert ref in texts, (ob.id, ref)


def test_each_article_contains_its_states_phrase(book, texts):
    for ob in book.obligations:
        assert ob.states and ob.states in texts[ob.article], (ob.id, ob.states)


def test_states_phrase_agrees_with_the_structured_fields(book):
    for ob in book.obligations:
        assert ob.cadence or ob.limit, ob.id
        if ob.cadence:
            assert any(w in ob.states for w in CADENCE_WORDS[ob.cadence]), ob.id
        if ob.count and not (ob.day or ob.week):
            assert re.search(rf"(?<!\d){ob.count}(?!\d)", ob.states), ob.id
        if ob.day:
            assert re.search(rf"(?<!\d){ob.day}日", ob.states), ob.id
        if ob.limit:
            token = f"{ob.limit.amount}{UNIT_WORDS[ob.limit.unit]}"
            assert re.search(rf"(?<!\d){token}", ob.states), (ob.id, token)


def test_every_also_article_states_the_same_value(book, texts):
    for ob in book.obligations:
        for ref in ob.also:
            text = texts[ref]
            if ob.limit:
                token = f"{ob.limit.amount}{UNIT_WORDS[ob.limit.unit]}"
                assert re.search(rf"(?<!\d){token}", text), (ob.id, ref, token)
            if ob.cadence:
                assert any(w in text for w in CADENCE_WORDS[ob.cadence]), (ob.id, ref)
            if ob.week:
                assert "第一个星期五" in text, (ob.id, ref)


def test_every_article_stating_an_obligation_is_listed_on_it(book, texts):
    by_id = {ob.id: ob for ob in book.obligations}
    for ob_id, pattern in STATED_BY.items():
        listed = {by_id[ob_id].article, *by_id[ob_id].also}
        stating = {ref for ref, text in texts.items() if re.search(pattern, text)}
        assert by_id[ob_id].article in stating, (ob_id, "pattern misses the entry's article")
        assert not stating - listed, (ob_id, sorted(stating - listed))


def test_ledger_keys_are_real_ledgers(book):
    for ob in book.obligations:
        assert ob.ledger is None or ob.ledger in SPECS, ob.id


def test_the_real_register_passes_the_build_check(book):
    assert check_obligations(book.obligations, book.rules_by_id, SPECS) == []


PLANTED = """
- id: good-one
  who: 党支部
  who_en: Party branch
  what: 召开支部委员会会议
  what_en: Hold a branch committee meeting
  applies_to: 各党支部
  applies_to_en: every branch
  cadence: monthly
  count: 1
  states: 支部委员会会议每月至少召开1次
  article: "14#第八条"
  also: ["05#第八条"]
- id: whole-rule
  who: 党支部
  who_en: Party branch
  what: x
  what_en: x
  applies_to: x
  applies_to_en: x
  cadence: monthly
  count: 1
  states: 支部委员会会议每月至少召开1次
  article: "14"
- id: wrong-count
  who: 党支部
  who_en: Party branch
  what: x
  what_en: x
  applies_to: x
  applies_to_en: x
  cadence: monthly
  count: 2
  states: 支部委员会会议每月至少召开1次
  article: "14#第八条"
- id: wrong-cadence
  who: 党支部
  who_en: Party branch
  what: x
  what_en: x
  applies_to: x
  applies_to_en: x
  cadence: quarterly
  count: 1
  states: 支部委员会会议每月至少召开1次
  article: "14#第八条"
- id: not-in-article
  who: 党支部
  who_en: Party branch
  what: x
  what_en: x
  applies_to: x
  applies_to_en: x
  cadence: monthly
  count: 1
  states: 支部委员会会议每月至少召开9次
  article: "14#第八条"
- id: wrong-limit
  who: 责任科室
  who_en: x
  what: x
  what_en: x
  applies_to: x
  applies_to_en: x
  limit: {amount: 5, unit: 工作日, from: 收到督办提示函}
  states: 收到提示函后3个工作日内
  article: "24#第十三条"
- id: disagreeing-also
  who: 党支部
  who_en: x
  what: x
  what_en: x
  applies_to: x
  applies_to_en: x
  cadence: quarterly
  count: 1
  states: 支部党员大会每季度至少召开1次
  article: "14#第五条"
  also: ["14#第八条"]
- id: absent-article
  who: 党支部
  who_en: x
  what: x
  what_en: x
  applies_to: x
  applies_to_en: x
  cadence: monthly
  states: 每月
  article: "14#第九十九条"
- id: good-one
  who: 党支部
  who_en: x
  what: x
  what_en: x
  applies_to: x
  applies_to_en: x
  cadence: monthly
  count: 1
  states: 支部委员会会议每月至少召开1次
  article: "14#第八条"
  ledger: no_such_ledger
- id: bad-limit
  who: x
  who_en: x
  what: x
  what_en: x
  applies_to: x
  applies_to_en: x
  limit: {amount: 3, unit: 天, from: x}
  states: x
  article: "14#第八条"
"""


def test_planted_wrong_entries_are_caught(tmp_path, book):
    path = tmp_path / "obligations.yml"
    path.write_text(PLANTED, encoding="utf-8")
    problems = check_obligations(load_obligations(path), book.rules_by_id, SPECS)
    text = "\n".join(problems)
    assert all(p.startswith("data/obligations.yml: ") for p in problems)
    assert "whole-rule: 14 cites a whole rule" in text
    assert "wrong-count: states '支部委员会会议每月至少召开1次' states 1 where count is 2" in text
    assert "wrong-cadence: states '支部委员会会议每月至少召开1次' does not say 每季度" in text
    assert "not-in-article: 14#第八条 does not contain '支部委员会会议每月至少召开9次'" in text
    assert "wrong-limit: states '收到提示函后3个工作日内' does not say 5个工作日" in text
    assert "disagreeing-also: also 14#第八条 does not say 每季度" in text
    assert "absent-article: 14#第九十九条: no such article" in text
    assert "good-one: duplicate id" in text
    assert "good-one: ledger 'no_such_ledger' is not a ledger key" in text
    assert "bad-limit: limit unit '天' not in" in text
    assert "bad-limit: gives neither a cadence nor a limit" in text
    # The one correct entry (its first occurrence) raises nothing of its own.
    first = [p for p in problems if ": good-one: " in p]
    assert first == [
        "data/obligations.yml: good-one: duplicate id",
        "data/obligations.yml: good-one: ledger 'no_such_ledger' is not a ledger key",
    ]


ALSO_WITH_OTHER_COUNT = """
- id: volunteering
  who: 党支部
  who_en: Party branch
  what: 组织集体志愿服务活动
  what_en: Organise collective volunteer service
  applies_to: 各党支部
  applies_to_en: every Party branch
  cadence: yearly
  count: 2
  states: 每年至少组织2次集体志愿服务活动
  article: "11#第九条"
  also: ["05#第十条"]
"""


def test_an_also_article_with_another_count_is_caught(tmp_path, book):
    path = tmp_path / "obligations.yml"
    path.write_text(ALSO_WITH_OTHER_COUNT, encoding="utf-8")
    problems = check_obligations(load_obligations(path), book.rules_by_id, SPECS)
    assert problems == [
        "data/obligations.yml: volunteering: also 05#第十条 states 1 where count is 2"
    ]


def test_the_build_check_reports_register_problems(tmp_path, book):
    path = tmp_path / "obligations.yml"
    path.write_text(PLANTED, encoding="utf-8")
    planted = dataclasses.replace(book, obligations=load_obligations(path))
    problems = check(planted, DATA)
    assert (
        "data/obligations.yml: whole-rule: 14 cites a whole rule, not an article (write NN#第…条)"
        in (problems)
    )


def test_bad_yaml_is_a_message_naming_the_file(tmp_path):
    path = tmp_path / "obligations.yml"
    path.write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^obligations\.yml: not valid YAML"):
        load_obligations(path)


def test_an_entry_that_is_not_a_mapping_is_reported(tmp_path, book):
    path = tmp_path / "obligations.yml"
    path.write_text("- just a string\n", encoding="utf-8")
    problems = check_obligations(load_obligations(path), book.rules_by_id, SPECS)
    assert "data/obligations.yml: #1: entry is not a mapping" in problems


def test_handbook_exposes_typed_obligations(book):
    theme = next(ob for ob in book.obligations if ob.id == "theme-day")
    assert (theme.cadence, theme.week, theme.weekday, theme.ledger) == ("monthly", 1, 5, "org_life")
    limit = next(ob for ob in book.obligations if ob.id == "rectification-limit").limit
    assert (limit.amount, limit.unit, limit.start, limit.before) == (
        2,
        "个月",
        "收到巡察反馈意见",
        False,
    )
    ahead = next(ob for ob in book.obligations if ob.id == "wedding-report").limit
    assert (ahead.amount, ahead.unit, ahead.before) == (10, "工作日", True)


def test_a_limit_with_a_bad_direction_is_reported(tmp_path, book):
    path = tmp_path / "obligations.yml"
    entry = ALSO_WITH_OTHER_COUNT.replace('  also: ["05#第十条"]\n', "  also: []\n")
    entry += "  limit: {amount: 2, unit: 个月, from: x, before: maybe}\n"
    path.write_text(entry, encoding="utf-8")
    problems = check_obligations(load_obligations(path), book.rules_by_id, SPECS)
    assert problems == ["data/obligations.yml: volunteering: limit before must be true or false"]


def test_the_register_fixes_the_theme_day_on_each_months_first_friday():
    import calendar

    from handbook.content import fixed_day, load_obligations

    theme = next(o for o in load_obligations(DATA / "obligations.yml") if o.id == "theme-day")
    for year in (2022, 2023, 2024):
        for month in range(1, 13):
            fridays = [
                week[calendar.FRIDAY]
                for week in calendar.monthcalendar(year, month)
                if week[calendar.FRIDAY]
            ]
            assert theme.fixed_day(year, month).day == fridays[0]
    assert fixed_day(2023, 3, 15, None, None).day == 15
    assert fixed_day(2023, 3, None, None, None) is None
