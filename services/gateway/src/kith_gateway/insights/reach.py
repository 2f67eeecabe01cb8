"""Which services reach which LSOAs, and provision per resident: plain Python + numpy.

Provision per 10,000 residents is the two-step floating catchment area measure (2SFCA: Luo W,
Wang F, "Measures of spatial accessibility to health care in a GIS environment", Environment
and Planning B 2003;30:865-884): each service site is shared among everyone living within
reach of it, and an LSOA's provision is the sum of its shares of the sites within its reach.
So a service that 30 LSOAs can reach is not counted 30 times as if each had it alone, and
the provision of all LSOAs adds back up to the services there are.

Distances are equirectangular from the LSOA centre (under 0.1% off haversine at these ranges).
Services limited to some areas (`covers`) reach only LSOAs in, or part of, those areas.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_EQUATOR = 111.320
CHUNK = 512  # sites per block: keeps the distance block to a few MB


@dataclass(frozen=True)
class Place:
    """An LSOA centre: its codes (LSOA, MSOA, LAD), residents and position."""

    code: str
    lat: float
    lon: float
    population: int
    parents: frozenset[str] = frozenset()

    @property
    def codes(self) -> frozenset[str]:
        return self.parents | {self.code}


@dataclass(frozen=True)
class Site:
    """One physical place a service is offered; `share` is 1 / the service's sites."""

    service_id: str
    lat: float
    lon: float
    share: float = 1.0
    capacity: str | None = None
    covers: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Reach:
    """For each scope place: the services within reach, and the 2SFCA provision per resident."""

    services: list[frozenset[int]]  # indices into the site list
    per_resident: list[float]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat0 = math.radians((a[0] + b[0]) / 2)
    dy = (a[0] - b[0]) * KM_PER_DEGREE_LAT
    dx = (a[1] - b[1]) * KM_PER_DEGREE_LON_EQUATOR * math.cos(lat0)
    return math.hypot(dx, dy)


def _within(
    places: Sequence[Place], sites: Sequence[Site], limit_km: float
) -> npt.NDArray[np.bool_]:
    """Boolean matrix [site, place]: the site reaches the place."""
    if not places or not sites:
        return np.zeros((len(sites), len(places)), dtype=bool)
    plat = np.array([p.lat for p in places])
    plon = np.array([p.lon for p in places])
    out = np.zeros((len(sites), len(places)), dtype=bool)
    for start in range(0, len(sites), CHUNK):
        block = sites[start : start + CHUNK]
        slat = np.array([s.lat for s in block])[:, None]
        slon = np.array([s.lon for s in block])[:, None]
        cos = np.cos(np.radians((slat + plat[None, :]) / 2))
        dy = (slat - plat[None, :]) * KM_PER_DEGREE_LAT
        dx = (slon - plon[None, :]) * KM_PER_DEGREE_LON_EQUATOR * cos
        out[start : start + len(block)] = dx * dx + dy * dy <= limit_km * limit_km
    _restrict(out, places, sites)
    return out


def _restrict(out: npt.NDArray[np.bool_], places: Sequence[Place], sites: Sequence[Site]) -> None:
    """Limit sites with `covers` to the places in (or part of) those areas. Many services
    cover the same area, so each distinct set of areas is matched against the places once."""
    codes = [p.codes for p in places]
    masks: dict[frozenset[str], npt.NDArray[np.bool_]] = {}
    for i, site in enumerate(sites):
        if site.covers:
            if site.covers not in masks:
                masks[site.covers] = np.array([not c.isdisjoint(site.covers) for c in codes])
            out[i] &= masks[site.covers]


def reach(
    scope: Sequence[Place], ring: Sequence[Place], sites: Sequence[Site], limit_km: float
) -> Reach:
    """`ring` holds every LSOA that any site could reach (the scope and its surroundings):
    a site's catchment population counts people outside the scope too. The scope's own
    columns are taken from the ring's distances rather than computed again."""
    in_ring = _within(ring, sites, limit_km)
    catchment = in_ring.astype(np.float64) @ np.array([float(p.population) for p in ring])
    shares = np.array([s.share for s in sites])
    ratio = np.divide(shares, catchment, out=np.zeros(len(sites)), where=catchment > 0)
    column = {p.code: j for j, p in enumerate(ring)}
    in_scope = in_ring[:, [column[p.code] for p in scope]]
    per_resident = ratio @ in_scope.astype(np.float64) if len(sites) else np.zeros(len(scope))
    services = [frozenset(np.flatnonzero(in_scope[:, j]).tolist()) for j in range(len(scope))]
    return Reach(services, [float(v) for v in per_resident])


def bounding_box(places: Sequence[Place], margin_km: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) around `places`, widened by `margin_km` on every side."""
    lats, lons = [p.lat for p in places], [p.lon for p in places]
    dlat = margin_km / KM_PER_DEGREE_LAT
    widest = max(abs(min(lats) - dlat), abs(max(lats) + dlat))
    dlon = margin_km / (KM_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(min(widest, 89.0))))
    return min(lats) - dlat, min(lons) - dlon, max(lats) + dlat, max(lons) + dlon
