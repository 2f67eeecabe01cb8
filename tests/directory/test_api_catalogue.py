"""Every ORUK route over a real graph: each response validates against the schema the ORUK
openapi declares for it (and the compiled profile schema of its object), pagination edge
cases, 404s, JSON errors and CORS everywhere."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from kith_directory.api import create_app
from kith_directory.handlers import Importer, import_services

from tests.helpers.directory_contract import KITH, assert_valid_one, assert_valid_page, walk
from tests.helpers.oruk import ORUK, demo_directory, load_json, service, uid

LISTS = ("/services", "/service_at_locations", "/organizations", "/taxonomies", "/taxonomy_terms")


@pytest.fixture
async def client(importer: Importer) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(importer.graph, openapi=KITH))
    async with httpx.AsyncClient(transport=transport, base_url="http://directory.test") as c:
        yield c


@pytest.fixture
async def demo(importer: Importer) -> list[dict[str, Any]]:
    records = [*demo_directory()[:60], load_json(ORUK / "examples" / "service_full.json")]
    summary = await import_services(importer, records, "demo")
    assert summary.rejected == []
    return records


async def test_every_list_and_every_record_validates(
    client: httpx.AsyncClient, demo: list[dict[str, Any]]
) -> None:
    for route in LISTS:
        items = [item async for item in walk(client, route, per_page=17)]
        assert items, route
        assert len({item["id"] for item in items}) == len(items)
        for item in items[:25]:
            response = await client.get(f"{route}/{item['id']}")
            assert response.status_code == 200
            assert_valid_one(f"{route}/{{id}}", response.json())


async def test_lists_hold_what_was_imported(
    client: httpx.AsyncClient, demo: list[dict[str, Any]]
) -> None:
    sals = {sal["id"]: (s, sal) for s in demo for sal in s["service_at_locations"]}
    listed = [item async for item in walk(client, "/service_at_locations", per_page=200)]
    assert {item["id"] for item in listed} == set(sals)
    for item in listed:
        record, sal = sals[item["id"]]
        assert item["service"]["id"] == item["service_id"] == record["id"]
        assert item["location"]["id"] == sal["location"]["id"]
        assert "service_at_locations" not in item["service"]
    organisations = {s["organization"]["id"] for s in demo}
    assert {o["id"] async for o in walk(client, "/organizations", 50)} == organisations
    taxonomies = {
        a["taxonomy_term"].get("taxonomy_id") for s in demo for a in s.get("attributes", [])
    }
    listed_taxonomies = {t["id"] async for t in walk(client, "/taxonomies", 50)}
    assert {t for t in taxonomies if t} <= listed_taxonomies


async def test_a_service_at_location_is_fully_nested(
    client: httpx.AsyncClient, demo: list[dict[str, Any]]
) -> None:
    record = demo[0]
    sal = record["service_at_locations"][0]
    body = (await client.get(f"/service_at_locations/{sal['id']}")).json()
    assert body["location"] == sal["location"]
    assert body["service"]["schedules"] == record["schedules"]
    assert (body["service_id"], body["name"], body["status"]) == (
        record["id"],
        record["name"],
        record["status"],
    )


async def test_an_organization_with_its_services(
    client: httpx.AsyncClient, demo: list[dict[str, Any]]
) -> None:
    org = demo[0]["organization"]
    mine = sorted(
        (s for s in demo if s["organization"]["id"] == org["id"]),
        key=lambda s: (s["name"], s["id"]),
    )
    brief = (await client.get(f"/organizations/{org['id']}")).json()
    assert_valid_one("/organizations/{id}", brief)
    assert brief["name"] == org["name"]
    assert [s["id"] for s in brief["services"]] == [s["id"] for s in mine]
    assert all("schedules" not in s for s in brief["services"])
    full = (await client.get(f"/organizations/{org['id']}", params={"full_service": "true"})).json()
    assert_valid_one("/organizations/{id}", full)
    assert full["services"] == mine
    bad = await client.get(f"/organizations/{org['id']}", params={"full_service": "maybe"})
    assert bad.status_code == 400


async def test_an_organization_named_only_by_id_still_answers_in_shape(
    client: httpx.AsyncClient, importer: Importer
) -> None:
    record = service("by-id", org="only-id")
    del record["organization"]
    record["organization_id"] = uid("only-id")
    await import_services(importer, [record], "f")
    body = (await client.get(f"/organizations/{uid('only-id')}")).json()
    assert_valid_one("/organizations/{id}", body)
    assert [s["id"] for s in body["services"]] == [record["id"]]


async def test_a_taxonomy_with_its_terms(
    client: httpx.AsyncClient, demo: list[dict[str, Any]]
) -> None:
    term = demo[0]["attributes"][0]["taxonomy_term"]
    body = (await client.get(f"/taxonomies/{term['taxonomy_id']}")).json()
    assert_valid_one("/taxonomies/{id}", body)
    assert body["name"] == term["taxonomy"]
    assert term in body["taxonomy_terms"]
    only = await client.get("/taxonomy_terms", params={"taxonomy_id": term["taxonomy_id"]})
    assert {t["taxonomy_id"] for t in only.json()["contents"]} == {term["taxonomy_id"]}


@pytest.mark.parametrize("route", LISTS)
async def test_pagination_edge_cases(
    client: httpx.AsyncClient, demo: list[dict[str, Any]], route: str
) -> None:
    first = (await client.get(route, params={"per_page": 1})).json()
    assert_valid_page(route, first)
    total = first["total_items"]
    assert (first["size"], first["total_pages"], first["first_page"]) == (1, total, True)
    past = (await client.get(route, params={"page": total + 5, "per_page": 1})).json()
    assert_valid_page(route, past)
    assert (past["contents"], past["empty"], past["last_page"], past["first_page"]) == (
        [],
        True,
        True,
        False,
    )
    huge = (await client.get(route, params={"per_page": 10**12})).json()
    assert_valid_page(route, huge)
    assert huge["size"] == min(total, 200)
    for bad in ({"per_page": "0"}, {"per_page": "-3"}, {"page": "-1"}, {"page": "x"}):
        response = await client.get(route, params=bad)
        assert response.status_code == 400, (route, bad)
        assert response.json()["error"] == "bad_request"
        assert response.headers["access-control-allow-origin"] == "*"


async def test_nothing_matching_is_an_empty_first_page(
    client: httpx.AsyncClient, importer: Importer
) -> None:
    for route in LISTS:
        body = (await client.get(route)).json()
        assert_valid_page(route, body)
        assert (body["total_items"], body["total_pages"], body["empty"]) == (0, 0, True)


@pytest.mark.parametrize(
    "route",
    ["/services", "/service_at_locations", "/organizations", "/taxonomies", "/taxonomy_terms"],
)
async def test_unknown_ids_are_json_404s(client: httpx.AsyncClient, route: str) -> None:
    response = await client.get(f"{route}/{uid('nobody')}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert response.headers["access-control-allow-origin"] == "*"


async def test_unknown_routes_and_methods_answer_in_json(client: httpx.AsyncClient) -> None:
    missing = await client.get("/nowhere")
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    posted = await client.post("/services", json={})
    assert (posted.status_code, posted.json()["error"]) == (405, "method_not_allowed")
    assert posted.headers["access-control-allow-origin"] == "*"


async def test_our_openapi_is_served_and_describes_every_route(client: httpx.AsyncClient) -> None:
    from openapi_spec_validator import validate

    document = (await client.get("/openapi.json")).json()
    validate(document)
    assert set(document["paths"]) == {"/", *LISTS, *(f"{r}/{{id}}" for r in LISTS)}
    services = {
        p["$ref"].rsplit("/", 1)[1] for p in document["paths"]["/services"]["get"]["parameters"]
    }
    assert services >= {
        "search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "organization_id",
        "modified_after", "minimum_age", "maximum_age", "start_time", "end_time", "day",
        "postcode", "proximity",
    }  # fmt: skip
