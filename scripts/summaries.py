"""Figures, summaries and compliance checks computed from the ledgers. Pure functions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from scripts.ledgers import Ledgers
from scripts.ledgers.schemas import LEDGER_SPECS, OFFICE_KINDS, ORG_LIFE_KINDS, SPECS, STUDY_TYPES

_PERIOD = re.compile(r"^(\d{4})H([12])$")


# --- periods ---------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """A half year, written 2023H1."""

    year: int
    half: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read `2023H1`; raise ValueError for anything else."""
        match = _PERIOD.match(str(text).strip())
        if not match:
            raise ValueError(f"period must look like 2023H1, not {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Period:
        """The half year a date falls in."""
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def key(self) -> str:
        return f"{self.year}H{self.half}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def months(self) -> list[str]:
        first = 1 if self.half == 1 else 7
        return [f"{self.year}-{m:02d}" for m in range(first, first + 6)]

    def label(self, lang: str) -> str:
        """2023年上半年 / first half of 2023."""
        if lang == "zh":
            return f"{self.year}年{'上' if self.half == 1 else '下'}半年"
        return f"{'first' if self.half == 1 else 'second'} half of {self.year}"

    def next(self) -> Period:
        return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)

    def __str__(self) -> str:
        return self.key


def within(frame: pd.DataFrame, column: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows whose `column` date lies in [start, end]."""
    dates = frame[column]
    return frame[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))]


def in_period(frame: pd.DataFrame, column: str, period: Period) -> pd.DataFrame:
    """Rows of one half year."""
    return within(frame, column, period.start, period.end)


def periods(ledgers: Ledgers) -> list[Period]:
    """Every half year in which some dated ledger has a row, oldest first."""
    found: set[Period] = set()
    for spec in LEDGER_SPECS:
        if spec.date_column and spec.key in ledgers.frames:
            for key in period_keys(ledgers[spec.key][spec.date_column].dropna()).unique():
                found.add(Period.parse(key))
    return sorted(found)


def period_keys(dates: pd.Series) -> pd.Series:
    """The half year of each date, as `2023H1` strings (vectorised)."""
    # Label the few distinct half years, not every row: 100x ledgers have 300,000 dated rows.
    codes = dates.dt.year.astype("int64") * 10 + (dates.dt.month > 6).astype("int64") + 1
    labels = {code: f"{code // 10}H{code % 10}" for code in codes.unique()}
    return codes.map(labels)


def approx(n: int, suffix: str = "余") -> str:
    """Round down in the style of work reports: 74 → 70余, 126 → 120余, 527 → 500多 (suffix 多)."""
    n = int(n)
    if n < 20:
        return str(n)
    digits = len(str(n))
    step = 10 ** (digits - 1)
    if str(n)[0] == "1" and digits >= 3:
        step //= 10
    base = n // step * step
    return str(n) if base == n else f"{base}{suffix}"


def approx_en(n: int) -> str:
    """English counterpart of `approx`: 74 → more than 70."""
    text = approx(n)
    return f"more than {text[:-1]}" if text.endswith("余") else text


# --- half-year figures ------------------------------------------------------------------------


def _count(frame: pd.DataFrame, column: str, value: str, total: str | None = None) -> int:
    rows = frame[frame[column] == value]
    return int(rows[total].sum()) if total else len(rows)


def figures(ledgers: Ledgers, period: Period) -> dict[str, int]:
    """Every figure of one half year that the reports and the dashboard state."""
    f: dict[str, int] = {}
    branches = ledgers["branches"]
    f["branches"] = len(branches)
    f["members"] = int(branches["党员人数"].sum())
    f["secretaries_appointed"] = len(in_period(branches, "书记任职日期", period))
    f["rooms_built"] = len(in_period(branches, "活动室建设日期", period))
    f["rooms_six"] = int((branches["活动室六有"] == "是").sum())

    study = in_period(ledgers["study"], "日期", period)
    for kind in STUDY_TYPES:
        f[f"study:{kind}"] = _count(study, "类型", kind, "数量")

    org = in_period(ledgers["org_life"], "日期", period)
    for kind in ORG_LIFE_KINDS:
        f[f"org:{kind}"] = _count(org, "类别", kind)

    office = in_period(ledgers["office"], "日期", period)
    for kind in OFFICE_KINDS:
        f[f"office:{kind}"] = _count(office, "类别", kind, "数量")

    rect = ledgers["rectification"]
    f["rect:raised"] = len(in_period(rect, "反馈日期", period))
    f["rect:done"] = len(in_period(rect.dropna(subset=["完成日期"]), "完成日期", period))
    f["rect:overdue"] = len(overdue(rect, period.end))

    risks = in_period(ledgers["risks"], "排查日期", period)
    f["risk:staff"] = risks["职工编号"].nunique()
    f["risk:points"] = len(risks)
    f["risk:measures"] = int(risks["措施条数"].sum())
    f["risk:high"] = _count(risks, "风险等级", "高")

    sup = in_period(ledgers["supervision"], "日期", period)
    f["sup:branches"] = sup["党支部"].nunique()
    f["sup:found"] = int(sup["发现问题"].sum())
    f["sup:fixed"] = int(sup["已整改"].sum())

    talks = in_period(ledgers["talks"], "日期", period)
    team = talks[(talks["谈话人"] == "局党组书记") & (talks["谈话对象"] == "班子成员")]
    f["talk:team"] = _count(team, "类别", "谈心谈话")
    f["talk:collective"] = _count(talks, "类别", "集体任前廉政谈话")
    f["talk:batches"] = _count(talks, "类别", "约谈")
    f["talk:reminders"] = _count(talks, "类别", "提醒谈话")
    f["talk:branch"] = int(talks[talks["谈话人"] == "党支部书记"]["人数"].sum())

    warn = in_period(ledgers["warnings"], "日期", period)
    sessions = warn[warn["形式"] != "任前廉政考试"]
    f["warn:sessions"] = len(sessions)
    f["warn:participants"] = int(sessions["参加人数"].sum())
    f["warn:cases"] = _count(warn, "形式", "以案示警")
    f["warn:exam"] = _count(warn, "形式", "任前廉政考试", "参加人数")

    vol = in_period(ledgers["volunteers"], "开始日期", period)
    f["vol:activities"] = len(vol)
    f["vol:served"] = int(vol["服务人次"].sum())
    return f


def main_volunteer_activity(ledgers: Ledgers, period: Period) -> dict | None:
    """The half year's largest volunteer activity (most people served), with its length in days."""
    vol = in_period(ledgers["volunteers"], "开始日期", period)
    if vol.empty:
        return None
    row = vol.sort_values("服务人次", ascending=False).iloc[0]
    days = (row["结束日期"] - row["开始日期"]).days + 1
    return {
        "activity": row["活动"],
        "volunteers": int(row["志愿者人数"]),
        "served": int(row["服务人次"]),
        "days": days,
    }


# --- per-ledger summaries ---------------------------------------------------------------------

# For each ledger: (branch or unit column, type column, column summed next to the row count).
AXES: dict[str, tuple[str | None, str | None, str | None]] = {
    "branches": (None, "活动室六有", "党员人数"),
    "study": ("组织单位", "类型", "数量"),
    "org_life": ("党支部", "类别", "实到人数"),
    "rectification": ("责任科室", "状态", None),
    "office": (None, "类别", "数量"),
    "risks": ("部门", "风险等级", "措施条数"),
    "supervision": ("党支部", "方式", "发现问题"),
    "talks": ("党支部", "类别", "人数"),
    "warnings": ("组织单位", "形式", "参加人数"),
    "volunteers": ("组织单位", "活动", "服务人次"),
}


@dataclass(frozen=True)
class Breakdown:
    """Rows counted by one key, with the sum of the ledger's value column."""

    column: str
    items: list[tuple[str, int, int]]  # (key, rows, value sum)

    @property
    def rows(self) -> int:
        return sum(rows for _, rows, _ in self.items)


@dataclass(frozen=True)
class LedgerSummary:
    """What the summary page of one ledger shows."""

    key: str
    rows: int
    value_column: str | None
    value_total: int
    by_period: Breakdown | None
    by_month: Breakdown | None
    by_branch: Breakdown | None
    by_type: Breakdown | None


def _breakdown(frame: pd.DataFrame, keys: pd.Series, column: str, value: str | None) -> Breakdown:
    keys = keys.fillna("—").astype(str)  # a blank optional cell, in either language
    grouped = frame.groupby(keys, sort=True)
    items = [
        (str(k), len(g), int(g[value].fillna(0).sum()) if value else len(g)) for k, g in grouped
    ]
    return Breakdown(column, items)


def summarise(ledgers: Ledgers, key: str) -> LedgerSummary:
    """Totals, by half year, by month, by branch and by type of one ledger."""
    frame = ledgers[key]
    spec = SPECS[key]
    branch, kind, value = AXES[key]
    by_period = by_month = None
    if spec.date_column:
        dates = frame[spec.date_column]
        by_period = _breakdown(frame, period_keys(dates), spec.date_column, value)
        by_month = _breakdown(frame, dates.dt.strftime("%Y-%m"), spec.date_column, value)
    return LedgerSummary(
        key=key,
        rows=len(frame),
        value_column=value,
        value_total=int(frame[value].fillna(0).sum()) if value else len(frame),
        by_period=by_period,
        by_month=by_month,
        by_branch=_breakdown(frame, frame[branch], branch, value) if branch else None,
        by_type=_breakdown(frame, frame[kind], kind, value) if kind else None,
    )


# --- compliance -------------------------------------------------------------------------------


def first_friday(year: int, month: int) -> dt.date:
    """The first Friday of a month."""
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


def months_between(start: dt.date, end: dt.date) -> list[str]:
    """Months `YYYY-MM` from start to end inclusive."""
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def data_months(ledgers: Ledgers) -> list[str]:
    """The months covered by the organisational-life ledger."""
    dates = ledgers["org_life"]["日期"]
    return months_between(dates.min().date(), dates.max().date())


@dataclass(frozen=True)
class ThemeDay:
    """One branch's 主题党日 in one month. status: on_time, moved, no_reason, missed."""

    branch: str
    month: str
    date: dt.date | None
    status: str
    reason: str


def theme_days(ledgers: Ledgers, months: list[str]) -> list[ThemeDay]:
    """Each branch × month: held on the first Friday, moved with a reason, or a lapse."""
    org = ledgers["org_life"]
    days = org[org["类别"] == "主题党日"]
    out = []
    for branch in ledgers["branches"]["编号"]:
        mine = days[days["党支部"] == branch]
        by_month = {
            d.strftime("%Y-%m"): (d.date(), r)
            for d, r in zip(mine["日期"], mine["调整原因"], strict=True)
        }
        for month in months:
            if month not in by_month:
                out.append(ThemeDay(branch, month, None, "missed", ""))
                continue
            date, reason = by_month[month]
            reason = "" if pd.isna(reason) else str(reason)
            if date == first_friday(date.year, date.month):
                status = "on_time"
            else:
                status = "moved" if reason else "no_reason"
            out.append(ThemeDay(branch, month, date, status, reason))
    return out


@dataclass(frozen=True)
class Cadence:
    """Where a branch fell short of 三会一课: months or quarters without the meeting."""

    branch: str
    missing: dict[str, list[str]]  # kind → months (YYYY-MM) or quarters (YYYYQn)


MONTHLY = ("支部委员会", "党小组会")
QUARTERLY = ("支部党员大会", "党课")


def three_meetings(ledgers: Ledgers, months: list[str]) -> list[Cadence]:
    """支委会 and 党小组会 every month, 党员大会 and 党课 every quarter, per branch."""
    org = ledgers["org_life"]
    quarters = sorted({f"{m[:4]}Q{(int(m[5:]) - 1) // 3 + 1}" for m in months})
    # Only whole quarters are judged: the last one may still be under way.
    complete = [q for q in quarters if f"{q[:4]}-{int(q[-1]) * 3:02d}" in months]
    out = []
    for branch in ledgers["branches"]["编号"]:
        mine = org[org["党支部"] == branch]
        missing: dict[str, list[str]] = {}
        for kind in MONTHLY:
            held = set(mine[mine["类别"] == kind]["日期"].dt.strftime("%Y-%m"))
            missing[kind] = [m for m in months if m not in held]
        for kind in QUARTERLY:
            dates = mine[mine["类别"] == kind]["日期"]
            held = {f"{d.year}Q{(d.month - 1) // 3 + 1}" for d in dates}
            missing[kind] = [q for q in complete if q not in held]
        out.append(Cadence(branch, missing))
    return out


def life_meeting_period(day: dt.date) -> Period:
    """The half year a 组织生活会 counts for: H1 until end of July, H2 until end of February."""
    if day.month <= 2:
        return Period(day.year - 1, 2)
    return Period(day.year, 1 if day.month <= 7 else 2)


def life_meeting_deadline(period: Period) -> dt.date:
    """Last day on which a half year's 组织生活会 may still be held."""
    if period.half == 1:
        return dt.date(period.year, 7, 31)
    return dt.date(period.year + 1, 3, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class LifeMeeting:
    """One branch's 组织生活会 for one half year. status: held, missing, not_due."""

    branch: str
    period: str
    dates: list[dt.date]
    status: str


def life_meetings(ledgers: Ledgers, half_years: list[Period], as_of: dt.date) -> list[LifeMeeting]:
    """Each branch × half year: was its 组织生活会 held (or is it not yet due)?"""
    org = ledgers["org_life"]
    meetings = org[org["类别"] == "组织生活会"]
    out = []
    for branch in ledgers["branches"]["编号"]:
        dates = [d.date() for d in meetings[meetings["党支部"] == branch]["日期"]]
        for period in half_years:
            held = [d for d in dates if life_meeting_period(d) == period]
            if held:
                status = "held"
            elif life_meeting_deadline(period) >= as_of:
                status = "not_due"
            else:
                status = "missing"
            out.append(LifeMeeting(branch, period.key, held, status))
    return out


def overdue(rect: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Items past their deadline and not completed by `as_of`."""
    done_in_time = rect["完成日期"].notna() & (rect["完成日期"] <= pd.Timestamp(as_of))
    return rect[
        ~done_in_time & (rect["完成时限"] < pd.Timestamp(as_of)) & (rect["状态"] != "长效整改")
    ]


def due_soon(rect: pd.DataFrame, as_of: dt.date, days: int = 30) -> pd.DataFrame:
    """Open items whose deadline falls within the next `days` days."""
    limit = pd.Timestamp(as_of + dt.timedelta(days=days))
    open_ = rect["完成日期"].isna() & (rect["状态"] != "长效整改")
    return rect[open_ & (rect["完成时限"] >= pd.Timestamp(as_of)) & (rect["完成时限"] <= limit)]


def risk_matrix(ledgers: Ledgers, year: int) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """Risk points of one year's screening by department × level (高, 中, 低)."""
    risks = ledgers["risks"]
    risks = risks[risks["排查日期"].dt.year == year]
    levels = ["高", "中", "低"]
    rows = []
    for dept, group in risks.groupby("部门", sort=True):
        rows.append((str(dept), [int((group["风险等级"] == lv).sum()) for lv in levels]))
    return levels, rows


def risk_years(ledgers: Ledgers) -> list[int]:
    """Years in which a risk screening was recorded."""
    return sorted({int(y) for y in ledgers["risks"]["排查日期"].dt.year.unique()})


@dataclass(frozen=True)
class Coverage:
    """Talks of one branch in one year: members, members talked to, and the share."""

    branch: str
    year: int
    members: int
    talked: int
    secretary_talk: bool  # 机关党委书记 talked with the branch secretary

    @property
    def share(self) -> int:
        return min(100, round(100 * self.talked / self.members)) if self.members else 0


def talks_coverage(ledgers: Ledgers, year: int) -> list[Coverage]:
    """Per branch: how many members the secretary talked with in `year` (rule: all, yearly)."""
    talks = ledgers["talks"]
    talks = talks[talks["日期"].dt.year == year]
    out = []
    for _, branch in ledgers["branches"].iterrows():
        mine = talks[talks["党支部"] == branch["编号"]]
        talked = int(mine[mine["谈话人"] == "党支部书记"]["人数"].sum())
        secretary = bool((mine["谈话人"] == "机关党委书记").any())
        out.append(Coverage(branch["编号"], year, int(branch["党员人数"]), talked, secretary))
    return out


def talk_years(ledgers: Ledgers) -> list[int]:
    """Years with recorded talks."""
    return sorted({int(y) for y in ledgers["talks"]["日期"].dt.year.unique()})


def as_of_date(edition: str, ledgers: Ledgers) -> dt.date:
    """The date compliance is judged on: the edition date, else the last month of data."""
    try:
        return dt.date.fromisoformat(edition)
    except ValueError:
        return ledgers["org_life"]["日期"].max().date()
