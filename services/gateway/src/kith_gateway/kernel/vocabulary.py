"""GraphQL vocabulary several domains share: how fresh a listing is, the days of the week, a
point on the map, a need by name and a person's matching profile (people records it, matching
matches an unrecorded one). (A domain never imports another domain's GraphQL types.)"""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="How recently someone vouched for the listing.")
class Freshness(Enum):
    FRESH = "fresh"
    DUE = "due"
    STALE = "stale"


@strawberry.enum
class Weekday(Enum):
    MO = "MO"
    TU = "TU"
    WE = "WE"
    TH = "TH"
    FR = "FR"
    SA = "SA"
    SU = "SU"


@strawberry.input(description="A WGS-84 point.")
class PointInput:
    lat: float
    lon: float


@strawberry.type
class NeedOption:
    code: str
    name: str


@strawberry.input(description="A weekly time the person can attend, e.g. TU 09:00-12:00.")
class AvailabilityInput:
    day: str = strawberry.field(description="MO, TU, WE, TH, FR, SA or SU")
    start: str = strawberry.field(description="HH:MM")
    end: str = strawberry.field(description="HH:MM")


@strawberry.input(description="What matching needs to know; no names, addresses or NHS numbers.")
class ProfileInput:
    home_area: str = strawberry.field(description="Home LSOA 2011 code (never an address).")
    needs: list[str] = strawberry.field(description="Codes from the Kith needs taxonomy.")
    max_travel_km: float = strawberry.field(description="How far they can get to, 0-50 km.")
    age_band: str | None = None
    gender: str | None = strawberry.field(
        default=None, description="Optional; used only for gender-specific groups."
    )
    languages: list[str] | None = strawberry.field(default=None, description="ISO 639 codes.")
    preferred_language: str | None = None
    interpreter_needed: bool = False
    preferences: list[str] | None = strawberry.field(
        default=None, description="women-only, men-only, faith-based, not-faith-based"
    )
    access_needs: list[str] | None = strawberry.field(
        default=None, description="wheelchair, step-free, hearing-loop, bsl"
    )
    travel_modes: list[str] | None = None
    availability: list[AvailabilityInput] | None = strawberry.field(
        default=None, description="Empty: any time."
    )
    online_ok: bool = False
    what_matters: str = strawberry.field(default="", description="In their own words.")
