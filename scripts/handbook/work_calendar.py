"""The work calendar: dated events of one year from the obligations register.

Pure functions, register in, events out. A recurring obligation falls on a date (主题党日 on the
first Friday; 夜校 every Thursday) or is due by one (monthly duties by the month's last day,
quarterly ones by the quarter's, 每月5日前 by the 5th). Time limits counted from a theme day
(plan filed 3 working days before, record done 3 working days after) are dated from it too;
working days are Monday to Friday (public holidays and their make-up days are not known here).
Other time limits start from events no calendar knows (a member's application, a meeting's
end): they are listed, not dated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from handbook.config import Settings
from handbook.content import WEEKDAYS, Obligation, chinese_number
from handbook.summaries import Period, life_meeting_deadline

# Who in the register acts for a branch: the branch calendar lists their obligations.
BRANCH_WHO = (
    "党支部",
    "支部委员会",
    "支部组织委员",
    "党支部书记",
    "党小组",
    "支部书记或者支部委员",
    "党支部书记或者有关负责人",
    "党支部书记和支部委员",
    "局机关党委、党支部",
    "支部委员和党员",
    "党员",
    "预备党员",
    "入党积极分子",
)
# Which register `who` each of the five posts (data/duties.yml) answers for.
POST_WHO: dict[str, tuple[str, ...]] = {
    "G1": ("局党组书记", "局党组", "局党组领导班子", "党员领导干部", "党组织书记"),
    "G2": ("局党组班子成员", "局党组领导班子", "党员领导干部"),
    "J1": (
        "局机关党委书记",
        "局机关党委",
        "局机关党委书记、机关纪委书记",
        "局机关党委、局机关纪委",
        "局机关党委、党支部",
        "局机关党委办公室",
        "党组织书记",
    ),
    "J2": (
        "局机关纪委书记",
        "局机关纪委",
        "局机关党委书记、机关纪委书记",
        "局机关党委、局机关纪委",
        "局机关纪委、各科室和各党支部",
    ),
    "Z1": (
        "党支部书记",
        "党支部",
        "支部委员会",
        "党组织书记",
        "党支部书记或者有关负责人",
        "党支部书记和支部委员",
        "支部书记或者支部委员",
    ),
}
# Limits counted from the theme day, which the calendar knows: from the day as planned (a
# report due only if the day is moved) and from the day held.
THEME_DAY_EVENTS = ("原定主题党日", "主题党日活动")
# Half-yearly duties whose article allows more than the half year, as the compliance views
# judge them: 上半年组织生活会一般在7月底前召开 (16#第三条). The second half's grace reaches
# into the next year, so the calendar keeps 31 December (一般安排在第四季度).
LATER_DEADLINES: dict[str, Callable[[Period], dt.date]] = {
    "org-life-meeting": life_meeting_deadline,
}
_YEAR_DATE = re.compile(r"每年(\d{1,2})月(\d{1,2})日")
_YEAR_QUARTER = re.compile(r"每年第([一二三四])季度")
_WEEKLY = re.compile(r"每周([一二三四五六日])")


@dataclass(frozen=True)
class Event:
    """One dated obligation: `on` the date (a fixed day) or `due` by it."""

    obligation: Obligation
    date: dt.date
    kind: str  # "on", "due", or "if-moved" (due only if the theme day is moved)
    slot: str  # what the event is for: 2023-03, 2023Q1, 2023H1, 2023, or 2023-03 (theme day)

    @property
    def key(self) -> str:
        """Stable identity within a calendar: obligation and date."""
        return f"{self.obligation.id}-{self.date.isoformat()}"


def calendar_year(settings: Settings) -> int:
    """The calendar's year: extra.calendar_year, else the year of extra.current_period."""
    return settings.calendar_year or int(settings.current_period[:4])


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def add_working_days(day: dt.date, amount: int) -> dt.date:
    """`amount` working days (Monday to Friday) after `day`, or before it when negative."""
    step = 1 if amount >= 0 else -1
    left = abs(amount)
    while left:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            left -= 1
    return day


def _recurring(ob: Obligation, year: int) -> list[Event]:
    """The dated events of a recurring obligation in `year`."""
    events: list[Event] = []
    if ob.cadence == "weekly":
        match = _WEEKLY.search(ob.states)
        if match:
            weekday = WEEKDAYS.index(match.group(1))  # 0 = Monday
            day = dt.date(year, 1, 1)
            day += dt.timedelta(days=(weekday - day.weekday()) % 7)
            while day.year == year:
                events.append(Event(ob, day, "on", day.isoformat()))
                day += dt.timedelta(days=7)
    elif ob.cadence == "monthly":
        for month in range(1, 13):
            slot = f"{year}-{month:02d}"
            fixed = ob.fixed_day(year, month)
            if ob.week and fixed:
                events.append(Event(ob, fixed, "on", slot))
            else:
                events.append(Event(ob, fixed or month_end(year, month), "due", slot))
    elif ob.cadence == "quarterly":
        for quarter in range(1, 5):
            events.append(Event(ob, month_end(year, quarter * 3), "due", f"{year}Q{quarter}"))
    elif ob.cadence == "half-yearly":
        for half in (1, 2):
            due = month_end(year, half * 6)
            if ob.id in LATER_DEADLINES:  # the compliance views' deadline, if within the year
                later = LATER_DEADLINES[ob.id](Period(year, half))
                due = later if later.year == year else due
            events.append(Event(ob, due, "due", f"{year}H{half}"))
    elif ob.cadence == "yearly":
        if match := _YEAR_DATE.search(ob.states):
            day = dt.date(year, int(match.group(1)), int(match.group(2)))
        elif match := _YEAR_QUARTER.search(ob.states):
            day = month_end(year, chinese_number(match.group(1)) * 3)
        else:
            day = dt.date(year, 12, 31)
        events.append(Event(ob, day, "due", str(year)))
    return events


def _from_theme_days(ob: Obligation, theme: Obligation, year: int) -> list[Event]:
    """Events of a limit counted from each month's theme day (before it or after it)."""
    limit = ob.limit
    if limit is None:
        return []
    events = []
    for month in range(1, 13):
        day = theme.fixed_day(year, month)
        if day is None:
            continue
        if limit.unit == "工作日":
            due = add_working_days(day, -limit.amount if limit.before else limit.amount)
        elif limit.unit == "周":
            due = day + dt.timedelta(days=7 * limit.amount * (-1 if limit.before else 1))
        else:
            continue
        kind = "if-moved" if limit.start == THEME_DAY_EVENTS[0] else "due"
        events.append(Event(ob, due, kind, f"{year}-{month:02d}"))
    return events


def year_events(register: list[Obligation], year: int) -> list[Event]:
    """Every dated event of the register in `year`, by date, then by register order."""
    order = {ob.id: n for n, ob in enumerate(register)}
    theme = next((ob for ob in register if ob.week and ob.weekday), None)
    events: list[Event] = []
    for ob in register:
        if ob.cadence:
            events += _recurring(ob, year)
        elif theme and ob.limit and ob.limit.start in THEME_DAY_EVENTS:
            events += _from_theme_days(ob, theme, year)
    events = [e for e in events if e.date.year == year]
    return sorted(events, key=lambda e: (e.date, order[e.obligation.id]))


def undated(register: list[Obligation]) -> list[Obligation]:
    """Time limits counted from events the calendar does not know (listed, not dated)."""
    return [
        ob
        for ob in register
        if not ob.cadence and not (ob.limit and ob.limit.start in THEME_DAY_EVENTS)
    ]


def for_branch(events: list[Event]) -> list[Event]:
    """The events every branch (its committee, secretary and members) must attend to."""
    return [e for e in events if e.obligation.who in BRANCH_WHO]


def for_post(events: list[Event], post_id: str) -> list[Event]:
    """The events of one of the five posts."""
    who = POST_WHO.get(post_id, ())
    return [e for e in events if e.obligation.who in who]


def by_month(events: list[Event]) -> dict[int, list[Event]]:
    """Events grouped by month number 1..12 (months without events are present, empty)."""
    out: dict[int, list[Event]] = {m: [] for m in range(1, 13)}
    for event in events:
        out[event.date.month].append(event)
    return out


def within(events: list[Event], start: dt.date, days: int) -> list[Event]:
    """Events after `start` up to and including `days` days later."""
    end = start + dt.timedelta(days=days)
    return [e for e in events if start < e.date <= end]
