"""iCalendar (RFC 5545) files of the work calendar, via the `icalendar` package.

Events are all-day (VALUE=DATE): a duty falls on or is due by a day, not an hour. The calendar
still names its time zone (X-WR-TIMEZONE and a VTIMEZONE for Asia/Shanghai), and DTSTAMP is
the build time in UTC. UIDs are stable across builds: obligation, date and calendar name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from icalendar import Calendar, Timezone
from icalendar import Event as IcsEvent

from handbook.work_calendar import Event

TZID = "Asia/Shanghai"
DOMAIN = "handbook.invalid"  # UIDs need a right-hand side; .invalid is reserved, never resolves


@dataclass(frozen=True)
class Wording:
    """How one event reads in a language: summary, description and where its article is."""

    summary: str
    description: str


def timezone(first: dt.date) -> Timezone:
    """The VTIMEZONE of Asia/Shanghai from `first` on (build it once for many files)."""
    return Timezone.from_tzid(TZID, first_date=first)


def calendar_bytes(
    name: str,
    calendar_id: str,
    events: list[Event],
    wording: Callable[[Event], Wording],
    stamp: dt.datetime,
    zone: Timezone | None = None,
) -> bytes:
    """One .ics file: a VCALENDAR named `name` with a VEVENT per event.

    `calendar_id` (e.g. branch-B01-zh) makes UIDs unique across files that share events;
    `zone` is the VTIMEZONE to include (default: built from the first event's date).
    """
    cal = Calendar()
    cal.add("prodid", "-//handbook//work calendar//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    first = min((e.date for e in events), default=stamp.date())
    cal.add_component(zone or timezone(first))
    utc = stamp.astimezone(dt.UTC).replace(microsecond=0)
    for event in events:
        words = wording(event)
        item = IcsEvent()
        item.add("uid", f"{event.key}-{calendar_id}@{DOMAIN}")
        item.add("dtstamp", utc)
        item.add("dtstart", event.date)
        item.add("dtend", event.date + dt.timedelta(days=1))
        item.add("summary", words.summary)
        item.add("description", words.description)
        item.add("transp", "TRANSPARENT")
        item.add("categories", [event.obligation.who])
        cal.add_component(item)
    return cal.to_ical()
