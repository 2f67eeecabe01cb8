"""The ORUK query parameters, AND-combined: for any combination, `/services` and
`/service_at_locations` answer exactly what the documented meaning of each parameter
selects from a small directory (a reference model in plain Python)."""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith_directory.api import create_app
from kith_directory.handlers import Importer, import_services

from tests.helpers.directory_contract import assert_valid_page
from tests.helpers.oruk import service, uid

BRADFORD, CRAVEN = "E08000032", "E07000163"
POSTCODE = "BD1 1HY"
CENTRE = (53.7946, -1.7520)


@dataclass
class Spot:
    lat: float
    lon: float
    postcode: str
    lad: str


SPOTS = {
    "centre": Spot(53.7946, -1.7520, POSTCODE, BRADFORD),
    "manningham": Spot(53.8060, -1.7650, "BD8 7BT", BRADFORD),  # ~1.5 km
    "keighley": Spot(53.8676, -1.9063, "BD21 3RU", BRADFORD),  # ~13 km
    "skipton": Spot(53.9620, -2.0170, "BD23 1JD", CRAVEN),  # ~26 km
}


@dataclass
class Case:
    key: str
    words: str
    org: str
    need: str
    modified: str
    spot: str
    min_age: float | None = None
    max_age: float | None = None
    slots: list[tuple[str, str, str]] = field(default_factory=list)  # (byday, opens, closes)
    sal_slots: list[tuple[str, str, str]] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)


CASES = [
    Case("a", "food pantry", "o1", "food", "2024-01-01", "centre", None, None, [("MO,WE", "09:00", "12:00")], covers=[BRADFORD]),
    Case("b", "food bank", "o1", "food", "2025-06-01", "manningham", 18, None, [("TU", "10:00", "16:00")]),
    Case("c", "debt advice", "o2", "debt", "2026-01-01", "keighley", 16, 25, [("FR", "13:00", "15:00")], covers=[CRAVEN]),
    Case("d", "walking group", "o2", "isolation", "2026-03-01", "skipton", 50, 99, [], [("SA", "08:00", "10:00")]),
    Case("e", "money advice", "o3", "debt", "2023-05-05", "centre", 0, 17, [("MO,TU,WE,TH,FR", "09:00", "17:00")], covers=[BRADFORD, CRAVEN]),
    Case("f", "youth club food", "o3", "food", "2026-02-02", "manningham", 11, 18, [("2TU", "18:00", "20:00")]),
    Case("g", "housing advice", "o1", "housing", "2025-01-01", "skipton", None, 64, [], covers=[CRAVEN]),
    Case("h", "carers cafe", "o2", "isolation", "2024-09-09", "keighley", None, None, [("TH", "10:30", "12:30")], [("SU", "14:00", "16:00")]),
]  # fmt: skip


def record(case: Case) -> dict[str, Any]:
    spot = SPOTS[case.spot]
    extra: dict[str, Any] = {}
    if case.min_age is not None:
        extra["minimum_age"] = case.min_age
    if case.max_age is not None:
        extra["maximum_age"] = case.max_age
    r = service(
        case.key,
        name=f"{case.words.title()} {case.key.upper()}",
        org=case.org,
        needs=(case.need,),
        lat=spot.lat,
        lon=spot.lon,
        areas=tuple(case.covers),
        last_modified=f"{case.modified}T12:00:00Z",
        **extra,
    )
    if not case.covers:
        r["service_areas"] = []
    location = r["service_at_locations"][0]["location"]
    location["addresses"] = [
        {
            "id": uid(f"addr/{case.key}"),
            "address_1": "1 Some Street",
            "city": "Bradford",
            "state_province": "West Yorkshire",
            "postal_code": spot.postcode.replace(" ", "").lower(),
            "country": "GB",
            "address_type": "physical",
        }
    ]
    r["schedules"] = [_schedule(f"{case.key}/{i}", s) for i, s in enumerate(case.slots)]
    r["service_at_locations"][0]["schedules"] = [
        _schedule(f"{case.key}/sal/{i}", s) for i, s in enumerate(case.sal_slots)
    ]
    return r


def _schedule(key: str, slot: tuple[str, str, str]) -> dict[str, Any]:
    byday, opens, closes = slot
    freq = "MONTHLY" if byday[0].isdigit() else "WEEKLY"
    return {
        "id": uid(f"sched/{key}"),
        "freq": freq,
        "byday": byday,
        "opens_at": opens,
        "closes_at": closes,
    }


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def expected(case: Case, params: dict[str, str]) -> bool:
    words = set(
        re.findall(r"[a-z0-9]+", f"{case.words} {case.key} a community service called".lower())
    )
    if "search" in params and not set(params["search"].lower().split()) <= words:
        return False
    if "taxonomy_term_id" in params and params["taxonomy_term_id"] != uid(f"need/{case.need}"):
        return False
    if "organization_id" in params and params["organization_id"] != uid(case.org):
        return False
    if "modified_after" in params and case.modified < params["modified_after"]:
        return False
    if "minimum_age" in params and (case.min_age or 0) < float(params["minimum_age"]):
        return False
    if "maximum_age" in params and (
        case.max_age is None or case.max_age > float(params["maximum_age"])
    ):
        return False
    timed = {"day", "start_time", "end_time"} & set(params)
    if timed and not any(_slot_matches(slot, params) for slot in case.slots + case.sal_slots):
        return False
    spot = SPOTS[case.spot]
    if "proximity" in params:
        return metres(CENTRE, (spot.lat, spot.lon)) <= float(params["proximity"])
    if "postcode" in params:
        return BRADFORD in case.covers or (not case.covers and spot.lad == BRADFORD)
    return True


def _slot_matches(slot: tuple[str, str, str], params: dict[str, str]) -> bool:
    byday, opens, closes = slot
    days = {re.sub(r"^-?\d", "", d) for d in byday.split(",")}
    return (
        ("day" not in params or params["day"] in days)
        and ("start_time" not in params or opens >= params["start_time"])
        and ("end_time" not in params or closes <= params["end_time"])
    )


filters = st.fixed_dictionaries(
    {},
    optional={
        "search": st.sampled_from(["food", "advice", "food bank", "group", "debt advice", "Cafe"]),
        "taxonomy_term_id": st.sampled_from(
            [uid(f"need/{n}") for n in ("food", "debt", "isolation")]
        ),
        "organization_id": st.sampled_from([uid(o) for o in ("o1", "o2", "o3")]),
        "modified_after": st.sampled_from(["2024-06-01", "2025-03-01", "2026-01-15"]),
        "minimum_age": st.sampled_from(["0", "11", "16", "18"]),
        "maximum_age": st.sampled_from(["17", "25", "64", "120"]),
        "day": st.sampled_from(["MO", "TU", "FR", "SA", "SU"]),
        "start_time": st.sampled_from(["09:00", "10:00", "13:00"]),
        "end_time": st.sampled_from(["12:00", "16:00", "20:00"]),
        "postcode": st.just("bd11hy"),
        "proximity": st.sampled_from(["1000", "5000", "20000", "40000"]),
    },
).map(lambda p: p if "postcode" in p or "proximity" not in p else {**p, "postcode": "BD1 1HY"})


@pytest.fixture
async def client(importer: Importer) -> AsyncIterator[httpx.AsyncClient]:
    summary = await import_services(importer, [record(c) for c in CASES], "filters")
    assert summary.rejected == []
    transport = httpx.ASGITransport(app=create_app(importer.graph))
    async with httpx.AsyncClient(transport=transport, base_url="http://directory.test") as c:
        yield c


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=filters)
async def test_any_combination_of_filters_selects_what_each_one_means(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    want = {uid(f"service/{c.key}") for c in CASES if expected(c, params)}
    services = (await client.get("/services", params={**params, "per_page": "200"})).json()
    assert_valid_page("/services", services)
    assert {s["id"] for s in services["contents"]} == want, params
    sals = (await client.get("/service_at_locations", params={**params, "per_page": "200"})).json()
    assert_valid_page("/service_at_locations", sals)
    assert {s["service_id"] for s in sals["contents"]} == want, params


async def test_proximity_lists_nearest_first(client: httpx.AsyncClient) -> None:
    body = (
        await client.get("/services", params={"postcode": POSTCODE, "proximity": "50000"})
    ).json()
    distances = [
        metres(CENTRE, (s["service_at_locations"][0]["location"]["latitude"],
                        s["service_at_locations"][0]["location"]["longitude"]))
        for s in body["contents"]
    ]  # fmt: skip
    assert len(distances) == len(CASES)
    assert distances == sorted(distances)


BAD = [
    ({"minimum_age": "ten"}, "minimum_age"),
    ({"maximum_age": "-1"}, "maximum_age"),
    ({"minimum_age": "nan"}, "minimum_age"),
    ({"start_time": "25:00"}, "start_time"),
    ({"end_time": "noonish"}, "end_time"),
    ({"day": "Funday"}, "day"),
    ({"postcode": "not a postcode"}, "postcode"),
    ({"proximity": "1000"}, "proximity needs a postcode"),
    ({"postcode": POSTCODE, "proximity": "0"}, "proximity"),
    ({"postcode": POSTCODE, "proximity": "9e9"}, "proximity"),
    ({"search": "x" * 501}, "search"),
    ({"modified_after": "2026-13-45"}, "modified_after"),
]


async def test_a_bad_parameter_is_a_400_that_names_it(client: httpx.AsyncClient) -> None:
    for route in ("/services", "/service_at_locations"):
        for params, named in BAD:
            response = await client.get(route, params=params)
            assert response.status_code == 400, (route, params)
            assert response.json()["error"] == "bad_request"
            assert named in response.json()["message"], (route, params)
