"""Make the web's boundary files from the developers' copies in /work/shared/data/areas/.

    python data/areas/simplify_boundaries.py /work/shared/data/areas

The source polygons are already ONS generalised boundaries; for the web we only round each
coordinate to 4 decimal places (about 7-11 m in England), drop the points rounding made
repeat, and keep the code and name properties. Shared edges stay shared: both neighbours'
vertices round the same way. The sub-ICB source is in British National Grid metres (EPSG:27700,
although its README says WGS84): those coordinates are converted to WGS84 first (`osgb.py`).
Nothing else changes.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

from osgb import to_wgs84  # this folder's module (the script runs from here)

HERE = Path(__file__).resolve().parent
DECIMALS = 4
FILES = {
    "england_lsoa2011_boundaries": ("lsoa11cd", "lsoa11nm"),
    "england_sicbl2022_boundaries": ("SICBL22CD", "SICBL22NM"),
}


def _ring(ring: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        lon, lat = to_wgs84(x, y) if abs(x) > 180 else (x, y)  # British National Grid metres
        point = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def _geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r) for r in geometry["coordinates"]]}
    polygons = [[_ring(r) for r in p] for p in geometry["coordinates"]]
    return {"type": "MultiPolygon", "coordinates": polygons}


def simplify(source: Path, name: str, keep: tuple[str, ...]) -> Path:
    with gzip.open(source / f"{name}.geojson.gz", "rt", encoding="utf-8") as f:
        collection = json.load(f)
    features = [
        {
            "type": "Feature",
            "properties": {k: feature["properties"][k] for k in keep},
            "geometry": _geometry(feature["geometry"]),
        }
        for feature in collection["features"]
    ]
    target = HERE / f"{name}_web.geojson.gz"
    body = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    target.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    return target


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/areas")
    for file_name, properties in FILES.items():
        written = simplify(folder, file_name, properties)
        print(f"{written.name}: {written.stat().st_size:,} bytes")
