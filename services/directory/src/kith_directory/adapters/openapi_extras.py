"""What Kith's `/openapi.json` adds to the official ORUK document: the parameters and
constraints the directory really applies, `/organizations`, and its error responses."""

from __future__ import annotations

from typing import Any

from kith_directory.domain.schedules import DAY_NAMES
from kith_directory.domain.schedules import DAYS as SCHEDULE_DAYS
from kith_directory.domain.search import TIME_OF_DAY

Json = dict[str, Any]
PROFILE_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
POSTCODE_PATTERN = r"^\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\s*$"
DAYS = [*SCHEDULE_DAYS, *DAY_NAMES]

ERROR_RESPONSES: dict[str, Json] = {
    "400": {
        "description": "A query parameter is malformed; `message` says which and why.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "404": {
        "description": "No such record (or it was removed from its feed).",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "422": {
        "description": "`unknown_postcode`: the postcode is well formed but no location in the"
        " directory publishes it, so Kith (which has no postcode directory) cannot place it.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}
POSTCODE_PATHS = ("/services", "/service_at_locations")


def _any_case(words: list[str]) -> str:
    """A pattern matching any of `words` in any letter case (JSON Schema has no flags)."""
    spelled = ("".join(f"[{c.lower()}{c.upper()}]" for c in word) for word in words)
    return f"^({'|'.join(spelled)})$"


def _query(name: str, description: str, schema: Json) -> Json:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _ref(name: str) -> Json:
    return {"$ref": f"#/components/parameters/{name}"}


def _page_of(item_ref: str) -> Json:
    return {
        "properties": {"contents": {"type": "array", "items": {"$ref": item_ref}}},
        "allOf": [{"$ref": "#/components/schemas/Page"}],
    }


def _get(operation_id: str, summary: str, schema: Json, parameters: list[Json]) -> Json:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": summary, "content": {"application/json": {"schema": schema}}}
            },
        }
    }


def _parameters() -> Json:
    """Constrained versions of the official parameters, and the ones ORUK names but its
    paths do not use."""
    return {
        "page": _query(
            "page",
            "Page number, from 1.",
            {"type": "integer", "minimum": 1, "maximum": 1_000_000_000},
        ),
        "per_page": _query(
            "per_page",
            "Results per page (default 50; values above 200 give 200).",
            {"type": "integer", "minimum": 1},
        ),
        "search": _query(
            "search",
            "Every word must appear in the service's name or description.",
            {"type": "string", "maxLength": 500},
        ),
        "minimum_age": _query(
            "minimum_age",
            "Services whose minimum age is at least this.",
            {"type": "number", "minimum": 0},
        ),
        "maximum_age": _query(
            "maximum_age",
            "Services whose maximum age is at most this.",
            {"type": "number", "minimum": 0},
        ),
        "start_time": _query(
            "start_time",
            "A schedule opening at or after this time (HH:MM, London time; with an offset such as"
            " 09:30+01:00 or 09:30Z it is read as the London time it is today).",
            {"type": "string", "pattern": TIME_OF_DAY.pattern},
        ),
        "end_time": _query(
            "end_time",
            "A schedule closing at or before this time (HH:MM; an offset as for start_time).",
            {"type": "string", "pattern": TIME_OF_DAY.pattern},
        ),
        "day": _query(
            "day",
            "A schedule recurring on this weekday (MO or Monday, any case).",
            {"type": "string", "pattern": _any_case(DAYS)},
        ),
        "postcode": _query(
            "postcode",
            "A UK postcode published by a location in the directory.",
            {"type": "string", "pattern": POSTCODE_PATTERN},
        ),
        "proximity": _query(
            "proximity",
            "Metres from the postcode's centre (needs postcode).",
            {"type": "number", "exclusiveMinimum": 0, "maximum": 200_000},
        ),
        "modified_after": _query(
            "modified_after",
            "Records modified on or after this date-time.",
            {"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]},
        ),
        "full_service": _query(
            "full_service", "Nest full services in the organization.", {"type": "boolean"}
        ),
        "organization_search": _query(
            "search", "Part of the organization's name.", {"type": "string", "maxLength": 500}
        ),
        "taxonomy_id_terms": _query(
            "taxonomy_id", "Only terms of this taxonomy.", {"type": "string"}
        ),
    }


def kith_additions() -> Json:
    listing_extras = [_ref("organization_id"), _ref("modified_after")]
    return {
        "info": {
            "title": "Kith directory: Open Referral UK 3.0",
            "description": "The Open Referral UK 3.0 read API of the Kith directory.",
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error", "message"],
                "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
            }
        },
        "parameters": _parameters(),
        "parameters_by_path": {
            "/services": [*listing_extras, _ref("postcode"), _ref("proximity")],
            "/service_at_locations": listing_extras,
            "/taxonomy_terms": [_ref("taxonomy_id_terms")],
        },
        "paths": {
            "/organizations": _get(
                "getPaginatedListOfOrganizations",
                "Paginated listing of organizations.",
                _page_of(PROFILE_URL + "compiled/organization_list.json"),
                [_ref("organization_search"), _ref("page"), _ref("per_page")],
            ),
            "/organizations/{id}": {
                "parameters": [
                    {"in": "path", "name": "id", "required": True, "schema": {"type": "string"}}
                ],
                **_get(
                    "getOrganizationById",
                    "An organization with its services.",
                    {"$ref": PROFILE_URL + "compiled/organization.json"},
                    [_ref("full_service")],
                ),
            },
        },
    }
