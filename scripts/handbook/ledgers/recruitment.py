"""Recruitment of new members (发展党员) by rule 07: the ledger's checks, findings and due steps.

Two kinds of problem. A step dated before the one it follows, or a stage reached without the
stage before it, is an ERROR that stops the build: the stages are defined by their order (no
one becomes a development target without having been an activist), so such a row is a typing
mistake, and every time limit computed from it would be wrong. A time limit missed (a late
talk, a short activist year, a short course, a late approval, a probation of the wrong length)
is a FINDING: a fact about the work, shown on the pages with its article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

RULE = "07"
# Stages that cannot be skipped, in order (a later one needs every earlier one).
STAGES = ("申请日期", "积极分子日期", "发展对象日期", "支部大会日期", "审批日期")
# (earlier, later): where both are filled, the later may not be dated before the earlier.
ORDER = (
    ("申请日期", "谈话日期"),
    ("申请日期", "积极分子日期"),
    ("积极分子日期", "发展对象日期"),
    ("发展对象日期", "政审日期"),
    ("发展对象日期", "培训开始日期"),
    ("培训开始日期", "培训结束日期"),
    ("政审日期", "公示日期"),
    ("培训结束日期", "公示日期"),
    ("发展对象日期", "公示日期"),
    ("公示日期", "支部大会日期"),
    ("政审日期", "支部大会日期"),
    ("培训结束日期", "支部大会日期"),
    ("发展对象日期", "支部大会日期"),
    ("支部大会日期", "审批日期"),
    ("支部大会日期", "转正日期"),
    ("审批日期", "转正日期"),
)
TALK_MONTHS = 1  # 第六条: talk within one month of the application
ACTIVIST_YEARS = 1  # 第十一条: one year or more as activist before development target
COURSE_DAYS, COURSE_HOURS = 3, 24  # 第十四条: at least 3 days or 24 class hours
APPROVAL_MONTHS = 3  # 第十七条: approval within three months of the admission meeting
PROBATION_MONTHS = 12  # 第十九条: probation of one year from the admission meeting
EXTENSION_MONTHS = (6, 12)  # 第二十一条: an extension of half a year at least, a year at most


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))


def _day(value: object) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def problems(frame: pd.DataFrame, name: str) -> list[str]:
    """Steps out of order or stages skipped: `file:row: column: reason` lines (errors)."""
    out = []
    for row, entry in frame.iterrows():
        for earlier, later in zip(STAGES, STAGES[1:], strict=False):
            if pd.notna(entry[later]) and pd.isna(entry[earlier]):
                out.append(
                    f"{name}:{row}: {earlier}: 已填写{later}，{earlier}不能为空：发展党员的步骤"
                    f"不能跳过（制度{RULE}） (a step before it is missing)"
                )
        for earlier, later in ORDER:
            first, then = _day(entry[earlier]), _day(entry[later])
            if first and then and then < first:
                out.append(
                    f"{name}:{row}: {later}: {then} 早于{earlier} {first}：发展党员的步骤要"
                    f"按顺序进行，请核对日期（制度{RULE}） (steps out of order)"
                )
    return out


@dataclass(frozen=True)
class Finding:
    """A time limit of rule 07 not kept, for one applicant."""

    row: int
    id: str
    branch: str
    check: str  # key of CHECKS
    detail_zh: str
    detail_en: str


# check -> (article, Chinese title, English title)
CHECKS = {
    "talk": ("第六条", "收到入党申请书后1个月内未谈话", "No talk within a month of applying"),
    "activist": (
        "第十一条",
        "培养考察不满1年即列为发展对象",
        "Made a development target after less than a year as activist",
    ),
    "course": (
        "第十四条",
        "短期集中培训不足3天且不足24学时",
        "Training course shorter than 3 days and 24 hours",
    ),
    "approval": (
        "第十七条",
        "支部大会通过后超过3个月才审批",
        "Approved more than three months after the admission meeting",
    ),
    "probation": (
        "第十九条、第二十一条",
        "预备期不是1年（或延长期不符合规定）",
        "Probation not one year (or an extension outside the rules)",
    ),
}


def findings(frame: pd.DataFrame) -> list[Finding]:
    """Every time limit of rule 07 the recorded dates do not keep."""
    out = []
    for row, e in frame.iterrows():
        d = {column: _day(e[column]) for column in frame.columns if column.endswith("日期")}

        def add(check: str, zh: str, en: str, row: object = row, e: pd.Series = e) -> None:
            out.append(Finding(int(row), str(e["编号"]), str(e["党支部"]), check, zh, en))

        applied, talk = d["申请日期"], d["谈话日期"]
        if talk and talk > add_months(applied, TALK_MONTHS):
            days = (talk - applied).days
            add("talk", f"申请后第 {days} 天谈话", f"talk {days} days after applying")
        activist, target = d["积极分子日期"], d["发展对象日期"]
        if activist and target and target < add_months(activist, 12 * ACTIVIST_YEARS):
            months = (target.year - activist.year) * 12 + target.month - activist.month
            add("activist", f"培养约 {months} 个月", f"about {months} months as activist")
        start, end, hours = d["培训开始日期"], d["培训结束日期"], e["培训学时"]
        if start and end:
            days = (end - start).days + 1
            enough_hours = pd.notna(hours) and int(hours) >= COURSE_HOURS
            if days < COURSE_DAYS and not enough_hours:
                h = f"{int(hours)} 学时" if pd.notna(hours) else "学时未填"
                h_en = f"{int(hours)} hours" if pd.notna(hours) else "hours not given"
                add("course", f"{days} 天，{h}", f"{days} day(s), {h_en}")
        meeting, approved = d["支部大会日期"], d["审批日期"]
        if meeting and approved and approved > add_months(meeting, APPROVAL_MONTHS):
            days = (approved - meeting).days
            add("approval", f"{days} 天后审批", f"approved after {days} days")
        extension = e["延长预备期月数"]
        if meeting and pd.notna(extension):
            low, high = EXTENSION_MONTHS
            if not low <= int(extension) <= high:
                add(
                    "probation",
                    f"延长 {int(extension)} 个月（应为6至12个月）",
                    f"extended by {int(extension)} months (6 to 12 allowed)",
                )
        full = d["转正日期"]
        if meeting and full:
            months = PROBATION_MONTHS + (int(extension) if pd.notna(extension) else 0)
            expected = add_months(meeting, months)
            if full != expected:
                add(
                    "probation",
                    f"转正日期 {full}，预备期应满于 {expected}",
                    f"full member from {full}; probation ends {expected}",
                )
    return out


# --- stages and steps due --------------------------------------------------------------------

STAGE_NAMES = {
    "applicant": ("入党申请人", "Applicants"),
    "activist": ("入党积极分子", "Activists applying for Party membership"),
    "target": ("发展对象", "Development targets"),
    "probationer": ("预备党员", "Probationary Party members"),
    "full": ("转为正式党员", "Became full members"),
}


def stage(entry: pd.Series, as_of: dt.date) -> str | None:
    """Where an applicant stands on `as_of` (None before the application)."""

    def done(column: str) -> bool:
        return pd.notna(entry[column]) and entry[column] <= pd.Timestamp(as_of)

    if done("转正日期"):
        return "full"
    if done("支部大会日期"):
        return "probationer"
    if done("发展对象日期"):
        return "target"
    if done("积极分子日期"):
        return "activist"
    if done("申请日期"):
        return "applicant"
    return None


# step -> (article, Chinese, English)
NEXT_STEPS = {
    "talk": ("第六条", "谈话", "talk with the applicant"),
    "approval": ("第十七条", "局机关党委审批", "approval by the Party committee"),
    "conversion": ("第十九条、第二十条", "讨论转正", "discussion of full membership"),
    "target": ("第十一条", "可以列为发展对象", "may become a development target"),
}


@dataclass(frozen=True)
class Step:
    """The next step of one applicant with a date of rule 07."""

    id: str
    name: str
    branch: str
    step: str  # key of NEXT_STEPS
    due: dt.date
    deadline: bool  # a time limit (talk, approval, conversion), not just an earliest date


def next_steps(frame: pd.DataFrame, as_of: dt.date) -> list[Step]:
    """Each applicant's next step with its date, as of `as_of` (by date)."""
    out = []
    for _, e in frame.iterrows():
        d = {c: _day(e[c]) for c in frame.columns if c.endswith("日期")}
        d = {c: v if v and v <= as_of else None for c, v in d.items()}
        ext = int(e["延长预备期月数"]) if pd.notna(e["延长预备期月数"]) else 0
        found: tuple[str, dt.date, bool] | None = None
        if d["申请日期"] and not d["谈话日期"] and not d["积极分子日期"]:
            found = ("talk", add_months(d["申请日期"], TALK_MONTHS), True)
        elif d["支部大会日期"] and not d["审批日期"]:
            found = ("approval", add_months(d["支部大会日期"], APPROVAL_MONTHS), True)
        elif d["支部大会日期"] and not d["转正日期"]:
            due = add_months(d["支部大会日期"], PROBATION_MONTHS + ext)
            found = ("conversion", due, True)
        elif d["积极分子日期"] and not d["发展对象日期"]:
            found = ("target", add_months(d["积极分子日期"], 12 * ACTIVIST_YEARS), False)
        if found:
            step, due, deadline = found
            out.append(Step(str(e["编号"]), str(e["姓名"]), str(e["党支部"]), step, due, deadline))
    return sorted(out, key=lambda s: (s.due, s.branch, s.id))


def overdue(steps: list[Step], as_of: dt.date) -> list[Step]:
    """Steps whose time limit passed before `as_of`."""
    return [s for s in steps if s.deadline and s.due < as_of]


def due_soon(steps: list[Step], as_of: dt.date, days: int = 30) -> list[Step]:
    """Steps whose time limit falls within the next `days` days (from `as_of`, inclusive)."""
    return [s for s in steps if s.deadline and as_of <= s.due <= as_of + dt.timedelta(days=days)]
