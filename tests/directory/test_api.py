"""The ORUK read API over a real graph, checked against the official ORUK schemas."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from kith_directory.adapters.standards import openapi_document
from kith_directory.api import create_app
from kith_directory.handlers import Importer, import_services

from tests.helpers.oruk import ORUK, demo_directory, load_json, service, uid

COMPILED = ORUK / "schema" / "compiled"


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=FormatChecker())


OPENAPI = openapi_document(ORUK)
PAGE_FIELDS = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page")
PAGE = validator(
    {
        **OPENAPI["components"]["schemas"]["Page"],
        "required": [*PAGE_FIELDS, "empty", "contents"],
    }
)
LISTED_SERVICE = validator(load_json(COMPILED / "service_list.json"))
FULL_SERVICE = validator(load_json(COMPILED / "service.json"))


def assert_valid_page(body: dict[str, Any]) -> None:
    PAGE.validate(body)
    assert isinstance(body["contents"], list)
    for item in body["contents"]:
        LISTED_SERVICE.validate(item)
    assert body["size"] == len(body["contents"])


@pytest.fixture
async def client(importer: Importer) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(importer.graph, openapi=OPENAPI)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://directory.test") as c:
        yield c


@pytest.fixture
async def demo(importer: Importer) -> list[dict[str, Any]]:
    records = demo_directory()
    await import_services(importer, records, "demo")
    return records


def by_name(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in sorted(records, key=lambda r: (r["name"], r["id"]))]


async def test_api_info(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert response.json()["version"] == "3.0"
    openapi_url = response.json()["openapi_url"]
    assert (await client.get(openapi_url)).json()["info"]["title"] == "Open Referral UK Profile"


async def test_pages_walk_every_service_in_name_order(
    client: httpx.AsyncClient, demo: list[dict[str, Any]]
) -> None:
    seen: list[str] = []
    for number in (1, 2):
        response = await client.get("/services", params={"page": number, "per_page": 200})
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        assert_valid_page(body)
        assert (body["total_items"], body["total_pages"], body["page_number"]) == (300, 2, number)
        assert (body["first_page"], body["last_page"]) == (number == 1, number == 2)
        seen += [item["id"] for item in body["contents"]]
    assert seen == by_name(demo)


async def test_listed_services_are_the_imported_documents(
    client: httpx.AsyncClient, demo: list[dict[str, Any]]
) -> None:
    body = (await client.get("/services", params={"per_page": 5})).json()
    imported = {r["id"]: r for r in demo}
    assert body["size"] == 5
    assert body["contents"] == [imported[item["id"]] for item in body["contents"]]


async def test_default_page_size_and_a_page_past_the_end(
    client: httpx.AsyncClient, demo: list[dict[str, Any]]
) -> None:
    first = (await client.get("/services")).json()
    assert (first["size"], first["total_pages"]) == (50, 6)
    past = (await client.get("/services", params={"page": 99})).json()
    assert_valid_page(past)
    assert (past["size"], past["empty"], past["last_page"], past["contents"]) == (0, True, True, [])
    assert (past["total_items"], past["page_number"]) == (300, 99)


async def test_per_page_above_200_is_clamped(
    client: httpx.AsyncClient, demo: list[dict[str, Any]]
) -> None:
    body = (await client.get("/services", params={"per_page": 100_000})).json()
    assert (body["size"], body["total_pages"]) == (200, 2)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": "first"},
        {"per_page": "0"},
        {"per_page": "-5"},
        {"per_page": "2.5"},
        {"modified_after": "last tuesday"},
    ],
)
async def test_bad_parameters_get_a_json_400(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    response = await client.get("/services", params=params)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert next(iter(params)) in response.json()["message"]


async def test_search_finds_services_by_name_and_description(
    client: httpx.AsyncClient, importer: Importer
) -> None:
    await import_services(
        importer,
        [
            service("pantry", name="Community Pantry"),
            service("debt", name="Money Advice", description="Help with debt (and bills)"),
            service("walk", name="Walking Group"),
        ],
        "f",
    )
    pantry = (await client.get("/services", params={"search": "pantry"})).json()
    assert [s["id"] for s in pantry["contents"]] == [uid("service/pantry")]
    both_words = (await client.get("/services", params={"search": "debt BILLS"})).json()
    assert [s["id"] for s in both_words["contents"]] == [uid("service/debt")]
    odd = (await client.get("/services", params={"search": 'debt) OR "x*'})).json()
    assert_valid_page(odd)
    assert odd["total_items"] == 0


async def test_filter_by_taxonomy_term_and_modified_after(
    client: httpx.AsyncClient, importer: Importer
) -> None:
    await import_services(
        importer,
        [
            service("old-food", needs=("food",), last_modified="2024-01-01T00:00:00Z"),
            service("new-food", needs=("food",), last_modified="2026-06-01T00:00:00Z"),
            service("new-debt", needs=("debt",), last_modified="2026-06-01T00:00:00Z"),
        ],
        "f",
    )

    async def ids(**params: str) -> set[str]:
        body = (await client.get("/services", params=params)).json()
        assert_valid_page(body)
        return {item["id"] for item in body["contents"]}

    food = uid("need/food")
    assert await ids(taxonomy_term_id=food) == {uid("service/old-food"), uid("service/new-food")}
    assert await ids(modified_after="2025-01-01") == {
        uid("service/new-food"),
        uid("service/new-debt"),
    }
    assert await ids(taxonomy_term_id=food, modified_after="2025-01-01T00:00:00+00:00") == {
        uid("service/new-food")
    }


async def test_one_service_fully_nested_exactly_as_imported(
    client: httpx.AsyncClient, importer: Importer
) -> None:
    example = load_json(ORUK / "examples" / "service_full.json")
    summary = await import_services(importer, example, "example")
    assert summary.created == 1
    response = await client.get(f"/services/{example['id']}")
    assert response.status_code == 200
    FULL_SERVICE.validate(response.json())
    body = response.json()
    provenance = body.pop("kith_provenance")  # where it came from, after the document
    assert body == example
    assert list(body) == list(example)
    assert provenance["feed_id"] == "example"
    assert set(provenance["fields"]) == set(example)


async def test_unknown_and_removed_services_are_404(
    client: httpx.AsyncClient, importer: Importer
) -> None:
    unknown = await client.get(f"/services/{uid('nobody')}")
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "not_found"
    await import_services(importer, [service("a"), service("b")], "f")
    await import_services(importer, [service("a")], "f")
    assert (await client.get(f"/services/{uid('service/b')}")).status_code == 404
    listing = (await client.get("/services")).json()
    assert [s["id"] for s in listing["contents"]] == [uid("service/a")]


async def test_any_origin_may_read(client: httpx.AsyncClient) -> None:
    plain = await client.get("/services")
    assert plain.headers["access-control-allow-origin"] == "*"
    cross = await client.get("/services", headers={"Origin": "https://partner.example"})
    assert cross.headers["access-control-allow-origin"] == "*"
    preflight = await client.options(
        "/services",
        headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"neo4j": True}}


async def test_taxonomy_terms_are_listed_and_served_as_imported(
    client: httpx.AsyncClient, demo: list[dict[str, Any]]
) -> None:
    term_schema = validator(load_json(ORUK / "schema" / "taxonomy_term.json"))
    body = (await client.get("/taxonomy_terms", params={"per_page": 200})).json()
    PAGE.validate(body)
    for term in body["contents"]:
        term_schema.validate(term)
    assert body["total_items"] == 18
    assert [t["name"] for t in body["contents"]] == sorted(t["name"] for t in body["contents"])
    pain = next(t for t in body["contents"] if t["term"] == "pain")
    assert (await client.get(f"/taxonomy_terms/{pain['id']}")).json() == pain
    assert (await client.get(f"/taxonomy_terms/{uid('none')}")).status_code == 404
    bad = await client.get("/taxonomy_terms", params={"page": "0"})
    assert bad.status_code == 400
