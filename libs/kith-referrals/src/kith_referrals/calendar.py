"""Working days in England and Wales, for referral SLAs (pure: no I/O, no clock).

A working day is Monday to Friday and not a bank holiday of England and Wales (the two
share one list; `holidays` calls it `UK`, subdivision `ENG`). Days are London calendar days,
so a referral received at 23:30 on a Friday in summer (22:30 UTC) was received on Friday.

An SLA of N working days ends at the end of the Nth working day after the day of receipt:
the day of receipt never counts (a referral received at 16:59 has not had a day), and one
received on a weekend or bank holiday starts counting from the next working day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of `year` (substitute days included)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(day: date, n: int) -> date:
    """The `n`th working day after `day` (`day` itself never counts); n must be >= 1."""
    if n < 1:
        raise ValueError(f"a working-day count must be at least 1, not {n}")
    current, counted = day, 0
    while counted < n:
        current += timedelta(days=1)
        counted += is_working_day(current)
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days `d` have start < d <= end (0 when end <= start)."""
    days = (end - start).days
    return sum(is_working_day(start + timedelta(days=i)) for i in range(1, days + 1))


def london_day(at: datetime) -> date:
    if at.tzinfo is None:
        raise ValueError("a naive datetime has no place in an SLA: give it a time zone")
    return at.astimezone(LONDON).date()


def due_after(received_at: datetime, n: int) -> datetime:
    """When an SLA of `n` working days from `received_at` runs out (UTC): midnight in London
    at the end of the `n`th working day after the day of receipt."""
    last = add_working_days(london_day(received_at), n)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=LONDON)
    return end.astimezone(UTC)
