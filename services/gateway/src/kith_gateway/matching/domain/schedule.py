"""When a service meets, against when the person can come. Plain Python, no clock: callers
pass `now`, so the same inputs always give the same answer."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from kith_gateway.matching.domain.model import Session
from kith_gateway.people.domain import DAYS, Window, clock, minutes

# Someone who can only catch the last quarter of a two-hour group cannot really attend it:
# a session fits if they can be there for all of it, or for an hour of a longer opening.
MIN_OVERLAP_MINUTES = 60
LOOKAHEAD_DAYS = 62
_ORDINAL = {1: "st", 2: "nd", 3: "rd"}
_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


def session_from(
    byday: str | None,
    opens_at: str | None,
    closes_at: str | None,
    description: str | None = None,
) -> Session:
    """An HSDS schedule line (RRULE-style BYDAY such as "MO,TH" or "2TU") as a Session."""
    days: list[str] = []
    nth: int | None = None
    for part in (byday or "").split(","):
        match = _BYDAY.fullmatch(part.strip())
        if match:
            days.append(match[2])
            nth = int(match[1]) if match[1] else nth
    start = minutes(opens_at) if opens_at else None
    end = minutes(closes_at) if closes_at else None
    if start is not None and end is not None and end <= start:
        start = end = None  # malformed hours: treat as not listed rather than never open
    return Session(tuple(days), start, end, nth, description)


def _fits(session: Session, window: Window) -> bool:
    if session.days and window.day not in session.days:
        return False
    if session.start is None or session.end is None:
        return True
    overlap = min(session.end, window.end) - max(session.start, window.start)
    return overlap >= min(session.end - session.start, MIN_OVERLAP_MINUTES)


def attendable(session: Session, availability: tuple[Window, ...]) -> bool:
    return not availability or any(_fits(session, w) for w in availability)


def describe(session: Session) -> str:
    if session.description:
        return session.description
    days = ", ".join(session.days) or "every day"
    if session.nth is not None:
        nth = "last" if session.nth < 0 else f"{session.nth}{_ORDINAL.get(session.nth, 'th')}"
        days = f"{nth} {days} of the month"
    if session.start is None or session.end is None:
        return days
    return f"{days} {clock(session.start)}-{clock(session.end)}"


def _on(session: Session, day: date) -> bool:
    code = DAYS[day.weekday()]
    if session.days and code not in session.days:
        return False
    if session.nth is None:
        return True
    if session.nth > 0:
        return (day.day - 1) // 7 + 1 == session.nth
    return (day + timedelta(days=7)).month != day.month  # last such weekday


def next_session(
    sessions: tuple[Session, ...], availability: tuple[Window, ...], now: datetime
) -> tuple[datetime, Session] | None:
    """The first session after `now` that the person can attend, within two months."""
    usable = [s for s in sessions if attendable(s, availability)]
    for offset in range(LOOKAHEAD_DAYS):
        day = now.date() + timedelta(days=offset)
        found = []
        for s in usable:
            if not _on(s, day):
                continue
            day_windows = tuple(w for w in availability if w.day == DAYS[day.weekday()])
            if availability and not any(_fits(s, w) for w in day_windows):
                continue
            at = datetime.combine(day, datetime.min.time(), now.tzinfo)
            at += timedelta(minutes=s.start or 0)
            if at >= now:
                found.append((at, describe(s), s))
        if found:
            at, _, s = min(found, key=lambda f: (f[0], f[1]))
            return at, s
    return None
