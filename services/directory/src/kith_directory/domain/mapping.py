"""Map validated ORUK service records onto the graph contract as plain rows.

Each row is a dict of Neo4j-storable values (no nested maps) that one UNWIND query writes.
The whole validated document is kept on the service (`oruk_json`) so the read API can
return it exactly as it was published.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from kith_directory.domain.changes import content_hash
from kith_directory.domain.links import LinkRows, add_links

Row = dict[str, Any]

_SERVICE_FIELDS = (
    "name",
    "description",
    "url",
    "email",
    "status",
    "fees",
    "accreditations",
    "minimum_age",
    "maximum_age",
    "assurer_email",
    "alert",
)
_ORGANISATION_FIELDS = ("name", "description", "email", "website", "logo", "uri")


@dataclass(frozen=True)
class Provenance:
    feed_id: str
    imported_at: datetime


@dataclass
class ServiceRows(LinkRows):
    services: list[Row] = field(default_factory=list)
    organisations: list[Row] = field(default_factory=list)

    @property
    def service_ids(self) -> list[str]:
        return [row["id"] for row in self.services]


def map_services(
    records: list[dict[str, Any]], provenance: Provenance, needs_taxonomies: frozenset[str]
) -> ServiceRows:
    rows = ServiceRows()
    organisations: dict[str, Row] = {}
    for record in records:
        rows.services.append(service_row(record, provenance))
        org = organisation_row(record)
        if org["props"] or org["id"] not in organisations:
            organisations[org["id"]] = org
        add_links(rows, record, needs_taxonomies)
    rows.organisations = list(organisations.values())
    return rows


def service_row(record: Mapping[str, Any], provenance: Provenance) -> Row:
    props: Row = {key: record.get(key) for key in _SERVICE_FIELDS}
    props.update(
        id=record["id"],
        source_id=record["id"],
        feed_id=provenance.feed_id,
        imported_at=provenance.imported_at,
        removed_from_feed=False,
        organisation_id=organisation_id(record),
        last_modified=_datetime(record.get("last_modified")),
        assured_date=_date(record.get("assured_date")),
        content_hash=content_hash(record),
        oruk_json=json.dumps(record, separators=(",", ":"), ensure_ascii=False),
    )
    props.update(_extension_props(record))
    return {"id": record["id"], "organisation_id": props["organisation_id"], "props": props}


def organisation_id(record: Mapping[str, Any]) -> str:
    org = record.get("organization")
    return str(org["id"] if org is not None else record["organization_id"])


def organisation_row(record: Mapping[str, Any]) -> Row:
    """`props` is empty when the record names its organisation only by id."""
    org = record.get("organization")
    if org is None:
        return {"id": organisation_id(record), "props": {}}
    props = {key: org.get(key) for key in _ORGANISATION_FIELDS}
    props["id"] = org["id"]
    props["parent_organisation_id"] = org.get("parent_organization_id")
    return {"id": org["id"], "props": props}


def _extension_props(record: Mapping[str, Any]) -> Row:
    capacity = (record.get("service_capacity") or [{}])[0]
    eligibility = record.get("kith_eligibility") or {}
    return {
        "capacity_status": record.get("kith_capacity_status"),
        "capacity_unit": capacity.get("unit"),
        "capacity_available": capacity.get("available"),
        "capacity_maximum": capacity.get("maximum"),
        "capacity_updated": _datetime(capacity.get("updated")),
        "kind": record.get("kith_kind"),
        "tier": record.get("kith_tier"),
        "self_referral": record.get("kith_self_referral"),
        "eligibility_gender": eligibility.get("gender"),
    }


def _datetime(raw: Any) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _date(raw: Any) -> date | None:
    if not isinstance(raw, str):
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None
