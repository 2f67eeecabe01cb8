"""My organisation's meetings as a month calendar (UK time): a table with a column per
weekday, Monday first, and a row per week; each day lists its meetings as links. Previous
and next month are links too, so the whole calendar works with the keyboard alone. On a
phone the table becomes a list of the days that have meetings (kith.css)."""

from __future__ import annotations

import calendar as months
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kith_web.meetings import words
from kith_web.meetings.words import LONDON
from kith_web.web import call, render, user

LIST = """query($s: DateTime!, $e: DateTime!) { myMeetings(start: $s, end: $e) {
  id title startsAt endsAt hosting hostName } }"""
YEARS = (2000, 2200)  # any month a meeting can be in; others fall back to this month
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class Day:
    on: date
    in_month: bool
    meetings: list[dict[str, Any]] = field(default_factory=list)


def month_of(text: str | None, today: date) -> date:
    """The first of the month asked for as "YYYY-MM" (this month when absent or not a month)."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        if YEARS[0] <= year <= YEARS[1]:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def shifted(first: date, by: int) -> date:
    """The first of the month `by` months from `first`'s."""
    index = first.year * 12 + first.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


def weeks(first: date, meetings: list[dict[str, Any]]) -> list[list[Day]]:
    """The month's weeks, Monday to Sunday, padded with the neighbouring months' days; each
    meeting on the day it starts in UK time."""
    grid = months.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    days = {d: Day(d, d.month == first.month) for week in grid for d in week}
    for m in sorted(meetings, key=lambda m: m["startsAt"]):
        start = words.local(m["startsAt"])
        if (day := days.get(start.date())) is not None:
            day.meetings.append({**m, "time": f"{start:%H:%M}"})
    return [[days[d] for d in week] for week in grid]


def _bound(first: date) -> str:
    return datetime.combine(first, time(), tzinfo=LONDON).astimezone(UTC).isoformat()


async def page(request: Request) -> Response:
    await user(request)
    today = datetime.now(LONDON).date()
    first = month_of(request.query_params.get("month"), today)
    after = shifted(first, 1)
    found = await call(request, LIST, {"s": _bound(first), "e": _bound(after)})
    context = {
        "title": f"{first:%B %Y}",
        "weeks": weeks(first, found["myMeetings"]),
        "weekdays": WEEKDAYS,
        "today": today,
        "previous": shifted(first, -1),
        "next": after,
        "count": len(found["myMeetings"]),
    }
    return await render(request, "meetings/calendar.html", context)


def routes() -> list[BaseRoute]:
    return [Route("/meetings/calendar", page)]
