"""Small hand-built ORUK 3.0 services and the generated demo directory, for directory tests."""

from __future__ import annotations

import json
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from kith_common.graph import Graph
from kith_devstack.demo_district import generate_directory, read_areas
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import Importer, load_areas

REPO = Path(__file__).resolve().parents[2]
ORUK = REPO / "standards" / "oruk-3.0"
BRADFORD = REPO / "data" / "areas" / "bradford_craven_lsoa2011_imd2019.csv"
NEEDS_TAXONOMY_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "kith-tests/needs"))


def uid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kith-tests/{name}"))


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def need(code: str) -> dict[str, Any]:
    return {
        "id": uid(f"attr/{code}"),
        "link_type": "need",
        "taxonomy_term": {
            "id": uid(f"need/{code}"),
            "name": code.title(),
            "description": f"{code} need",
            "taxonomy": "Kith needs",
            "taxonomy_id": NEEDS_TAXONOMY_ID,
            "term": code,
        },
    }


def service(
    key: str,
    *,
    name: str | None = None,
    org: str = "org-a",
    needs: tuple[str, ...] = ("food",),
    lat: float | None = 53.7946,
    lon: float | None = -1.7520,
    languages: tuple[str, ...] = ("en",),
    areas: tuple[str, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    """A valid ORUK service with one location (physical when lat/lon are given)."""
    location: dict[str, Any] = {"id": uid(f"loc/{key}"), "location_type": "virtual"}
    if lat is not None:
        location = {**location, "location_type": "physical", "latitude": lat, "longitude": lon}
    record: dict[str, Any] = {
        "id": uid(f"service/{key}"),
        "name": name or f"Service {key}",
        "description": f"A community service called {key}",
        "status": "active",
        "last_modified": "2026-01-02T03:04:05Z",
        "organization": {"id": uid(org), "name": f"Org {org}", "description": "a charity"},
        "service_at_locations": [{"id": uid(f"sal/{key}"), "location": location}],
        "schedules": [{"id": uid(f"schedule/{key}"), "freq": "WEEKLY", "byday": "MO"}],
        "languages": [{"id": uid(f"lang/{key}/{c}"), "code": c, "name": c} for c in languages],
        "service_areas": [{"id": uid(f"area/{key}"), "kith_area_codes": list(areas)}],
        "attributes": [need(code) for code in needs],
        "service_capacity": [{"id": uid(f"cap/{key}"), "unit": "places", "available": 3}],
        "kith_capacity_status": "open",
    }
    record.update(extra)
    return record


@cache
def _demo() -> str:
    areas = read_areas(BRADFORD)
    return json.dumps(generate_directory(areas, services=300, organisations=120, seed=7))


def demo_directory() -> list[dict[str, Any]]:
    """The seeded 300-service demo district (a fresh copy each call)."""
    return list(json.loads(_demo()))


@pytest.fixture
async def importer(graph: Graph) -> Importer:
    """An importer over the clean test graph, with Bradford & Craven loaded."""
    await load_areas(graph, area_csv_rows(BRADFORD))
    return build_importer(graph, ORUK)
