"""Half-year figures, report-style rounding and the compliance checks, on small hand-made data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from handbook import summaries
from handbook.ledgers import Ledgers
from handbook.summaries import Period, Requirement


@pytest.mark.parametrize(
    ("n", "suffix", "text"),
    [(76, "余", "70余"), (126, "余", "120余"), (527, "多", "500多"), (836, "余", "800余")]
    + [(14, "余", "14"), (300, "余", "300"), (70, "余", "70"), (20, "余", "20")],
)
def test_approx_rounds_down_like_the_reports(n, suffix, text):
    assert summaries.approx(n, suffix) == text


def test_approx_en():
    assert summaries.approx_en(76) == "more than 70"
    assert summaries.approx_en(12) == "12"


def test_period_parsing_and_bounds():
    period = Period.parse("2023H1")
    assert (period.start, period.end) == (dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    assert period.next() == Period(2023, 2) and Period(2022, 2).next() == Period(2023, 1)
    assert Period.of(dt.date(2022, 7, 1)).key == "2022H2"
    with pytest.raises(ValueError):
        Period.parse("2023-H1")


def _ledgers(org_rows: list[tuple], rect_rows: list[tuple] | None = None) -> Ledgers:
    branches = pd.DataFrame(
        {"编号": ["B01", "B02"], "名称": ["一支部", "二支部"], "党员人数": [10, 8]}
    )
    org = pd.DataFrame(org_rows, columns=["日期", "党支部", "类别", "调整原因"])
    org["日期"] = pd.to_datetime(org["日期"])
    frames = {"branches": branches, "org_life": org}
    if rect_rows is not None:
        rect = pd.DataFrame(rect_rows, columns=["编号", "完成时限", "状态", "完成日期"])
        rect["反馈日期"] = "2023-01-01"
        for column in ("完成时限", "完成日期", "反馈日期"):
            rect[column] = pd.to_datetime(rect[column])
        frames["rectification"] = rect
    return Ledgers(frames)


def test_theme_day_statuses():
    ledgers = _ledgers(
        [
            ("2023-03-03", "B01", "主题党日", None),  # first Friday
            ("2023-04-12", "B01", "主题党日", "与重点工作冲突"),  # moved, reason recorded
            ("2023-03-10", "B02", "主题党日", None),  # moved, no reason
            # B01 has nothing in May, B02 nothing in April and May
        ]
    )
    found = {
        (t.branch, t.month): t.status
        for t in summaries.theme_days(ledgers, ["2023-03", "2023-04", "2023-05"])
    }
    assert found == {
        ("B01", "2023-03"): "on_time",
        ("B01", "2023-04"): "moved",
        ("B01", "2023-05"): "missed",
        ("B02", "2023-03"): "no_reason",
        ("B02", "2023-04"): "missed",
        ("B02", "2023-05"): "missed",
    }


def test_theme_day_month_with_several_rows_takes_the_best_whatever_the_order():
    rows = [
        ("2023-03-10", "B01", "主题党日", None),  # moved, no reason
        ("2023-03-03", "B01", "主题党日", None),  # first Friday
        ("2023-04-12", "B01", "主题党日", None),  # moved, no reason
        ("2023-04-19", "B01", "主题党日", "与重点工作冲突"),  # moved with a reason
        ("2023-03-17", "B02", "主题党日", "与重点工作冲突"),
        ("2023-03-24", "B02", "主题党日", None),
    ]
    months = ["2023-03", "2023-04"]
    for order in (rows, list(reversed(rows))):
        found = {
            (t.branch, t.month): (t.status, t.date)
            for t in summaries.theme_days(_ledgers(order), months)
        }
        assert found[("B01", "2023-03")] == ("on_time", dt.date(2023, 3, 3))
        assert found[("B01", "2023-04")] == ("moved", dt.date(2023, 4, 19))
        assert found[("B02", "2023-03")] == ("moved", dt.date(2023, 3, 17))
        assert found[("B02", "2023-04")][0] == "missed"


def test_register_fixes_the_day_of_the_theme_day():
    first_friday = Requirement("theme-day", "monthly", 1, "15", "第四条", week=1, weekday=5)
    assert first_friday.fixed_day(2023, 3) == dt.date(2023, 3, 3)
    assert first_friday.fixed_day(2022, 7) == dt.date(2022, 7, 1)
    assert Requirement("x", "monthly", 1, "15", "第四条", day=10).fixed_day(2023, 3).day == 10
    second_monday = Requirement("x", "monthly", 1, "1", "第一条", week=2, weekday=1)
    assert second_monday.fixed_day(2023, 5) == dt.date(2023, 5, 8)


def _events(dates: list[str], unit: str = "B01") -> pd.DataFrame:
    return pd.DataFrame({"日期": pd.to_datetime(dates), "党支部": unit})


def test_tally_judges_monthly_duties_by_month_and_quarterly_by_whole_quarter():
    months = summaries.months_between(dt.date(2023, 1, 1), dt.date(2023, 4, 30))
    as_of = dt.date(2023, 4, 30)
    monthly = summaries.tally(
        _events(["2023-01-10", "2023-02-14", "2023-02-20"]),
        "党支部", "日期", ["B01", "B02"], "monthly", 1, months, as_of,
    )  # fmt: skip
    assert summaries.shortfalls(monthly) == {
        "B01": ["2023-03", "2023-04"],
        "B02": ["2023-01", "2023-02", "2023-03", "2023-04"],
    }
    quarterly = summaries.tally(
        _events(["2023-03-20"]), "党支部", "日期", ["B01"], "quarterly", 2, months, as_of
    )
    assert [(t.slot, t.held, t.short) for t in quarterly] == [("2023Q1", 1, True)]  # Q2 not over
    yearly = summaries.tally(
        _events(["2022-05-01", "2022-11-01"]),
        "党支部", "日期", ["B01"], "yearly", 2,
        summaries.months_between(dt.date(2022, 1, 1), dt.date(2023, 6, 30)), dt.date(2023, 6, 30),
    )  # fmt: skip
    assert [(t.slot, t.held, t.short) for t in yearly] == [("2022", 2, False)]


def test_report_counts_a_gap_in_the_half_year_of_its_month_or_quarter():
    # The bug: a November gap was counted in the first half, a March one in the second.
    tallies = [
        summaries.Tally("B01", slot, 0, 1)
        for slot in ("2022-11", "2022-12", "2023-03", "2023-04", "2022Q4", "2023Q1", "2022")
    ] + [summaries.Tally("B01", "2023-05", 1, 1)]
    first = {t.slot for t in summaries.shortfalls_in(tallies, Period(2023, 1))}
    second = {t.slot for t in summaries.shortfalls_in(tallies, Period(2022, 2))}
    assert first == {"2023-03", "2023-04", "2023Q1"}
    assert second == {"2022-11", "2022-12", "2022Q4", "2022"}
    assert summaries.shortfalls_in(tallies, Period(2022, 1)) == []


def test_slots_cover_only_whole_quarters_and_years():
    months = summaries.months_between(dt.date(2022, 2, 1), dt.date(2023, 6, 30))
    assert summaries.slots(months, "quarterly")[0] == "2022Q2"  # January is missing
    assert summaries.slots(months, "yearly") == []  # 2022 lacks January, 2023 is not over
    assert summaries.slots(months, "half-yearly") == ["2022H2", "2023H1"]
    assert summaries.slot_end("2023Q1") == dt.date(2023, 3, 31)
    assert summaries.slot_end("2022-12") == dt.date(2022, 12, 31)


def test_groups_that_met_in_at_most_half_the_months_meet_rarely():
    def group(unit: str, met: int) -> list[summaries.Tally]:
        months = [f"2022-0{m}" for m in range(1, 7)]
        return [summaries.Tally(unit, m, int(i < met), 1) for i, m in enumerate(months)]

    tallies = group("B01-1", 6) + group("B01-2", 3) + group("B02-1", 1) + group("B02-2", 4)
    assert summaries.rarely_meeting(tallies, Period(2022, 1)) == ["B01-2", "B02-1"]
    assert summaries.rarely_meeting(tallies, Period(2022, 2)) == []


def test_life_meetings_count_january_for_the_previous_half_and_know_what_is_not_due():
    rows = [("2023-01-10", "B01", "组织生活会", None), ("2022-06-20", "B02", "组织生活会", None)]
    found = {
        (m.branch, m.period): m.status
        for m in summaries.life_meetings(
            _ledgers(rows),
            [Period(2022, 1), Period(2022, 2), Period(2023, 1)],
            dt.date(2023, 6, 30),
        )
    }
    assert found[("B01", "2022H2")] == "held"
    assert found[("B01", "2022H1")] == "missing"
    assert found[("B02", "2022H2")] == "missing"
    assert found[("B02", "2023H1")] == "not_due"  # may still be held in July


def test_overdue_and_due_soon():
    as_of = dt.date(2023, 6, 30)
    ledgers = _ledgers(
        [("2023-03-03", "B01", "主题党日", None)],
        [
            ("A", "2023-05-31", "持续推进", None),  # overdue
            ("B", "2023-05-31", "已完成", "2023-05-20"),  # done in time
            ("C", "2023-07-20", "持续推进", None),  # due soon
            ("D", "2023-09-30", "持续推进", None),  # later
            ("E", "2023-03-31", "长效整改", None),  # long-term and past its deadline: overdue
            ("F", "2023-04-30", "已完成", "2023-07-15"),  # completed only after as_of
        ],
    )
    rect = ledgers["rectification"]
    assert list(summaries.overdue(rect, as_of)["编号"]) == ["A", "E", "F"]
    assert list(summaries.due_soon(rect, as_of)["编号"]) == ["C"]
    assert list(summaries.overdue(rect, dt.date(2023, 8, 1))["编号"]) == ["A", "C", "E"]


def test_democratic_evaluation_early_in_the_year_counts_for_the_previous_year():
    rows = [
        ("2023-01-12", "B01", "民主评议党员", None),
        ("2022-12-20", "B02", "民主评议党员", None),
    ]
    found = {
        (e.branch, e.period): e.status
        for e in summaries.evaluations(_ledgers(rows), [2022, 2023], dt.date(2023, 6, 30))
    }
    assert found == {
        ("B01", "2022"): "held",
        ("B02", "2022"): "held",
        ("B01", "2023"): "not_due",
        ("B02", "2023"): "not_due",
    }
