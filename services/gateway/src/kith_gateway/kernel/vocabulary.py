"""GraphQL vocabulary several domains share: how fresh a listing is, the days of the week, a
point on the map and a need by name. (A domain never imports another domain's GraphQL types.)"""

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
