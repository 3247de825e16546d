"""Due and overdue as of a date: the calendar's next 30 days and the ledgers' lapses.

Pure functions. Overdue items come from the same compliance functions as the compliance views
(handbook.summaries), judged on the same date, so the two always agree: a month, quarter or
year counts only once it has ended by the date.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pandas as pd

from handbook import summaries
from handbook.config import SettingsError
from handbook.ledgers import Ledgers
from handbook.summaries import Period, Requirement
from handbook.work_calendar import month_end

AS_OF_ENV = "HANDBOOK_AS_OF"
WINDOW_DAYS = 30


class AsOfError(SettingsError):
    """A date given for the due/overdue page that is not YYYY-MM-DD (shown without a traceback
    or class name, like every setting the build rejects)."""


def as_of(current_period: str, configured: str = "", environ: dict | None = None) -> dt.date:
    """The date the page is judged on: HANDBOOK_AS_OF, else extra.as_of, else the period's end."""
    environ = os.environ if environ is None else environ
    for source, text in ((AS_OF_ENV, environ.get(AS_OF_ENV, "")), ("extra.as_of", configured)):
        if text:
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise AsOfError(
                    f"{source}: “{text}”不是日期，应写作 2023-06-30 (must be YYYY-MM-DD)"
                ) from None
    return Period.parse(current_period).end


@dataclass(frozen=True)
class Overdue:
    """One lapse the ledgers show: which duty, which unit (branch, group, item), which slot."""

    duty: str  # register id
    unit: str  # branch or group number, or rectification item number
    slot: str  # 2023-03, 2023Q1, 2023H1, 2023, or the item's deadline
    detail: str = ""  # missed / no_reason / held count / responsible office


def _ended(slot: str, day: dt.date) -> bool:
    return summaries.slot_end(slot) <= day


def overdue(
    ledgers: Ledgers, reqs: dict[str, Requirement], months: list[str], day: dt.date
) -> list[Overdue]:
    """Every lapse as of `day`: theme days, meetings and activities below their count,
    organisational life meetings and appraisals not held, rectification past its limit."""
    theme = reqs["theme-day"]
    out = [
        Overdue("theme-day", t.branch, t.month, t.status)
        for t in summaries.theme_days(
            ledgers, months, lambda y, m: theme.fixed_day(y, m) or dt.date(y, m, 1)
        )
        if t.status in ("missed", "no_reason") and month_end(*map(int, t.month.split("-"))) <= day
    ]
    for duty in summaries.EVIDENCE:
        if duty in reqs:
            for t in summaries.duty_tally(ledgers, reqs[duty], months, day):
                if t.short:
                    out.append(Overdue(duty, t.unit, t.slot, f"{t.held}/{t.required}"))
    years = sorted({int(m[:4]) for m in months})
    out += [
        Overdue("org-life-meeting", m.branch, m.period)
        for m in summaries.life_meetings(ledgers, summaries.periods(ledgers), day)
        if m.status == "missing"
    ]
    out += [
        Overdue("democratic-evaluation", m.branch, m.period)
        for m in summaries.evaluations(ledgers, years, day)
        if m.status == "missing"
    ]
    late = summaries.overdue(ledgers["rectification"], day)
    out += [
        Overdue("rectification-limit", str(n), pd.Timestamp(d).date().isoformat(), str(office))
        for n, d, office in zip(late["编号"], late["完成时限"], late["责任科室"], strict=True)
    ]
    return out


def rectification_due(ledgers: Ledgers, day: dt.date, days: int = WINDOW_DAYS) -> list[Overdue]:
    """Open rectification items whose limit falls within the next `days` days."""
    soon = summaries.due_soon(ledgers["rectification"], day, days)
    return [
        Overdue("rectification-limit", str(n), pd.Timestamp(d).date().isoformat(), str(office))
        for n, d, office in zip(soon["编号"], soon["完成时限"], soon["责任科室"], strict=True)
    ]
