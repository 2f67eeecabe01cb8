"""Shape ORUK response documents from what the graph stores (pure).

Services are stored whole; service-at-locations, organisations and taxonomies are cut from,
or assembled around, those documents so that each endpoint answers with its ORUK object.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

Doc = dict[str, Any]
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def one_to_one(document: Mapping[str, Any]) -> Doc:
    """The object without its one-to-many parts (ORUK list endpoints' item shape)."""
    return {key: value for key, value in document.items() if not isinstance(value, list)}


def _sal_in(service: Mapping[str, Any], sal_id: str) -> Mapping[str, Any] | None:
    for sal in service.get("service_at_locations") or []:
        if sal.get("id") == sal_id:
            return sal  # type: ignore[no-any-return]
    return None


def _sal_core(service: Mapping[str, Any], sal: Mapping[str, Any]) -> Doc:
    location = sal.get("location") or {}
    core: Doc = {
        "id": sal["id"],
        "service_id": service["id"],
        "location_id": location.get("id") or sal.get("location_id"),
    }
    return core | {k: v for k, v in sal.items() if k not in core and k != "location"}


def service_at_location_item(service: Mapping[str, Any], sal_id: str) -> Doc | None:
    """A `/service_at_locations` list item: the link with its location's and service's
    one-to-one fields."""
    sal = _sal_in(service, sal_id)
    if sal is None:
        return None
    item = one_to_one(_sal_core(service, sal))
    if sal.get("location"):
        item["location"] = one_to_one(sal["location"])
    item["service"] = one_to_one(service)
    return item


def service_at_location_full(service: Mapping[str, Any], sal_id: str) -> Doc | None:
    """`/service_at_locations/{id}`: fully nested location and service. It also carries the
    service's `name` and `status`, because the ORUK openapi declares this route's response
    as a compiled `service.json` (which requires them), while the ORUK example and
    `compiled/service_at_location.json` describe a service-at-location: both validate."""
    sal = _sal_in(service, sal_id)
    if sal is None:
        return None
    full = _sal_core(service, sal)
    if sal.get("location"):
        full["location"] = dict(sal["location"])
    full["service"] = {k: v for k, v in service.items() if k != "service_at_locations"}
    return full | {"name": service["name"], "status": service["status"]}


def organisation_document(stored: Mapping[str, Any] | None, props: Mapping[str, Any]) -> Doc:
    """The organisation as a feed published it, else what is known of it (an organisation
    named only by id still answers with the fields ORUK requires)."""
    if stored:
        return dict(stored)
    return {
        "id": props["id"],
        "name": props.get("name") or "",
        "description": props.get("description") or "",
    }


def organisation_full(organisation: Doc, services: Iterable[Mapping[str, Any]], full: bool) -> Doc:
    shaped = [dict(s) if full else one_to_one(s) for s in services]
    return organisation | {"services": shaped}


def taxonomy_document(props: Mapping[str, Any]) -> Doc:
    doc: Doc = {
        "id": props["id"],
        "name": props.get("name") or "",
        "description": props.get("description") or "",
    }
    if isinstance(props.get("uri"), str) and _URI.fullmatch(props["uri"]):
        doc["uri"] = props["uri"]
    if isinstance(props.get("version"), str):
        doc["version"] = props["version"]
    return doc
