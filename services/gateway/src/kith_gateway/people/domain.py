"""A person being helped, as the minimum a practitioner needs to match them: plain Python.

No name, address, date of birth or NHS number, ever: a pseudonymous reference, the home LSOA
(never a street), an age band rather than an age, and only what matching uses. Whether the
area and the need codes exist is checked against the graph by the handler; everything that
can be judged from the input alone is judged here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

AGE_BANDS: dict[str, tuple[int, int]] = {
    "0-15": (0, 15),
    "16-17": (16, 17),
    "18-24": (18, 24),
    "25-34": (25, 34),
    "35-44": (35, 44),
    "45-54": (45, 54),
    "55-59": (55, 59),
    "60-64": (60, 64),
    "65-74": (65, 74),
    "75-84": (75, 84),
    "85+": (85, 120),
}
GENDERS = frozenset({"female", "male", "non-binary"})
ACCESS_NEEDS = frozenset({"wheelchair", "step-free", "hearing-loop", "bsl"})
TRAVEL_MODES = frozenset({"walk", "wheelchair", "bus", "train", "car", "lift", "taxi"})
# Stated by the person, used only to rank (never to exclude): see matching/config.py.
PREFERENCES = frozenset({"women-only", "men-only", "faith-based", "not-faith-based"})
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_TRAVEL_KM = 50.0
# Beyond these a stated limit is a typo, not a plan: nobody walks 30 km to a coffee morning.
MODE_LIMITS_KM = {"walk": 8.0, "wheelchair": 8.0}
MAX_WHAT_MATTERS = 1000
MAX_LIST = 12

_LSOA = re.compile(r"^E01\d{6}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_NEED = re.compile(r"^[a-z][a-z0-9-]{1,40}$")
_REFERENCE = re.compile(r"^[A-Za-z0-9._-]{3,64}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class InvalidProfile(ValueError):
    """Input that can never describe a person to match; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, order=True)
class Window:
    """A weekly time the person can attend: day code and minutes since midnight."""

    day: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.day} {clock(self.start)}-{clock(self.end)}"

    @classmethod
    def parse(cls, text: str) -> Window:
        day, _, span = text.partition(" ")
        start, _, end = span.partition("-")
        return window(day, start, end)


@dataclass(frozen=True)
class Profile:
    """What matching knows about a person. Sets are frozen so equal profiles hash equal."""

    home_area: str
    needs: frozenset[str]
    max_travel_km: float
    age_band: str | None = None
    gender: str | None = None
    languages: frozenset[str] = frozenset({"en"})
    preferred_language: str = "en"
    interpreter_needed: bool = False
    preferences: frozenset[str] = frozenset()
    access_needs: frozenset[str] = frozenset()
    travel_modes: frozenset[str] = frozenset()
    availability: tuple[Window, ...] = ()  # empty: any time
    online_ok: bool = False
    what_matters: str = ""

    @property
    def age_range(self) -> tuple[int, int] | None:
        return AGE_BANDS[self.age_band] if self.age_band else None


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes(text: str) -> int | None:
    match = _TIME.fullmatch(text)
    return int(match[1]) * 60 + int(match[2]) if match else None


def window(day: str, start: str, end: str) -> Window:
    begin, finish = minutes(start), minutes(end)
    if day not in DAYS:
        raise InvalidProfile("availability", f"day must be one of {', '.join(DAYS)}")
    if begin is None or finish is None or finish <= begin:
        raise InvalidProfile("availability", "times are HH:MM with the end after the start")
    return Window(day, begin, finish)


def _codes(
    name: str, values: list[str], pattern: re.Pattern[str], allowed: frozenset[str] | None
) -> frozenset[str]:
    if len(values) > MAX_LIST:
        raise InvalidProfile(name, f"at most {MAX_LIST} entries")
    for value in values:
        if not pattern.fullmatch(value) or (allowed is not None and value not in allowed):
            choices = f" (one of {', '.join(sorted(allowed))})" if allowed else ""
            raise InvalidProfile(name, f"{value!r} is not a known code{choices}")
    return frozenset(values)


_ANY = re.compile(r"^[a-z0-9+-]{1,20}$")


def check_travel(max_km: float, modes: frozenset[str], online_ok: bool) -> None:
    if not math.isfinite(max_km) or max_km < 0 or max_km > MAX_TRAVEL_KM:
        raise InvalidProfile("maxTravelKm", f"must be between 0 and {MAX_TRAVEL_KM:g} km")
    if max_km == 0 and not online_ok:
        raise InvalidProfile(
            "maxTravelKm", "0 km with online not acceptable leaves nothing anyone could attend"
        )
    if modes and all(m in MODE_LIMITS_KM for m in modes):
        limit = max(MODE_LIMITS_KM[m] for m in modes)
        if max_km > limit:
            raise InvalidProfile(
                "maxTravelKm", f"more than {limit:g} km on foot or by wheelchair is not realistic"
            )


def validate_profile(
    *,
    home_area: str,
    needs: list[str],
    max_travel_km: float,
    age_band: str | None = None,
    gender: str | None = None,
    languages: list[str] | None = None,
    preferred_language: str | None = None,
    interpreter_needed: bool = False,
    preferences: list[str] | None = None,
    access_needs: list[str] | None = None,
    travel_modes: list[str] | None = None,
    availability: list[Window] | None = None,
    online_ok: bool = False,
    what_matters: str = "",
) -> Profile:
    if not _LSOA.fullmatch(home_area):
        raise InvalidProfile("homeArea", "must be an English LSOA 2011 code such as E01010568")
    if not needs:
        raise InvalidProfile("needs", "name at least one need to match against")
    langs = _codes("languages", languages or ["en"], _LANGUAGE, None)
    preferred = preferred_language or sorted(langs)[0]
    if preferred not in langs:
        raise InvalidProfile("preferredLanguage", "must be one of the languages they speak")
    if age_band is not None and age_band not in AGE_BANDS:
        raise InvalidProfile("ageBand", f"must be one of {', '.join(AGE_BANDS)}")
    if gender is not None and gender not in GENDERS:
        raise InvalidProfile("gender", f"if given, one of {', '.join(sorted(GENDERS))}")
    modes = _codes("travelModes", travel_modes or [], _ANY, TRAVEL_MODES)
    check_travel(max_travel_km, modes, online_ok)
    text = what_matters.strip()
    if len(text) > MAX_WHAT_MATTERS:
        raise InvalidProfile("whatMatters", f"at most {MAX_WHAT_MATTERS} characters")
    windows = tuple(sorted(set(availability or [])))
    if len(windows) > 3 * MAX_LIST:
        raise InvalidProfile("availability", f"at most {3 * MAX_LIST} windows")
    return Profile(
        home_area=home_area,
        needs=_codes("needs", needs, _NEED, None),
        max_travel_km=float(max_travel_km),
        age_band=age_band,
        gender=gender,
        languages=langs,
        preferred_language=preferred,
        interpreter_needed=interpreter_needed,
        preferences=_codes("preferences", preferences or [], _ANY, PREFERENCES),
        access_needs=_codes("accessNeeds", access_needs or [], _ANY, ACCESS_NEEDS),
        travel_modes=modes,
        availability=windows,
        online_ok=online_ok,
        what_matters=text,
    )


def validate_reference(reference: str | None) -> str | None:
    if reference is not None and not _REFERENCE.fullmatch(reference):
        raise InvalidProfile(
            "pseudonym",
            "must be a 3-64 character pseudonymous reference (letters, digits, '.', '_', '-'),"
            " never a name",
        )
    return reference
