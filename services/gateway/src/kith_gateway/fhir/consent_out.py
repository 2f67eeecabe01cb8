"""A Kith consent record as the FHIR `Consent` it was received as (pure): the record's own
fields mapped back as `consent_in` reads them, plus the parts kept (`consent_parts`)."""

from __future__ import annotations

from typing import Any

from kith_gateway.fhir import codes
from kith_gateway.fhir.consent_store import ConsentView

STATUS = {"active": "active", "withdrawn": "inactive"}


def _patient(view: ConsentView) -> dict[str, Any]:
    if view.pseudonym is None:
        return codes.masked()
    return {
        "identifier": {
            "system": codes.PSEUDONYM,
            "value": view.pseudonym,
            "assigner": {"reference": f"Organization/{view.holder_organisation_id}"},
        }
    }


def consent(view: ConsentView) -> dict[str, Any]:
    record, parts = view.record, view.parts
    provision: dict[str, Any] = {
        "type": "permit",
        "period": {"end": record["expires_at"]} if record.get("expires_at") else None,
        "actor": [
            {
                "role": codes.concept(codes.PARTICIPATION, "IRCP"),
                "reference": {"reference": f"Organization/{org}"},
            }
            for org in record.get("shared_with") or []
        ],
        "purpose": [codes.coding(codes.PURPOSE, record["purpose"])],
        "code": [codes.concept(codes.DATA_CATEGORY, c) for c in record.get("categories") or []],
    }
    method = record.get("method")
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "id": record["id"],
        "extension": [{"url": codes.METHOD_EXTENSION, "valueCode": method}] if method else None,
        "status": STATUS.get(record["status"], "inactive"),
        "scope": parts.get("scope") or codes.concept(codes.CONSENT_SCOPE, "patient-privacy"),
        "category": parts.get("category")
        or [codes.concept(codes.CONSENT_CATEGORY_LOINC, codes.CONSENT_DOCUMENT)],
        "patient": _patient(view),
        "dateTime": parts.get("dateTime") or record.get("recorded_at"),
        "organization": parts.get("organization")
        or [{"reference": f"Organization/{view.holder_organisation_id}"}],
        "sourceAttachment": parts.get("sourceAttachment"),
        "sourceReference": parts.get("sourceReference"),
        "policyRule": parts.get("policyRule"),
        "provision": {k: v for k, v in provision.items() if v is not None},
    }
    return {k: v for k, v in resource.items() if v is not None}
