"""Opening times: HSDS/ORUK schedules (RFC 5545-style rules) normalised for querying.

A schedule row on the graph keeps what was published and adds what queries need:
`days` (two-letter weekday codes it recurs on), `ordinal_days` (monthly "2TU", "-1FR"),
`monthdays` (monthly by date), and `opens`/`closes` as zero-padded "HH:MM" so that string
comparison is time comparison. `is_open` is the reference meaning of "open at" that the
gateway's Cypher must agree with.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NAMES = {
    **{code: code for code in DAYS},
    **{
        name: code
        for code, names in zip(
            DAYS,
            (
                ("MON", "MONDAY"),
                ("TUE", "TUES", "TUESDAY"),
                ("WED", "WEDNESDAY"),
                ("THU", "THUR", "THURS", "THURSDAY"),
                ("FRI", "FRIDAY"),
                ("SAT", "SATURDAY"),
                ("SUN", "SUNDAY"),
            ),
            strict=True,
        )
        for name in names
    },
}
_RULE_DAY = re.compile(r"^([+-]?\d{1,2})?([A-Z]+)$")
_TIME = re.compile(
    r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2})(?:\.\d+)?)?\s*(AM|PM)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def day_code(text: str) -> str | None:
    """ "MO", "Monday", "mon" -> "MO"; anything else -> None."""
    return _NAMES.get(text.strip().upper())


def parse_byday(text: str | None) -> list[tuple[int | None, str]]:
    """ "MO,WE" -> [(None, "MO"), (None, "WE")]; "2TU,-1FR" -> [(2, "TU"), (-1, "FR")].
    Unknown parts are skipped: a messy feed loses a day, never the whole schedule."""
    parts: list[tuple[int | None, str]] = []
    for raw in re.split(r"[,;/\s]+", (text or "").strip().upper()):
        match = _RULE_DAY.fullmatch(raw)
        code = day_code(match.group(2)) if match else None
        if match is None or code is None:
            continue
        ordinal = int(match.group(1)) if match.group(1) else None
        if ordinal is not None and not (1 <= abs(ordinal) <= 5):
            continue
        parts.append((ordinal, code))
    return parts


def normalise_time(raw: Any) -> str | None:
    """ "9:00", "09:00:00Z", "9am", "5.30pm" -> "HH:MM"; None if it is not a time of day."""
    if not isinstance(raw, str):
        return None
    match = _TIME.fullmatch(raw.strip().upper())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = match.group(4)
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "PM" else 0)
    if match.group(2) is None and meridiem is None:
        return None  # a bare number is not a time
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _monthdays(text: Any) -> list[int]:
    days = []
    for part in re.split(r"[,;\s]+", str(text or "")):
        if re.fullmatch(r"-?\d{1,2}", part) and 1 <= abs(int(part)) <= 31:
            days.append(int(part))
    return days


def query_fields(schedule: Mapping[str, Any]) -> dict[str, Any]:
    """The normalised fields a schedule node carries for "open at" and day/time filters."""
    rules = parse_byday(schedule.get("byday"))
    return {
        "days": sorted({code for _, code in rules}, key=DAYS.index),
        "ordinal_days": [f"{n}{code}" for n, code in rules if n is not None],
        "plain_days": [code for n, code in rules if n is None],
        "monthdays": _monthdays(schedule.get("bymonthday")),
        "opens": normalise_time(schedule.get("opens_at")),
        "closes": normalise_time(schedule.get("closes_at")),
        "on_date": _iso_date(schedule.get("dtstart")) if not schedule.get("freq") else None,
        "from_date": _iso_date(schedule.get("valid_from")),
        "to_date": _iso_date(schedule.get("valid_to")),
    }


def _iso_date(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    try:
        return date.fromisoformat(raw.strip()[:10]).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class Moment:
    """A local wall-clock moment, as the values the open-at query compares against."""

    day: str  # "TU"
    time: str  # "10:30"
    date: str  # "2026-11-10"
    monthday: int
    nth: str  # "2TU": the 2nd Tuesday of its month
    nth_last: str  # "-3TU": counted from the month's end

    @classmethod
    def of(cls, local: datetime) -> Moment:
        day = DAYS[local.weekday()]
        nth = (local.day - 1) // 7 + 1
        days_in_month = _days_in_month(local.year, local.month)
        nth_last = (days_in_month - local.day) // 7 + 1
        return cls(
            day=day,
            time=f"{local.hour:02d}:{local.minute:02d}",
            date=local.date().isoformat(),
            monthday=local.day,
            nth=f"{nth}{day}",
            nth_last=f"-{nth_last}{day}",
        )


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


def is_open(fields: Mapping[str, Any], freq: str | None, at: Moment) -> bool:
    """Whether a schedule (its `query_fields` and `freq`) is open at a local moment."""
    opens, closes = fields.get("opens"), fields.get("closes")
    if opens is None or closes is None or not opens <= at.time < closes:
        return False
    if fields.get("from_date") and at.date < fields["from_date"]:
        return False
    if fields.get("to_date") and at.date > fields["to_date"]:
        return False
    if freq == "WEEKLY":
        return at.day in fields["days"]
    if freq == "MONTHLY":
        ordinals = fields["ordinal_days"]
        return (
            at.monthday in fields["monthdays"]
            or at.nth in ordinals
            or at.nth_last in ordinals
            or at.day in fields["plain_days"]
        )
    return fields.get("on_date") == at.date
