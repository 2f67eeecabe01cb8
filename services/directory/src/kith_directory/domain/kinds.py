"""Which kind of document a payload looks like, so that an organisation list, a taxonomy or a
FHIR Bundle given as services is refused with an error naming it, instead of being read as
services with odd fields (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kith_directory.domain.feed import PayloadError

SERVICE_KEYS = frozenset(
    {"status", "organization_id", "organization", "service_at_locations", "schedules", "fees",
     "url", "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert",
     "last_modified", "languages", "cost_options", "contacts", "service_areas", "accreditations",
     "regular_schedules", "service_taxonomys", "eligibilitys", "fundings", "holiday_schedules",
     "deliverable_type", "attending_type", "attending_access"}
)  # fmt: skip
KIND_KEYS = {
    "organization": {"website", "logo", "organization_identifiers", "parent_organization_id",
                     "legal_status", "year_incorporated", "tax_status", "tax_id", "services",
                     "locations", "programs"},
    "taxonomy": {"taxonomy_terms", "version"},
    "taxonomy term": {"parent_id", "taxonomy", "taxonomy_id", "term", "term_uri", "code",
                      "taxonomy_detail", "vocabulary"},
    "location": {"location_type", "latitude", "longitude", "addresses", "physical_addresses",
                 "accessibility", "external_identifier", "external_identifier_type"},
}  # fmt: skip
SAMPLE = 25


def kind_of_record(record: Any) -> str | None:
    """The ORUK kind an object looks like, if clearly not a service; None if it may be one."""
    if not isinstance(record, Mapping):
        return None
    keys = {str(k) for k in record}
    if "service_id" in keys or isinstance(record.get("service"), Mapping):
        return "service-at-location"
    if keys & SERVICE_KEYS:
        return None
    scores = {kind: len(keys & wanted) for kind, wanted in KIND_KEYS.items()}
    best = max(scores, key=lambda kind: scores[kind])
    return best if scores[best] else None


def _document_kind(payload: Mapping[str, Any]) -> str | None:
    if isinstance(payload.get("resourceType"), str):
        return f"a FHIR {payload['resourceType']}"
    if "openapi" in payload or "swagger" in payload:
        return "an OpenAPI description"
    if isinstance(payload.get("resources"), list):
        return "an HSDS datapackage descriptor (import its folder or zip instead)"
    return None


def refuse_other_kinds(payload: Any, records: list[Any]) -> None:
    """Raise `PayloadError` naming the kind when the payload (or every sampled record of it)
    is clearly something other than services."""
    if isinstance(payload, Mapping) and (kind := _document_kind(payload)) is not None:
        raise PayloadError(f"this looks like {kind}, not ORUK services")
    sample = [r for r in records[:SAMPLE] if isinstance(r, Mapping)]
    kinds = {kind_of_record(r) for r in sample}
    if sample and len(kinds) == 1 and (kind := kinds.pop()) is not None:
        raise PayloadError(
            f"this looks like an ORUK {kind} document ({len(sample)} of {len(sample)} records"
            " checked have its fields and none of a service's), not services"
        )
