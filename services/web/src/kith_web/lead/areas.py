"""The real areas a map draws: LSOA 2011 and sub-ICB boundary polygons (shipped in
data/areas/, simplified for the web) and the ONS names of each LSOA's neighbourhood (MSOA)
and local authority. Loaded once, on the first map, off the event loop."""

from __future__ import annotations

import asyncio
import csv
import gzip
import io
import json
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from kith_web.lead import icbs

Ring: TypeAlias = (
    "array[float]"  # lon, lat, lon, lat, ... (flat doubles: a tenth of the memory of tuples)
)
Shape = tuple[Ring, ...]  # the outer rings (and holes) of one area

BOUNDARY_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right 2021."
)


@dataclass(frozen=True)
class Place:
    msoa_name: str
    lad_code: str
    lad_name: str


@dataclass(frozen=True)
class Atlas:
    lsoas: dict[str, Shape]
    sub_icbs: dict[str, tuple[str, Shape]]  # code -> (name, outline)
    places: dict[str, Place]  # LSOA code -> its neighbourhood and local authority
    lad_names: dict[str, str]
    icbs: dict[str, icbs.Icb]  # by key, "icb-greater-manchester"


def _shape(geometry: dict[str, Any]) -> Shape:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return tuple(array("d", [v for point in ring for v in point]) for p in polygons for ring in p)


def _features(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        features: list[dict[str, Any]] = json.load(f)["features"]
    return features


def _places(path: Path) -> dict[str, Place]:
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    return {
        row["lsoa_code"]: Place(row["msoa_name"], row["lad_code"], row["lad_name"])
        for row in csv.DictReader(io.StringIO(text))
    }


def load(folder: Path) -> Atlas:
    lsoas = {
        f["properties"]["lsoa11cd"]: _shape(f["geometry"])
        for f in _features(folder / "england_lsoa2011_boundaries_web.geojson.gz")
    }
    sub_icbs = {
        f["properties"]["SICBL22CD"]: (f["properties"]["SICBL22NM"], _shape(f["geometry"]))
        for f in _features(folder / "england_sicbl2022_boundaries_web.geojson.gz")
    }
    places = _places(folder / "england_lsoa2011_imd2019.csv.gz")
    lad_names = {p.lad_code: p.lad_name for p in places.values()}
    return Atlas(lsoas, sub_icbs, places, lad_names, icbs.build(sub_icbs, lsoas, places))


class AtlasLoader:
    """Loads the atlas once per process (about a second of CPU), starting when the service
    starts so that the first map does not wait for it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._atlas: Atlas | None = None
        self._lock = asyncio.Lock()
        self._warming = asyncio.get_running_loop().create_task(self.get())

    async def get(self) -> Atlas:
        async with self._lock:
            if self._atlas is None:
                self._atlas = await asyncio.to_thread(load, self.folder)
        return self._atlas
