"""Half-year figures, report-style rounding and the compliance checks, on small hand-made data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from scripts import summaries
from scripts.ledgers import Ledgers
from scripts.summaries import Period


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
        for column in ("完成时限", "完成日期"):
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


def test_three_meetings_judges_months_and_whole_quarters():
    rows = [(f"2023-0{m}-10", "B01", kind, None) for m in (1, 2, 3) for kind in ("支部委员会",)]
    rows += [("2023-02-14", "B01", "党小组会", None), ("2023-03-20", "B01", "党课", None)]
    cadence = summaries.three_meetings(_ledgers(rows), ["2023-01", "2023-02", "2023-03", "2023-04"])
    b01 = next(c for c in cadence if c.branch == "B01")
    assert b01.missing["支部委员会"] == ["2023-04"]
    assert b01.missing["党小组会"] == ["2023-01", "2023-03", "2023-04"]
    assert b01.missing["党课"] == []  # Q2 is not over, so it is not judged
    assert b01.missing["支部党员大会"] == ["2023Q1"]


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
            ("E", "2023-03-31", "长效整改", None),  # long-term, not overdue
        ],
    )
    rect = ledgers["rectification"]
    assert list(summaries.overdue(rect, as_of)["编号"]) == ["A"]
    assert list(summaries.due_soon(rect, as_of)["编号"]) == ["C"]
