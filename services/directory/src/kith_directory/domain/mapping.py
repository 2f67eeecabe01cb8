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
from kith_directory.domain.matching_keys import record_keys
from kith_directory.domain.merge import MergedBatch
from kith_directory.domain.need_map import NeedMap

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
    # For converted feeds (ORUK 1.0): the feed's own id and unmapped fields, by 3.0 id.
    source_ids: Mapping[str, str] = field(default_factory=dict)
    extensions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass
class ServiceRows(LinkRows):
    services: list[Row] = field(default_factory=list)
    organisations: list[Row] = field(default_factory=list)

    @property
    def service_ids(self) -> list[str]:
        return [row["id"] for row in self.services]


def map_services(
    records: list[dict[str, Any]],
    provenance: Provenance,
    needs_taxonomies: frozenset[str],
    overlays: Mapping[str, Mapping[str, Any]] | None = None,
    need_map: NeedMap | None = None,
    merged: MergedBatch | None = None,
) -> ServiceRows:
    """`overlays`: per service id, the ORUK fields its provider set through Kith (capacity,
    opening times, assurance); they win over the feed's, which is still what is hashed.
    `merged`: the documents to store after merging with the stored copies (`merge`)."""
    rows = ServiceRows()
    organisations: dict[str, Row] = {}
    for record in records:
        base = merged.documents.get(record["id"], record) if merged else record
        overlay = (overlays or {}).get(record["id"])
        document = with_overlay(base, overlay) if overlay else base
        row = service_row(document, provenance, content_hash(record))
        row["props"]["field_sources"] = merged.sources.get(record["id"]) if merged else None
        rows.services.append(row)
        org = organisation_row(base)
        if org["props"] or org["id"] not in organisations:
            organisations[org["id"]] = org
        add_links(rows, document, needs_taxonomies, need_map)
    rows.organisations = list(organisations.values())
    return rows


def with_overlay(record: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    merged = {**record, **overlay}
    return {key: value for key, value in merged.items() if value is not None}


def service_row(
    record: Mapping[str, Any], provenance: Provenance, feed_hash: str | None = None
) -> Row:
    props: Row = {key: record.get(key) for key in _SERVICE_FIELDS}
    props.update(
        id=record["id"],
        source_id=provenance.source_ids.get(record["id"], record["id"]),
        source_extensions=_json(provenance.extensions.get(record["id"])),
        feed_id=provenance.feed_id,
        imported_at=provenance.imported_at,
        removed_from_feed=False,
        organisation_id=organisation_id(record),
        last_modified=_datetime(record.get("last_modified")),
        assured_date=_date(record.get("assured_date")),
        source_verified_at=source_verified_at(record),
        content_hash=feed_hash or content_hash(record),
        oruk_json=json.dumps(record, separators=(",", ":"), ensure_ascii=False),
    )
    props.update(_extension_props(record))
    props.update(record_keys(record))
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
    props["identifiers"] = organisation_identifiers(org)
    document = {key: value for key, value in org.items() if key != "services"}
    props["oruk_json"] = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    return {"id": org["id"], "props": props}


def organisation_identifiers(org: Mapping[str, Any]) -> list[str]:
    """ "scheme:identifier" keys (e.g. "GB-CHC:1234567"), upper-cased without spaces."""
    keys = []
    for item in org.get("organization_identifiers") or []:
        scheme = item.get("identifier_scheme") or item.get("identifier_type") or ""
        value = "".join(str(item.get("identifier") or "").split()).upper()
        if value:
            keys.append(f"{''.join(str(scheme).split()).upper()}:{value}")
    return sorted(set(keys))


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


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, separators=(",", ":"), default=str)


def source_verified_at(record: Mapping[str, Any]) -> datetime | None:
    """When the source last vouched for the record: its assurance or last change."""
    assured = _date(record.get("assured_date"))
    stamps = [_datetime(record.get("last_modified"))]
    if assured is not None:
        stamps.append(datetime(assured.year, assured.month, assured.day, tzinfo=UTC))
    known = [stamp for stamp in stamps if stamp is not None]
    return max(known) if known else None


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
