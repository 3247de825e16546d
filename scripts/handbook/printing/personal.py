"""What a personal copy says about its owner: their branch, obligations and calendar.

Read from the obligations register (`book.obligations`, data/obligations.yml) and the branch
ledger: an ordinary member's own obligations (dues, meetings, study, appraisal), and a branch's
calendar for the current half year (theme-day dates, meetings, deadlines).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from handbook.content import Handbook, Obligation
from handbook.render import strings
from handbook.summaries import Period

MEMBER = "党员"  # `who` of an obligation every member carries
# `applies_to` naming members who are not (or not yet) ordinary members of a branch.
NOT_ORDINARY = ("预备", "积极分子", "领导干部", "离退休", "新接收", "发展对象", "入党申请", "新任")
BRANCH_BODIES = ("党支部", "党小组", "支部委员会")  # who holds a branch's meetings and deadlines
BRANCH_SIDE = ("党支部", "支部")  # who acts towards a member: the branch, its secretary, committee
OFFICES = ("局", "党建办")  # the bureau's committees and offices
CALENDAR_LEDGERS = ("org_life",)  # meetings; dated deadlines are shown whatever their ledger
GROUP = "党小组"
LANG = "zh"  # personal copies are Chinese; their words are the strings table's print.personal


def _words() -> dict:
    return strings(LANG)["print"]["personal"]


@dataclass(frozen=True)
class Branch:
    """A branch as its members' copies show it."""

    key: str  # the roster's branch value (id or name)
    name: str
    secretary: str = ""
    members: str = ""
    groups: int | None = None  # party groups; None when unknown


@dataclass(frozen=True)
class Duty:
    """One obligation as printed: what, how often, the rule's words, where they stand."""

    what: str
    when: str
    states: str
    basis: str


@dataclass(frozen=True)
class Month:
    """One month of a branch's calendar."""

    label: str  # 3月
    fixed: list[str]  # dated events: 主题党日 3月3日（星期五）
    due: list[str]  # what must be done by the month's end


@dataclass
class Calendar:
    """A branch's half year: what recurs every month, and each month's dates and deadlines."""

    period: str
    monthly: list[str] = field(default_factory=list)
    months: list[Month] = field(default_factory=list)
    yearly: list[str] = field(default_factory=list)


def concerns_members(ob: Obligation) -> bool:
    """Whether an obligation falls on an ordinary member, or on their branch towards them.

    Entries of the bureau's committees and offices (局…, 党建办) are left out: a member does
    not act on them.
    """
    if ob.who == MEMBER:
        return True
    if ob.who.startswith(OFFICES) or not ob.who.startswith(BRANCH_SIDE):
        return False
    return ob.applies_to.endswith(MEMBER) and not any(w in ob.applies_to for w in NOT_ORDINARY)


def _basis(ob: Obligation, titles: dict[str, str]) -> str:
    ref = ob.refs[0] if ob.refs else None
    if ref is None:
        return ""
    return _words()["basis"].format(
        title=titles.get(ref.rule_id, ref.rule_id), article=ref.article or ""
    )


def _when(ob: Obligation) -> str:
    if ob.cadence:
        cadence = _words()["cadence"].get(ob.cadence, ob.cadence)
        if ob.count and ob.count < 10:
            return _words()["at_least"].format(cadence=cadence, n=ob.count)
        return cadence
    if ob.limit:
        return ob.limit.token
    return _words()["as_required"]


def member_duties(book: Handbook) -> list[Duty]:
    """An ordinary member's own obligations, in the register's order."""
    titles = {rule.id: rule.title for rule in book.rules}
    return [
        Duty(ob.what, _when(ob), ob.states, _basis(ob, titles))
        for ob in book.obligations
        if concerns_members(ob)
    ]


def _date(day: dt.date) -> str:
    dates = strings(LANG)["dates"]
    return _words()["date"].format(
        month=day.month,
        day=day.day,
        month_name=dates["month_names"][day.month - 1],
        weekday=dates["weekdays"][day.weekday()],
    )


def _short(ob: Obligation) -> str:
    return _words()["short"].format(what=ob.what, states=ob.states) if ob.states else ob.what


def branch_calendar(book: Handbook, period: Period, branch: Branch | None = None) -> Calendar:
    """A branch's calendar for a half year from the register's branch-level entries.

    A branch known to have no party groups gets no party-group meetings.
    """
    entries = [
        ob
        for ob in book.obligations
        if ob.who in BRANCH_BODIES
        and ob.cadence
        and (ob.ledger in CALENDAR_LEDGERS or ob.week or ob.day)
        and not (branch and branch.groups == 0 and ob.who == GROUP)
    ]
    calendar = Calendar(period.label(LANG))
    for ob in entries:
        if ob.cadence == "monthly" and not (ob.week or ob.day):
            calendar.monthly.append(_short(ob))
        elif ob.cadence == "yearly":
            calendar.yearly.append(_short(ob))
    for key in period.months:
        year, month = (int(part) for part in key.split("-"))
        fixed, due = [], []
        for ob in entries:
            day = ob.fixed_day(year, month) if ob.cadence == "monthly" else None
            if day:
                fixed.append(_words()["fixed"].format(what=ob.what, date=_date(day)))
            elif ob.cadence == "quarterly" and month % 3 == 0:
                due.append(_words()["quarter_due"].format(what=ob.what, n=ob.count or 1))
            elif ob.cadence == "half-yearly" and month % 6 == 0:
                due.append(_words()["half_due"].format(what=ob.what, n=ob.count or 1))
        label = _words()["month"].format(
            month=month, month_name=strings(LANG)["dates"]["month_names"][month - 1]
        )
        calendar.months.append(Month(label, fixed, due))
    return calendar


def branches(folder: object = None) -> dict[str, Branch]:
    """Branches of the branch ledger by id and by name; empty when it cannot be read."""
    from pathlib import Path

    from handbook import config, ledgers

    try:
        found, _ = ledgers.find_file(Path(str(folder or config.LEDGERS)), "branches")
        frame, _ = ledgers.load_one(ledgers.SPECS["branches"], found)
    except Exception:  # no ledger yet, or another layout: branches show as the roster names them
        return {}
    known: dict[str, Branch] = {}
    for row in frame.fillna("").astype(str).to_dict("records"):
        groups = row.get("党小组数", "")
        branch = Branch(
            key=row["编号"],
            name=row["名称"],
            secretary=row.get("书记", ""),
            members=row.get("党员人数", ""),
            groups=int(float(groups)) if groups.strip() else None,
        )
        known[branch.key] = known[branch.name] = branch
    return known


__all__ = [
    "Branch",
    "Calendar",
    "Duty",
    "Month",
    "branch_calendar",
    "branches",
    "concerns_members",
    "member_duties",
]
