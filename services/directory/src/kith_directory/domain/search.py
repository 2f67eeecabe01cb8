"""Filters for listing services and service-at-locations (the ORUK query parameters), parsed
purely. Every parameter given narrows the result (they are AND-combined); a malformed one is
a `BadFilter` whose message names it."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from kith_directory.domain.postcodes import normalise_postcode
from kith_directory.domain.schedules import DAY_NAMES, DAYS

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
MAX_PROXIMITY_METRES = 200_000.0
# Query parameters are strict (unlike feeds): what the openapi document declares, no more.
# A time of day, optionally with a UTC offset ("09:30Z", "09:30+01:00"; a "+" sent unencoded
# in a query string arrives as a space, so " 01:00" is read as "+01:00").
TIME_OF_DAY = re.compile(
    r"^([01][0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9])?"
    r"([Zz]|[+ -](?:0[0-9]|1[0-4]):[0-5][0-9])?$"
)
SCHEDULE_ZONE = ZoneInfo("Europe/London")  # schedules' opens_at/closes_at are local times
DATE_OR_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$"
)
NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_DAY_CODES = {
    key.upper(): code for key, code in (*((c, c) for c in DAYS), *zip(DAY_NAMES, DAYS, strict=True))
}
MAX_SEARCH_CHARS = 500  # bounds the Lucene clauses a query can make


class BadFilter(ValueError):
    """A filter parameter is malformed; the message is safe to show."""


@dataclass(frozen=True)
class ServiceFilter:
    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: datetime | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    start_time: str | None = None
    end_time: str | None = None
    day: str | None = None
    postcode: str | None = None
    proximity: float | None = None

    @property
    def has_schedule_filter(self) -> bool:
        return any(v is not None for v in (self.start_time, self.end_time, self.day))


def lucene_query(text: str) -> str | None:
    """Every word must match; words are escaped so user input is never Lucene syntax."""
    if len(text) > MAX_SEARCH_CHARS:
        raise BadFilter(f"search must be at most {MAX_SEARCH_CHARS} characters")
    words = [_LUCENE_SPECIAL.sub(r"\\\1", word.lower()) for word in text.split()]
    return " AND ".join(words) if words else None


def parse_datetime(name: str, raw: str) -> datetime:
    text = raw
    # A "+" in a query string arrives as a space: "2026-01-01T00:00:00 01:00".
    text = re.sub(r" (\d{2}:\d{2})$", r"+\1", text)
    try:
        if not DATE_OR_DATE_TIME.fullmatch(text):
            raise ValueError(text)
        # RFC 3339 allows a leap second (":60"), Python does not: it is that minute's end.
        parsed = datetime.fromisoformat(re.sub(r"(T\d{2}:\d{2}):60", r"\1:59", text, flags=re.I))
    except ValueError:
        raise BadFilter(f"{name} must be an ISO 8601 date or date-time, got {raw!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _text(params: Mapping[str, str], name: str) -> str | None:
    value = params.get(name, "").strip()
    return value or None


def _raw(params: Mapping[str, str], name: str) -> str | None:
    """The value exactly as sent: typed parameters are not trimmed, and an empty one is
    malformed (only free-text parameters treat empty as not given)."""
    return params.get(name)


def _number(params: Mapping[str, str], name: str, *, positive: bool = False) -> float | None:
    raw = _raw(params, name)
    if raw is None:
        return None
    if not NUMBER.fullmatch(raw):
        raise BadFilter(f"{name} must be a number, got {raw!r}")
    value = float(raw)
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        bound = "more than 0" if positive else "0 or more"
        raise BadFilter(f"{name} must be a finite number {bound}, got {raw!r}")
    return value


def _time(params: Mapping[str, str], name: str) -> str | None:
    raw = _raw(params, name)
    if raw is None:
        return None
    match = TIME_OF_DAY.fullmatch(raw)
    if match is None:
        raise BadFilter(f"{name} must be a time of day such as 09:30 or 09:30+01:00, got {raw!r}")
    hour, minute, offset = int(match.group(1)), int(match.group(2)), match.group(4)
    if offset is None:
        return f"{hour:02d}:{minute:02d}"
    return _london_time(hour, minute, offset)


def _london_time(hour: int, minute: int, offset: str) -> str:
    """A time with an offset as the Europe/London wall-clock time it is today (schedules
    are published in local time)."""
    zone = UTC
    if offset.upper() != "Z":
        sign = -1 if offset[0] == "-" else 1
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    today = datetime.now(UTC).date()
    at = datetime(today.year, today.month, today.day, hour, minute, tzinfo=zone)
    local = at.astimezone(SCHEDULE_ZONE)
    return f"{local.hour:02d}:{local.minute:02d}"


def _day(params: Mapping[str, str]) -> str | None:
    raw = _raw(params, "day")
    if raw is None:
        return None
    code = _DAY_CODES.get(raw.upper())
    if code is None:
        raise BadFilter(f"day must be a weekday such as MO or Monday, got {raw!r}")
    return code


def _place(params: Mapping[str, str]) -> tuple[str | None, float | None]:
    raw = _raw(params, "postcode")
    proximity = _number(params, "proximity", positive=True)
    postcode = normalise_postcode(raw) if raw is not None else None
    if raw is not None and postcode is None:
        raise BadFilter(f"postcode must be a UK postcode such as BD1 1HY, got {raw!r}")
    if proximity is not None and postcode is None:
        raise BadFilter("proximity needs a postcode to measure from")
    if proximity is not None and proximity > MAX_PROXIMITY_METRES:
        raise BadFilter(f"proximity must be at most {MAX_PROXIMITY_METRES:.0f} metres")
    return postcode, proximity


def parse_filter(params: Mapping[str, str]) -> ServiceFilter:
    raw_after = _raw(params, "modified_after")
    postcode, proximity = _place(params)
    return ServiceFilter(
        search=lucene_query(params.get("search", "")),
        taxonomy_term_id=_text(params, "taxonomy_term_id"),
        taxonomy_id=_text(params, "taxonomy_id"),
        organization_id=_text(params, "organization_id"),
        modified_after=None if raw_after is None else parse_datetime("modified_after", raw_after),
        minimum_age=_number(params, "minimum_age"),
        maximum_age=_number(params, "maximum_age"),
        start_time=_time(params, "start_time"),
        end_time=_time(params, "end_time"),
        day=_day(params),
        postcode=postcode,
        proximity=proximity,
    )
