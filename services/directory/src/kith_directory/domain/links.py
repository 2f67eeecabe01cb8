"""The parts of an ORUK service that become their own nodes and relationships:
service-at-locations and locations, schedules, needs and other taxonomy terms, languages
and the areas a service covers."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kith_directory.domain.need_map import NeedMap
from kith_directory.domain.postcodes import normalise_postcode
from kith_directory.domain.schedules import query_fields

Row = dict[str, Any]

NEEDS_TAXONOMY_NAME = "Kith needs"
_TAXONOMY_NAMESPACE = uuid.UUID("0b7e4f0e-5d3c-4a8e-9f61-2c1d3b5a7e90")
_LOCATION_FIELDS = (
    "name",
    "description",
    "location_type",
    "external_identifier",
    "external_identifier_type",
)
_SCHEDULE_FIELDS = (
    "service_at_location_id",
    "valid_from",
    "valid_to",
    "dtstart",
    "freq",
    "interval",
    "byday",
    "bymonthday",
    "description",
    "opens_at",
    "closes_at",
    "schedule_link",
    "attending_type",
    "notes",
)


@dataclass
class LinkRows:
    locations: list[Row] = field(default_factory=list)
    service_at_locations: list[Row] = field(default_factory=list)
    schedules: list[Row] = field(default_factory=list)
    sal_schedules: list[Row] = field(default_factory=list)
    taxonomies: list[Row] = field(default_factory=list)
    needs: list[Row] = field(default_factory=list)
    mapped_needs: list[Row] = field(default_factory=list)  # a feed's term -> a Kith need
    terms: list[Row] = field(default_factory=list)
    languages: list[Row] = field(default_factory=list)
    covers: list[Row] = field(default_factory=list)


def add_links(
    rows: LinkRows,
    record: Mapping[str, Any],
    needs_taxonomies: frozenset[str],
    need_map: NeedMap | None = None,
) -> None:
    service_id = record["id"]
    for sal in record.get("service_at_locations") or []:
        _add_service_at_location(rows, service_id, sal)
    for schedule in record.get("schedules") or []:
        rows.schedules.append({"owner_id": service_id, "props": schedule_props(schedule)})
    for attribute in record.get("attributes") or []:
        _add_term(rows, service_id, attribute, needs_taxonomies, need_map)
    for language in record.get("languages") or []:
        code = language.get("code")
        if isinstance(code, str) and code.strip():
            name = language.get("name")
            rows.languages.append({"service_id": service_id, "code": code.strip(), "name": name})
    for code in covered_area_codes(record):
        rows.covers.append({"service_id": service_id, "code": code})


def schedule_props(schedule: Mapping[str, Any]) -> Row:
    """The published fields plus the normalised ones queries use (see `schedules`)."""
    props = {key: schedule.get(key) for key in _SCHEDULE_FIELDS} | {"id": schedule["id"]}
    return props | query_fields(schedule)


def covered_area_codes(record: Mapping[str, Any]) -> list[str]:
    """ONS codes from the service's and its service areas' `kith_area_codes`, once each."""
    codes = list(record.get("kith_area_codes") or [])
    for area in record.get("service_areas") or []:
        codes.extend(area.get("kith_area_codes") or [])
    return list(dict.fromkeys(codes))


def _add_service_at_location(rows: LinkRows, service_id: str, sal: Mapping[str, Any]) -> None:
    location = sal.get("location")
    location_id = location["id"] if location is not None else sal["location_id"]
    if location is not None:
        rows.locations.append(location_row(location))
    sal_props = {"id": sal["id"], "service_id": service_id, "location_id": location_id}
    rows.service_at_locations.append(
        {"id": sal["id"], "service_id": service_id, "location_id": location_id, "props": sal_props}
    )
    for schedule in sal.get("schedules") or []:
        props = schedule_props(schedule) | {"service_at_location_id": sal["id"]}
        rows.sal_schedules.append({"owner_id": sal["id"], "props": props})


def location_row(location: Mapping[str, Any]) -> Row:
    props: Row = {key: location.get(key) for key in _LOCATION_FIELDS}
    virtual = location.get("location_type") == "virtual"
    lat, lon = location.get("latitude"), location.get("longitude")
    has_point = not virtual and _on_earth(lat, lon)
    address = (location.get("addresses") or [{}])[0]
    props.update(
        id=location["id"],
        virtual=virtual,
        latitude=lat if has_point else None,
        longitude=lon if has_point else None,
        address_1=address.get("address_1"),
        city=address.get("city"),
        postcode=address.get("postal_code"),
        postcode_norm=normalise_postcode(address.get("postal_code")),
    )
    return {"id": location["id"], "has_point": has_point, "props": props}


def _on_earth(lat: Any, lon: Any) -> bool:
    numbers = isinstance(lat, int | float) and isinstance(lon, int | float)
    return numbers and -90 <= lat <= 90 and -180 <= lon <= 180


def _add_term(
    rows: LinkRows,
    service_id: str,
    attribute: Mapping[str, Any],
    needs: frozenset[str],
    need_map: NeedMap | None,
) -> None:
    term = attribute.get("taxonomy_term")
    if term is None:
        return
    taxonomy = _taxonomy_of(term)
    row: Row = {
        "service_id": service_id,
        "id": term["id"],
        "taxonomy_id": taxonomy["id"] if taxonomy else None,
        "props": {
            "id": term["id"],
            "name": term["name"],
            "code": term.get("code") or term.get("term") or term["name"],
            "description": term.get("description"),
            "term": term.get("term"),
            "parent_id": term.get("parent_id"),
            "taxonomy": taxonomy["name"] if taxonomy else None,
            "taxonomy_id": taxonomy["id"] if taxonomy else None,
            "term_uri": term.get("term_uri"),
            "oruk_json": json.dumps(term, separators=(",", ":"), ensure_ascii=False),
        },
    }
    if taxonomy is not None:
        rows.taxonomies.append(taxonomy)
    is_need = taxonomy is not None and (taxonomy["id"] in needs or taxonomy["name"] in needs)
    (rows.needs if is_need else rows.terms).append(row)
    if not is_need and need_map is not None:
        named = taxonomy["name"] if taxonomy else None
        for code in need_map.needs_for(term, named):
            rows.mapped_needs.append(
                {"service_id": service_id, "code": code, "term_id": term["id"]}
            )


def _taxonomy_of(term: Mapping[str, Any]) -> Row | None:
    """The term's taxonomy as {id, name}; a taxonomy named only by text gets a stable id."""
    detail = term.get("taxonomy_detail")
    if isinstance(detail, Mapping) and isinstance(detail.get("id"), str):
        name = detail.get("name") or term.get("taxonomy")
        extra = {key: detail.get(key) for key in ("description", "uri", "version")}
        return {"id": detail["id"], "name": name, **extra}
    taxonomy_id, name = term.get("taxonomy_id"), term.get("taxonomy")
    if isinstance(taxonomy_id, str):
        return _taxonomy(taxonomy_id, name)
    if isinstance(name, str) and name:
        return _taxonomy(taxonomy_id_for(name), name)
    return None


def taxonomy_id_for(name: str) -> str:
    """The stable id Kith gives a taxonomy that a feed names only by text."""
    return str(uuid.uuid5(_TAXONOMY_NAMESPACE, name))


def _taxonomy(taxonomy_id: str, name: Any) -> Row:
    return {"id": taxonomy_id, "name": name, "description": None, "uri": None, "version": None}
