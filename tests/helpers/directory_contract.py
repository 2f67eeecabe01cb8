"""Check API responses against what the ORUK openapi (and Kith's own) declares, using the
official compiled schemas, and against the page envelope every list must carry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import cache
from typing import Any

import httpx
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from kith_directory.adapters.openapi import kith_openapi, official_openapi

from tests.helpers.oruk import ORUK, load_json

OFFICIAL = official_openapi(ORUK)
KITH = kith_openapi(ORUK)
COMPILED = ORUK / "schema" / "compiled"
PAGE_FIELDS = (
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
)
STRICT_PAGE = Draft202012Validator(
    {**OFFICIAL["components"]["schemas"]["Page"], "required": list(PAGE_FIELDS)}
)
# The item schema of each list route, and the schema of each one-record route.
ITEMS = {
    "/services": "compiled/service_list.json",
    "/service_at_locations": "compiled/service_at_location_list.json",
    "/organizations": "compiled/organization_list.json",
    "/taxonomies": "taxonomy.json",
    "/taxonomy_terms": "taxonomy_term.json",
}
ONE = {
    "/services/{id}": "compiled/service.json",
    "/service_at_locations/{id}": "compiled/service_at_location.json",
    "/organizations/{id}": "compiled/organization.json",
    "/taxonomies/{id}": "taxonomy.json",
    "/taxonomy_terms/{id}": "taxonomy_term.json",
}


def _pointer(path: str, status: int) -> str:
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"#/paths/{escaped}/get/responses/{status}/content/application~1json/schema"


@cache
def declared(path: str, status: int = 200) -> Draft202012Validator:
    """The response schema `path` declares: the official one where ORUK defines the route,
    Kith's own (`/organizations`) otherwise."""
    document = OFFICIAL if path in OFFICIAL["paths"] else KITH
    root = {**document, "$ref": _pointer(path, status)}
    return Draft202012Validator(root, format_checker=FormatChecker())


@cache
def profile_schema(relative: str) -> Draft202012Validator:
    schema = load_json(ORUK / "schema" / relative)
    if relative == "taxonomy.json":  # refers to taxonomy_term.json relatively
        term = load_json(ORUK / "schema" / "taxonomy_term.json")
        schema["properties"]["taxonomy_terms"]["items"] = term
    return Draft202012Validator(schema, format_checker=FormatChecker())


def assert_valid_page(route: str, body: dict[str, Any]) -> None:
    declared(route).validate(body)
    STRICT_PAGE.validate(body)
    item = profile_schema(ITEMS[route])
    for entry in body["contents"]:
        item.validate(entry)
    assert body["size"] == len(body["contents"])
    assert body["empty"] == (body["size"] == 0)


def assert_valid_one(route: str, body: dict[str, Any]) -> None:
    declared(route).validate(body)
    profile_schema(ONE[route]).validate(body)


async def walk(client: httpx.AsyncClient, route: str, per_page: int) -> AsyncIterator[Any]:
    """Every item of a list route, page by page, each page checked."""
    number = 1
    while True:
        response = await client.get(route, params={"page": number, "per_page": per_page})
        assert response.status_code == 200, response.text
        body = response.json()
        assert_valid_page(route, body)
        for item in body["contents"]:
            yield item
        if body["last_page"]:
            return
        number += 1
