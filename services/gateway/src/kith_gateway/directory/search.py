"""What a directory search asks for, checked (pure): a place (point or area), needs, terms,
languages, an opening moment, capacity statuses, words, and a Relay page."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from kith_gateway.directory.domain import CAPACITY_STATUSES, DAYS, InvalidUpdate

MAX_PAGE_SIZE = 100
MAX_RADIUS_KM = 100.0
LOCAL_TIME = ZoneInfo("Europe/London")
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_AREA = re.compile(r"^[EWSN]\d{8}$")


@dataclass(frozen=True)
class Moment:
    """A local wall-clock moment as the open-at query compares it (see the directory's
    `domain/schedules.py`, whose `is_open` is the reference meaning)."""

    day: str
    time: str
    date: str
    monthday: int
    nth: str
    nth_last: str

    @classmethod
    def at(cls, when: datetime) -> Moment:
        local = when.astimezone(LOCAL_TIME) if when.tzinfo else when
        day = DAYS[local.weekday()]
        following = local.replace(day=28) + (local.replace(day=28) - local.replace(day=24))
        days_in_month = (following.replace(day=1) - local.replace(day=1)).days
        return cls(
            day=day,
            time=f"{local.hour:02d}:{local.minute:02d}",
            date=local.date().isoformat(),
            monthday=local.day,
            nth=f"{(local.day - 1) // 7 + 1}{day}",
            nth_last=f"-{(days_in_month - local.day) // 7 + 1}{day}",
        )


@dataclass(frozen=True)
class ServiceSearch:
    lat: float | None = None
    lon: float | None = None
    within_km: float = 5.0
    area: str | None = None
    needs: tuple[str, ...] = ()
    term_ids: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    open_at: Moment | None = None
    capacity: tuple[str, ...] = ()
    words: str | None = None

    @property
    def near(self) -> bool:
        return self.lat is not None and self.lon is not None


def lucene(text: str | None) -> str | None:
    words = [_LUCENE_SPECIAL.sub(r"\\\1", w.lower()) for w in (text or "").split()[:50]]
    return " AND ".join(words) if words else None


def check_search(search: ServiceSearch) -> ServiceSearch:
    if search.lat is not None and search.lon is not None:
        if not (-90 <= search.lat <= 90 and -180 <= search.lon <= 180):
            raise InvalidUpdate("near", "latitude in [-90, 90] and longitude in [-180, 180]")
        if not 0 < search.within_km <= MAX_RADIUS_KM:
            raise InvalidUpdate("withinKm", f"must be more than 0 and at most {MAX_RADIUS_KM:g}")
    if search.area is not None and not _AREA.fullmatch(search.area):
        raise InvalidUpdate("area", "must be an ONS area code such as E08000032")
    bad = [s for s in search.capacity if s not in CAPACITY_STATUSES]
    if bad:
        raise InvalidUpdate("capacityStatus", f"unknown status {bad[0]!r}")
    return search


@dataclass(frozen=True)
class PageRequest:
    first: int
    offset: int


def page_request(first: int, after: str | None) -> PageRequest:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise InvalidUpdate("first", f"must be between 1 and {MAX_PAGE_SIZE}")
    return PageRequest(first, 0 if after is None else decode_cursor(after) + 1)


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"directory:{offset}".encode()).decode()


def decode_cursor(text: str) -> int:
    try:
        kind, _, number = base64.urlsafe_b64decode(text.encode()).decode().partition(":")
        offset = int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidUpdate("after", "is not a cursor this API returned") from None
    if kind != "directory" or offset < 0:
        raise InvalidUpdate("after", "is not a cursor this API returned")
    return offset
