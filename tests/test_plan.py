"""Work calendar, .ics files, due/overdue and the question bank (issue 17), without a build."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re

import pytest
from icalendar import Calendar

from handbook import due, ledgers_pages, plan_pages, summaries
from handbook import questions as bank
from handbook import work_calendar as wc
from handbook.config import check_extra, load_settings
from handbook.content import chinese_number
from tests.conftest import MKDOCS_YML, ROOT

ORDINALS = "一二三四"
WEEKDAYS = "一二三四五六日"


@pytest.fixture(scope="module")
def book(model):
    return model.book


@pytest.fixture(scope="module")
def data(model):
    return model.ledgers


# --- the calendar ---------------------------------------------------------------------------


def _rule_fixed_day() -> tuple[int, int]:
    """(n, weekday 0=Monday) of the theme day, read from the rule's own text (rule 15)."""
    text = (ROOT / "docs" / "rules" / "15.md").read_text(encoding="utf-8")
    match = re.search(r"主题党日固定为每月第([一二三四])个星期([一二三四五六日])", text)
    assert match, "rule 15 no longer states the theme day as 每月第N个星期X"
    return ORDINALS.index(match.group(1)) + 1, WEEKDAYS.index(match.group(2))


@pytest.mark.parametrize("year", [2023, 2024, 2026])
def test_theme_days_fall_on_the_rules_fixed_day_in_every_month(book, year):
    n, weekday = _rule_fixed_day()
    expected = []
    for month in range(1, 13):
        days = [week[weekday] for week in calendar.monthcalendar(year, month) if week[weekday]]
        expected.append(dt.date(year, month, days[n - 1]))
    events = wc.year_events(book.obligations, year)
    theme = [e.date for e in events if e.obligation.id == "theme-day"]
    assert theme == expected


def test_limits_counted_from_the_theme_day_skip_weekends(book):
    events = wc.year_events(book.obligations, 2023)
    theme = {e.slot: e.date for e in events if e.obligation.id == "theme-day"}
    filing = [e for e in events if e.obligation.id == "theme-day-plan-filing"]
    record = [e for e in events if e.obligation.id == "theme-day-record"]
    assert len(filing) == len(record) == 12
    assert {e.kind for e in filing} == {"due"}  # a plan is filed for every theme day
    moved = [e for e in events if e.obligation.id == "theme-day-change-report"]
    assert len(moved) == 12 and {e.kind for e in moved} == {"if-moved"}  # only if it moves
    for event in filing:  # 于活动3个工作日前报党建办备案
        between = [
            theme[event.slot] - dt.timedelta(days=d)
            for d in range(1, (theme[event.slot] - event.date).days + 1)
        ]
        assert event.date.weekday() < 5
        assert sum(day.weekday() < 5 for day in between) == 3
    for event in record:  # 在活动后3个工作日内整理完成
        assert event.date.weekday() < 5 and event.date > theme[event.slot]
        assert (
            len(
                [
                    d
                    for d in range(1, (event.date - theme[event.slot]).days + 1)
                    if (theme[event.slot] + dt.timedelta(days=d)).weekday() < 5
                ]
            )
            == 3
        )


def test_deadlines_fall_on_the_last_day_of_their_cycle(book):
    events = wc.year_events(book.obligations, 2023)
    by_id: dict[str, list[dt.date]] = {}
    for e in events:
        by_id.setdefault(e.obligation.id, []).append(e.date)
    assert by_id["branch-general-meeting"] == [
        dt.date(2023, 3, 31),
        dt.date(2023, 6, 30),
        dt.date(2023, 9, 30),
        dt.date(2023, 12, 31),
    ]
    # 上半年组织生活会一般在7月底前召开 (rule 16, article 3), the second in the fourth quarter
    article = dict((a, t) for a, _, t in book.rules_by_id["16"].article_texts("zh"))["第三条"]
    assert "上半年组织生活会一般在7月底前召开" in article and "第四季度" in article
    assert by_id["org-life-meeting"] == [dt.date(2023, 7, 31), dt.date(2023, 12, 31)]
    assert by_id["three-meetings-monthly-return"][0] == dt.date(2023, 1, 5)  # 每月5日前
    assert by_id["theme-day-schedule"] == [dt.date(2023, 1, 15)]  # 每年1月15日前
    assert by_id["secretary-report"] == [dt.date(2023, 3, 31)]  # 每年第一季度
    assert len(by_id["night-school"]) == 52 and all(d.weekday() == 3 for d in by_id["night-school"])


def test_each_post_and_every_branch_have_events(book):
    events = wc.year_events(book.obligations, 2023)
    assert {e.obligation.id for e in wc.for_branch(events)} >= {
        "theme-day",
        "branch-committee-meeting",
        "party-lecture",
        "dues-collection",
    }
    for post in plan_pages.posts(book):
        assert wc.for_post(events, post.id), post.id
    assert len(plan_pages.posts(book)) == 5


# --- .ics files -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ics_files(book, model):
    settings = load_settings(MKDOCS_YML)
    names = plan_pages.branch_names(model)
    stamp = dt.datetime(2023, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    return plan_pages.calendar_files(book, names, settings, "", stamp)


def test_ics_files_parse_with_unique_uids_valid_dates_and_shanghai_time(ics_files, data):
    branches = list(data["branches"]["编号"])
    expected = {f"downloads/calendar/branch-{b}{s}.ics" for b in branches for s in ("", ".en")}
    expected |= {f"downloads/calendar/post-{p}{s}.ics" for p in wc.POST_WHO for s in ("", ".en")}
    assert set(ics_files) == expected
    uids: list[str] = []
    for path, content in ics_files.items():
        cal = Calendar.from_ical(content)
        assert str(cal["VERSION"]) == "2.0" and cal.get("PRODID")
        assert str(cal["X-WR-TIMEZONE"]) == "Asia/Shanghai"
        zones = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
        assert zones == ["Asia/Shanghai"], path
        events = cal.walk("VEVENT")
        assert events, path
        for event in events:
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            assert type(start) is dt.date and start.year == 2023
            assert end == start + dt.timedelta(days=1)
            assert event.decoded("DTSTAMP") == dt.datetime(2023, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
            assert str(event["SUMMARY"]).strip()
            description = str(event["DESCRIPTION"])
            if path.endswith(".en.ics"):
                assert re.search(r"Basis: .+, Article \d+", description)
                assert re.search(r"Page: en/rules/\d\d\.html#article-\d+", description)
            else:
                assert re.search(r"依据：《[^》]+》第[一二三四五六七八九十]+条", description)
                assert re.search(r"网页：rules/\d\d\.html#第[一二三四五六七八九十]+条", description)
            uids.append(str(event["UID"]))
    assert len(uids) == len(set(uids)), "UIDs repeat"


def test_ics_uids_are_stable_and_links_absolute_with_a_site_url(book, model, ics_files):
    settings = load_settings(MKDOCS_YML)
    names = plan_pages.branch_names(model)
    later = dt.datetime(2024, 5, 6, tzinfo=dt.UTC)
    again = plan_pages.calendar_files(book, names, settings, "https://dj.example.org/", later)
    path = "downloads/calendar/branch-B01.ics"
    first = [str(e["UID"]) for e in Calendar.from_ical(ics_files[path]).walk("VEVENT")]
    second_cal = Calendar.from_ical(again[path])
    assert [str(e["UID"]) for e in second_cal.walk("VEVENT")] == first
    description = str(second_cal.walk("VEVENT")[0]["DESCRIPTION"])
    assert "https://dj.example.org/rules/" in description


def test_calendar_year_is_configurable_and_checked():
    settings = dataclasses.replace(load_settings(MKDOCS_YML), calendar_year=2025)
    assert plan_pages.calendar_year(settings) == 2025
    assert (
        plan_pages.calendar_year(load_settings(MKDOCS_YML)) == 2023
    )  # extra.current_period 2023H1
    base = {"current_period": "2023H1", "edition": "2023-06-30"}
    assert check_extra({**base, "calendar_year": 2024, "as_of": "2023-05-20"}) == []
    problems = check_extra({**base, "calendar_year": "明年", "as_of": "2023-13-01"})
    assert any("extra.calendar_year" in p for p in problems)
    assert any("extra.as_of" in p for p in problems)


# --- due and overdue --------------------------------------------------------------------------


def test_as_of_defaults_to_the_period_end_and_the_environment_overrides_it():
    assert due.as_of("2023H1", "", {}) == dt.date(2023, 6, 30)
    assert due.as_of("2023H1", "2023-04-01", {}) == dt.date(2023, 4, 1)
    assert due.as_of("2023H1", "2023-04-01", {due.AS_OF_ENV: "2023-05-20"}) == dt.date(2023, 5, 20)
    with pytest.raises(due.AsOfError, match="HANDBOOK_AS_OF.*YYYY-MM-DD"):
        due.as_of("2023H1", "", {due.AS_OF_ENV: "20.5.2023"})


@pytest.mark.parametrize("day", ["2023-05-20", "2023-06-30", "2022-12-31"])
def test_overdue_agrees_with_the_compliance_views_for_the_same_date(model, data, day):
    day = dt.date.fromisoformat(day)
    settings = dataclasses.replace(load_settings(MKDOCS_YML), edition=day.isoformat())
    c = ledgers_pages._compliance_context(data, settings, model.register)
    assert c["as_of"] == day
    items = due.overdue(data, ledgers_pages.requirements(model.register), c["months"], day)
    mine: dict[str, set] = {}
    for item in items:
        mine.setdefault(item.duty, set()).add((item.unit, item.slot))
    ended = {m for m in c["months"] if summaries.slot_end(m) <= day}
    views = {
        "theme-day": {
            (t.branch, t.month)
            for t in c["theme_days"]
            if t.status in ("missed", "no_reason") and t.month in ended
        },
        "org-life-meeting": {(m.branch, m.period) for m in c["life"] if m.status == "missing"},
        "democratic-evaluation": {
            (m.branch, m.period) for m in c["evaluations"] if m.status == "missing"
        },
        "rectification-limit": {
            (r["编号"], r["完成时限"].date().isoformat()) for r in c["overdue"]
        },
    }
    for duty, view in c["duties"].items():
        views[duty] = {(unit, slot) for unit, slots in view["short"].items() for slot in slots}
    views = {k: v for k, v in views.items() if v}
    assert mine == views
    assert views, "the sample ledgers should show some lapse on this date"


def test_due_page_lists_the_next_30_days_and_every_overdue_item(model, data, monkeypatch):
    monkeypatch.setenv(due.AS_OF_ENV, "2023-05-20")
    pages = plan_pages.generate(model, "zh")
    page = pages["plan/due.md"]
    assert "截至2023-05-20" in page
    # 2023-06-02 is the first Friday of June: the theme day is due within 30 days
    assert re.search(r"\| 2023-06-02 \| 五 \| 开展主题党日活动（当日）", page)
    assert "2023-06-30" not in page.split("## 逾期事项")[0]  # beyond 30 days
    items = due.overdue(
        data,
        ledgers_pages.requirements(model.register),
        summaries.data_months(data),
        dt.date(2023, 5, 20),
    )
    overdue_part = page.split("## 逾期事项")[1]
    assert f"共 {len(items)} 项" in overdue_part
    assert overdue_part.count("\n| ") - 2 == len(items)  # one row each, after header and rule
    english = plan_pages.generate(model, "en")["plan/due.md"]
    assert "as of 2023-05-20" in english and f"{len(items)} in all" in english


# --- the question bank ------------------------------------------------------------------------

_EN_NUMBERS = {
    "once": "1 time",
    "twice": "2 times",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "a week": "1 week",
    "a month": "1 month",
}


def _plain(text: str, lang: str) -> str:
    """The article as the check reads it (written here, independent of handbook.questions)."""
    if lang == "zh":
        return re.sub(r"\s+", "", text)
    text = text.lower().replace("-", " ")
    for word, digits in _EN_NUMBERS.items():
        text = re.sub(rf"\b{word}\b", digits, text)
    return re.sub(r"\s+", " ", text)


def _said(article: str, key: str, lang: str) -> bool:
    key = _plain(key, lang)
    before = r"(?<![\d.])" if key[0].isdigit() else ("" if lang == "zh" else r"(?<![a-z])")
    after = r"(?![a-z])" if lang != "zh" and key[-1].isalpha() else ""
    return re.search(before + re.escape(key) + after, _plain(article, lang)) is not None


@pytest.fixture(scope="module", params=["zh", "en"])
def questions(request, book):
    return request.param, bank.questions(book, request.param)


def test_at_least_150_questions_of_every_kind(questions):
    lang, qs = questions
    assert len(qs) >= 150
    assert {q.kind for q in qs} == set(bank.KINDS)
    assert len({q.id for q in qs}) == len(qs)
    for q in qs:
        assert q.text and q.explanation and q.cite in q.explanation
        assert q.answer and all(0 <= i < len(q.options) for i in q.answer)
        assert len(set(q.options)) == len(q.options), q.id
        if q.kind == "single":
            assert len(q.options) >= 3 and len(q.answer) == 1
        if q.kind == "multiple":
            assert len(q.answer) >= 2 and len(q.options) > len(q.answer)
        if q.kind == "truefalse":
            assert len(q.options) == 2


def test_every_cited_article_states_the_answer_and_no_distractor(questions, book):
    lang, qs = questions
    for q in qs:
        rule = book.rules_by_id[q.rule]
        texts = {anchor: text for anchor, _, text in rule.article_texts(lang)}
        article = texts[q.anchor]
        if lang == "zh":
            assert q.cite == f"《{rule.title}》{q.article}"
        else:
            number = chinese_number(q.article.removeprefix("第").removesuffix("条"))
            assert q.anchor == f"article-{number}" and q.cite.endswith(f"Article {number}")
        for key in q.right:
            assert _said(article, key, lang), f"{q.id}: {q.cite} does not state {key!r}"
        for key in q.wrong:
            assert not _said(article, key, lang), f"{q.id}: {q.cite} states distractor {key!r}"
        if q.kind == "single":  # the right option shows the key value, the others do not
            shown = [q.options[i] for i in q.answer]
            assert all(any(_said(option, k, lang) for k in q.right) for option in shown), q.id


def test_a_value_the_article_states_is_never_a_distractor(book):
    """An article stating 3 and 5 working days: 5个工作日 cannot be offered as a wrong answer."""
    entry = next(o for o in book.obligations if o.id == "theme-day-record")
    text = "记录在活动后3个工作日内整理完成，方案于活动5个工作日前备案，每季度检查。"
    facts = {f.topic: f for f in bank._facts(entry, text, "zh", ["党支部", "支部组织委员"])}
    limit = facts["limit"]
    assert limit.right == "3个工作日"
    offered = {key for key, _ in limit.others}
    assert "5个工作日" not in offered
    assert {"2个工作日", "10个工作日"} <= offered
    english = (
        "Complete the record within three working days; file the plan five working days ahead."
    )
    facts_en = {f.topic: f for f in bank._facts(entry, english, "en", [])}
    assert facts_en["limit"].right == "3 working days"
    assert "5 working days" not in {key for key, _ in facts_en["limit"].others}


def test_papers_draw_20_questions_per_quarter_deterministically(book):
    qs = bank.questions(book, "zh")
    first = bank.paper(qs, "2023Q1")
    assert len(first) == 20 and len({q.id for q in first}) == 20
    assert [q.id for q in bank.paper(qs, "2023Q1")] == [q.id for q in first]
    assert [q.id for q in bank.paper(qs, "2023Q2")] != [q.id for q in first]
    assert {q.kind for q in first} == set(bank.KINDS)


def test_quiz_json_cannot_break_out_of_its_script_element(book):
    q = bank.questions(book, "zh")[0]
    evil = dataclasses.replace(q, text="</script><script>alert(1)</script>&amp;")
    text = plan_pages.quiz_json(book, [evil], "zh", "../")
    assert "<" not in text and ">" not in text and "&" not in text
    import json

    assert json.loads(text)["questions"][0]["text"] == evil.text


def test_a_limit_without_its_english_starting_event_is_reported(book):
    from handbook.content import check_obligations

    entry = next(o for o in book.obligations if o.id == "org-life-report")
    assert entry.limit and entry.limit.start_en == "the end of the organisational life meeting"
    bare = dataclasses.replace(entry, limit=dataclasses.replace(entry.limit, start_en=""))
    problems = check_obligations([bare], book.rules_by_id)
    assert problems == [
        "data/obligations.yml: org-life-report: limit from_en is empty"
        " (the starting event in English)"
    ]
