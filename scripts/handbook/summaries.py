"""Figures, summaries and compliance checks computed from the ledgers. Pure functions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from handbook.content import fixed_day
from handbook.ledgers import Ledgers
from handbook.ledgers.schemas import (
    AGENDA_KINDS,
    LEADERSHIP_MEETINGS,
    LEDGER_SPECS,
    OFFICE_KINDS,
    ORG_LIFE_KINDS,
    SPECS,
    STAFF_POSTS,
    STUDY_TYPES,
    WARNING_FORMS,
    columns,
)

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
        """2023年上半年 / first half of 2023 (words from the strings table)."""
        from handbook.render import strings

        dates = strings(lang)["dates"]
        return dates["half"].format(year=self.year, half=dates["halves"][self.half - 1])

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
    from handbook.render import strings

    text = approx(n)
    return strings("en")["dates"]["more_than"].format(n=text[:-1]) if text.endswith("余") else text


# --- half-year figures ------------------------------------------------------------------------


def _count(frame: pd.DataFrame, column: str, value: str, total: str | None = None) -> int:
    rows = frame[frame[column] == value]
    return int(rows[total].sum()) if total else len(rows)


def _frame(ledgers: Ledgers, key: str) -> pd.DataFrame:
    """A ledger's rows, or no rows when the ledger is not part of this set (hand-made tests)."""
    frame = ledgers.frames.get(key)
    if frame is None:
        return pd.DataFrame(columns=[c.name for c in columns(SPECS[key].model)])
    return frame


def figures(ledgers: Ledgers, period: Period) -> dict[str, int]:
    """Every figure of one half year that the reports and the dashboard state."""
    f: dict[str, int] = {}
    branches = ledgers["branches"]
    f["branches"] = len(branches)
    f["members"] = int(branches["党员人数"].sum())
    f["groups"] = len(_frame(ledgers, "groups"))
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
    f["vol:volunteers"] = int(vol["志愿者人数"].sum())

    lead = _frame(ledgers, "leadership")
    meetings = in_period(lead[lead["会议"] == LEADERSHIP_MEETINGS[0]], "日期", period)
    f["lead:meetings"] = meetings["日期"].nunique()
    for kind in AGENDA_KINDS:
        # Meetings (days) that took up the kind of item, not items: "6次召开党组会…".
        f[f"lead:{kind}"] = meetings[meetings["议题类别"] == kind]["日期"].nunique()
    # A yearly rate: the twelve months up to the end of the period.
    # A yearly rate over the twelve months up to the period's end, once the ledger covers them.
    since = pd.Timestamp(period.end.replace(year=period.end.year - 1))
    year = lead[(lead["日期"] > since) & (lead["日期"] <= pd.Timestamp(period.end))]
    covered = len(lead) and lead["日期"].min() <= since + pd.Timedelta(days=31)
    f["lead:意识形态:year"] = len(year[year["议题类别"] == "意识形态"]) if covered else 0

    staff = _frame(ledgers, "staff")
    staff = staff[staff["任职日期"] <= pd.Timestamp(period.end)]  # in post at the period's end
    new = in_period(staff, "任职日期", period)
    affairs = staff[staff["岗位"].isin(STAFF_POSTS[:2])]
    f["staff:affairs"] = len(affairs)
    f["staff:affairs:new"] = int(new["岗位"].isin(STAFF_POSTS[:2]).sum())
    f["staff:full_time"] = _count(staff, "岗位", STAFF_POSTS[0])
    young = affairs[period.end.year - affairs["出生年份"] < YOUNG_AGE]
    f["staff:young"] = len(young)
    f["staff:young_share"] = round(100 * len(young) / len(affairs)) if len(affairs) else 0
    f["staff:ideology"] = _count(staff, "岗位", STAFF_POSTS[2])
    f["staff:ideology:new"] = _count(new, "岗位", STAFF_POSTS[2])
    f.update(private_figures(ledgers, period))
    return f


def private_figures(ledgers: Ledgers, period: Period) -> dict[str, int]:
    """Aggregates of the dues and recruitment ledgers for one half year, as of its end.

    dues:rate_permille is the share of the period's due amount collected by its end, in per
    mille (984 = 98.4%); people are counted, amounts never leave the private report.
    """
    from handbook.ledgers import dues, recruitment

    f: dict[str, int] = {}
    if "dues" in ledgers.frames:
        view = dues.overview(ledgers["dues"], period.months, period.end)
        rate = view.total.rate
        f["dues:rate_permille"] = round(1000 * rate) if rate is not None else 0
        f["dues:unpaid_members"] = view.total.unpaid
        f["dues:behind_3"] = sum(view.behind.values())
        f["dues:lapsed_6"] = sum(view.lapsed.values())
        f["dues:large"] = view.total.large
    if "recruitment" in ledgers.frames:
        rec = ledgers["recruitment"]
        for key, column in (
            ("applied", "申请日期"),
            ("activists", "积极分子日期"),
            ("targets", "发展对象日期"),
            ("admitted", "支部大会日期"),
            ("full", "转正日期"),
        ):
            f[f"recruit:{key}"] = len(in_period(rec.dropna(subset=[column]), column, period))
        steps = recruitment.next_steps(rec, period.end)
        f["recruit:overdue"] = len(recruitment.overdue(steps, period.end))
    return f


YOUNG_AGE = 35  # 青年干部: under 35 in the year the period ends


def main_volunteer_activity(ledgers: Ledgers, period: Period) -> dict | None:
    """The half year's largest volunteer activity (most people served), with its length in days."""
    vol = in_period(ledgers["volunteers"], "开始日期", period)
    if vol.empty:
        return None
    row = vol.sort_values("服务人次", ascending=False).iloc[0]
    days = (row["结束日期"] - row["开始日期"]).days + 1
    return {
        "activity": row["活动"],
        "way": row["服务方式"] if "服务方式" in row.index else "",
        "unit": row["组织单位"],
        "volunteers": int(row["志愿者人数"]),
        "served": int(row["服务人次"]),
        "days": days,
    }


def office_items(ledgers: Ledgers, period: Period, kind: str) -> list[tuple[str, int]]:
    """The period's rows of one kind of office work: (item, count), in date order."""
    office = in_period(ledgers["office"], "日期", period).sort_values("日期", kind="stable")
    rows = office[office["类别"] == kind]
    return [(str(item), int(n)) for item, n in zip(rows["事项"], rows["数量"], strict=True)]


def first_meeting_month(ledgers: Ledgers, period: Period, kind: str) -> int | None:
    """Month of the period's first 党组 meeting that took up an item of `kind`, if any."""
    lead = in_period(_frame(ledgers, "leadership"), "日期", period)
    dates = lead[(lead["会议"] == LEADERSHIP_MEETINGS[0]) & (lead["议题类别"] == kind)]["日期"]
    return int(dates.min().month) if len(dates) else None


_CONGRESS = re.compile(r"党的([一二三四五六七八九十]+)大")


def congress(ledgers: Ledgers, period: Period) -> str | None:
    """The Party congress whose spirit the period's study took up most (二十大), if any."""
    study = in_period(ledgers["study"], "日期", period)
    found = study["主题"].astype(str).str.extract(_CONGRESS)[0].dropna()
    return str(found.value_counts().index[0]) if len(found) else None


# --- per-ledger summaries ---------------------------------------------------------------------

# For each ledger: (branch or unit column, type column, column summed next to the row count).
AXES: dict[str, tuple[str | None, str | None, str | None]] = {
    "branches": (None, "活动室六有", "党员人数"),
    "groups": ("支部", None, "党员人数"),
    "study": ("组织单位", "类型", "数量"),
    "org_life": ("党支部", "类别", "实到人数"),
    "rectification": ("责任科室", "状态", None),
    "office": (None, "类别", "数量"),
    "risks": ("部门", "风险等级", "措施条数"),
    "supervision": ("党支部", "方式", "发现问题"),
    "talks": ("党支部", "类别", "人数"),
    "warnings": ("组织单位", "形式", "参加人数"),
    "volunteers": ("组织单位", "活动", "服务人次"),
    "leadership": (None, "议题类别", None),
    "staff": ("所在单位", "岗位", None),
}
# Columns that hold a branch id: summaries show the branch's name there.
BRANCH_COLUMNS = {"党支部", "组织单位", "支部", "所在单位"}


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


def branch_names(ledgers: Ledgers) -> dict[str, str]:
    """Branch id → name, for every place a person reads."""
    branches = ledgers["branches"]
    return dict(zip(branches["编号"], branches["名称"], strict=True))


def summarise(ledgers: Ledgers, key: str) -> LedgerSummary:
    """Totals, by half year, by month, by branch and by type of one ledger.

    Branch columns are grouped by the branch's name (ids are for files, names for readers).
    """
    frame = ledgers[key]
    spec = SPECS[key]
    branch, kind, value = AXES.get(key, (None, None, None))
    by_period = by_month = by_branch = None
    if spec.date_column:
        dates = frame[spec.date_column]
        by_period = _breakdown(frame, period_keys(dates), spec.date_column, value)
        by_month = _breakdown(frame, dates.dt.strftime("%Y-%m"), spec.date_column, value)
    if branch:
        keys = frame[branch]
        if branch in BRANCH_COLUMNS:
            keys = keys.map(lambda k: branch_names(ledgers).get(k, k))
        by_branch = _breakdown(frame, keys, branch, value)
    return LedgerSummary(
        key=key,
        rows=len(frame),
        value_column=value,
        value_total=int(frame[value].fillna(0).sum()) if value else len(frame),
        by_period=by_period,
        by_month=by_month,
        by_branch=by_branch,
        by_type=_breakdown(frame, frame[kind], kind, value) if kind else None,
    )


# --- cadence slots: the month, quarter, half year or year a duty falls due in -----------------

CADENCES = ("monthly", "quarterly", "half-yearly", "yearly")


def slot_of(day: dt.date, cadence: str) -> str:
    """The slot of a date: 2023-03 (monthly), 2023Q1, 2023H1 or 2023."""
    if cadence == "monthly":
        return f"{day.year}-{day.month:02d}"
    if cadence == "quarterly":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if cadence == "half-yearly":
        return f"{day.year}H{1 if day.month <= 6 else 2}"
    if cadence == "yearly":
        return str(day.year)
    raise ValueError(f"cadence must be one of {', '.join(CADENCES)}, not {cadence!r}")


def slot_months(slot: str) -> list[str]:
    """The months `YYYY-MM` a slot covers."""
    year = int(slot[:4])
    if len(slot) == 7 and slot[4] == "-":
        return [slot]
    if slot[4:5] == "Q":
        first = (int(slot[5]) - 1) * 3 + 1
        return [f"{year}-{m:02d}" for m in range(first, first + 3)]
    if slot[4:5] == "H":
        return Period(year, int(slot[5])).months
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def slot_end(slot: str) -> dt.date:
    """The last day of a slot."""
    year, month = map(int, slot_months(slot)[-1].split("-"))
    return (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)


def slot_period(slot: str) -> Period:
    """The half year whose report judges the slot: the one its last day falls in."""
    return Period.of(slot_end(slot))


def slots(months: list[str], cadence: str) -> list[str]:
    """The slots of a cadence that `months` cover completely, in order."""
    have = set(months)
    found = []
    for month in months:
        slot = slot_of(dt.date(int(month[:4]), int(month[5:]), 1), cadence)
        if slot not in found and set(slot_months(slot)) <= have:
            found.append(slot)
    return found


# --- compliance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """What one obligations-register entry asks of each branch (or group): `count` per slot."""

    id: str
    cadence: str
    count: int
    rule: str  # rule id, "15"
    article: str  # "第四条"
    week: int | None = None  # the n-th …
    weekday: int | None = None  # … ISO weekday of the month (主题党日: 1, 5 = first Friday)
    day: int | None = None  # or a fixed day of the month

    def fixed_day(self, year: int, month: int) -> dt.date | None:
        """The day of a month on which the duty falls, if the register fixes one."""
        return fixed_day(year, month, self.day, self.week, self.weekday)


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


_THEME_RANK = {"on_time": 0, "moved": 1, "no_reason": 2}


def theme_days(
    ledgers: Ledgers, months: list[str], fixed: Callable[[int, int], dt.date] = first_friday
) -> list[ThemeDay]:
    """Each branch × month: held on the fixed day, moved with a reason, or a lapse.

    A month with several rows takes its best one, whatever their order: on the fixed day if any
    row is, else moved with a reason if any row records one, else moved without a reason.
    """
    org = ledgers["org_life"]
    days = org[org["类别"] == "主题党日"]
    out = []
    for branch in ledgers["branches"]["编号"]:
        mine = days[days["党支部"] == branch]
        best: dict[str, ThemeDay] = {}
        for stamp, raw in zip(mine["日期"], mine["调整原因"], strict=True):
            date = stamp.date()
            reason = "" if pd.isna(raw) else str(raw).strip()
            if date == fixed(date.year, date.month):
                status = "on_time"
            else:
                status = "moved" if reason else "no_reason"
            month = f"{date.year}-{date.month:02d}"
            found = ThemeDay(branch, month, date, status, reason)
            if month not in best or _better(found, best[month]):
                best[month] = found
        for month in months:
            out.append(best.get(month, ThemeDay(branch, month, None, "missed", "")))
    return out


def _better(a: ThemeDay, b: ThemeDay) -> bool:
    """Whether `a` is the better record of a month (ties: the earlier date, for stable output)."""
    return (_THEME_RANK[a.status], a.date) < (_THEME_RANK[b.status], b.date)


@dataclass(frozen=True)
class Tally:
    """How often one branch or group met one duty in one slot (month, quarter, half, year)."""

    unit: str
    slot: str
    held: int
    required: int

    @property
    def short(self) -> bool:
        return self.held < self.required


def tally(
    events: pd.DataFrame,
    unit_column: str,
    date_column: str,
    units: list[str],
    cadence: str,
    count: int,
    months: list[str],
    as_of: dt.date,
    weight: str | None = None,
) -> list[Tally]:
    """Per unit and per whole slot that has ended by `as_of`: events held against `count`.

    A monthly duty is judged by month, a quarterly one by quarter, and so on; a slot that is not
    fully covered by `months` or not over by `as_of` is not judged.
    """
    judged = [s for s in slots(months, cadence) if slot_end(s) <= as_of]
    keys = events[date_column].map(lambda d: slot_of(d.date(), cadence)) if len(events) else []
    amounts = events[weight].fillna(1) if weight else pd.Series(1, index=events.index)
    held = amounts.groupby([events[unit_column], keys]).sum() if len(events) else {}
    return [
        Tally(unit, slot, int(held.get((unit, slot), 0)), count)
        for unit in units
        for slot in judged
    ]


# The ledger rows that evidence each per-branch duty of the register:
# (ledger, unit column, date column, filter column, kept values, weight column).
EVIDENCE: dict[str, tuple[str, str, str, str | None, tuple[str, ...], str | None]] = {
    "branch-committee-meeting": ("org_life", "党支部", "日期", "类别", ("支部委员会",), None),
    "party-group-meeting": ("org_life", "党小组", "日期", "类别", ("党小组会",), None),
    "branch-general-meeting": ("org_life", "党支部", "日期", "类别", ("支部党员大会",), None),
    "party-lecture": ("org_life", "党支部", "日期", "类别", ("党课",), None),
    "knowledge-test": ("study", "组织单位", "日期", "类型", ("知识测验",), "数量"),
    "warning-education": (
        "warnings",
        "组织单位",
        "日期",
        "形式",
        tuple(f for f in WARNING_FORMS if f != "任前廉政考试"),
        None,
    ),
    "volunteering": ("volunteers", "组织单位", "开始日期", None, (), None),
}


# Rows organised by a body above the branches that count for every branch: a knowledge test
# the 机关党委 holds for all branches at once (统一组织) is each branch's test of that quarter.
COVERS_ALL_BRANCHES: dict[str, tuple[str, ...]] = {"knowledge-test": ("机关党委",)}


def duty_tally(
    ledgers: Ledgers, requirement: Requirement, months: list[str], as_of: dt.date
) -> list[Tally]:
    """The tally of one register duty per branch (per 党小组 for the group meeting)."""
    key, unit, date, column, values, weight = EVIDENCE[requirement.id]
    frame = _frame(ledgers, key)
    if column:
        frame = frame[frame[column].isin(values)]
    if unit == "党小组":
        units = list(_frame(ledgers, "groups")["编号"])
    else:
        units = list(ledgers["branches"]["编号"])
    bodies = COVERS_ALL_BRANCHES.get(requirement.id, ())
    if bodies and len(frame):
        shared = frame[frame[unit].isin(bodies)]
        own = frame[~frame[unit].isin(bodies)]
        frame = pd.concat([own, *(shared.assign(**{unit: branch}) for branch in units)])
    return tally(
        frame, unit, date, units, requirement.cadence, requirement.count, months, as_of, weight
    )


def shortfalls(tallies: list[Tally]) -> dict[str, list[str]]:
    """Unit → the slots in which it fell short, for units that did."""
    out: dict[str, list[str]] = {}
    for t in tallies:
        if t.short:
            out.setdefault(t.unit, []).append(t.slot)
    return out


def shortfalls_in(tallies: list[Tally], period: Period) -> list[Tally]:
    """The shortfalls a half-year report states: slots whose last day falls in the period.

    A monthly gap counts in the half year of its month, a quarterly one in that of its quarter.
    """
    return [t for t in tallies if t.short and slot_period(t.slot) == period]


def rarely_meeting(tallies: list[Tally], period: Period) -> list[str]:
    """Groups that met in at most half of the period's judged months (经常性开展不够)."""
    mine = [t for t in tallies if slot_period(t.slot) == period]
    months: dict[str, list[Tally]] = {}
    for t in mine:
        months.setdefault(t.unit, []).append(t)
    return [
        unit
        for unit, rows in months.items()
        if sum(not t.short for t in rows) * 2 <= len(rows) and rows
    ]


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
    """One branch's 组织生活会 (or 民主评议) for one half year or year: held, missing, not_due."""

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


def evaluation_year(day: dt.date) -> int:
    """The year a 民主评议党员 counts for: held at the year's end or by February of the next."""
    return day.year - 1 if day.month <= 2 else day.year


def evaluations(ledgers: Ledgers, years: list[int], as_of: dt.date) -> list[LifeMeeting]:
    """Each branch × year: 民主评议党员 held at the year's end or early next year (to February)."""
    org = ledgers["org_life"]
    rows = org[org["类别"] == "民主评议党员"]
    out = []
    for branch in ledgers["branches"]["编号"]:
        dates = [d.date() for d in rows[rows["党支部"] == branch]["日期"]]
        for year in years:
            held = [d for d in dates if evaluation_year(d) == year]
            deadline = life_meeting_deadline(Period(year, 2))
            status = "held" if held else "not_due" if deadline >= as_of else "missing"
            out.append(LifeMeeting(branch, str(year), held, status))
    return out


def done_by(rect: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Items completed (状态 已完成) on or before `as_of`."""
    return (
        (rect["状态"] == "已完成")
        & rect["完成日期"].notna()
        & (rect["完成日期"] <= pd.Timestamp(as_of))
    )


def overdue(rect: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """逾期: past the deadline and not completed as of `as_of` (long-term items included)."""
    raised = rect["反馈日期"] <= pd.Timestamp(as_of) if "反馈日期" in rect else True
    return rect[raised & ~done_by(rect, as_of) & (rect["完成时限"] < pd.Timestamp(as_of))]


def due_soon(rect: pd.DataFrame, as_of: dt.date, days: int = 30) -> pd.DataFrame:
    """Open items whose deadline falls within the next `days` days."""
    limit = pd.Timestamp(as_of + dt.timedelta(days=days))
    open_ = ~done_by(rect, as_of)
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
