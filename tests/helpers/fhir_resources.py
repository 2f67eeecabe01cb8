"""Synthetic FHIR resources as a GP system would send them (no real people)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from kith_gateway.fhir import codes

from tests.helpers.referrals import AREA, ORG_B, SERVICE_B


def person(pseudonym: str) -> dict[str, Any]:
    return {"identifier": {"system": codes.PSEUDONYM, "value": pseudonym}}


def service_request(
    pseudonym: str, service: str = SERVICE_B, reason: str = "Needs food support"
) -> dict[str, Any]:
    return {
        "resourceType": "ServiceRequest",
        "id": "sr",
        "extension": [
            {"url": codes.HOME_AREA_EXTENSION, "valueCoding": {"system": codes.LSOA, "code": AREA}}
        ],
        "status": "active",
        "intent": "order",
        "code": codes.concept(codes.SNOMED, codes.SOCIAL_PRESCRIBING_REFERRAL),
        "subject": person(pseudonym),
        "performer": [{"reference": f"HealthcareService/{service}"}],
        "reasonCode": [{"text": reason}],
    }


def task(
    pseudonym: str = "PSN-0001",
    service: str = SERVICE_B,
    reason: str = "Needs food support",
    identifier: str | None = None,
    owner: str | None = ORG_B,
) -> dict[str, Any]:
    """A Task with its ServiceRequest contained, identified by the GP system's own id."""
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "identifier": [
            {
                "system": "urn:oid:2.16.840.1.113883.2.1.3.2.4.99",
                "value": identifier or str(uuid.uuid4()),
            }
        ],
        "contained": [service_request(pseudonym, service, reason)],
        "status": "requested",
        "intent": "order",
        "code": codes.concept(codes.TASK_CODE, "fulfill"),
        "focus": {"reference": "#sr"},
        "for": person(pseudonym),
    }
    if owner:
        resource["owner"] = {"reference": f"Organization/{owner}"}
    return resource


def consent(
    pseudonym: str,
    shared_with: tuple[str, ...] = (ORG_B,),
    categories: tuple[str, ...] = ("pseudonym", "home-area", "referral-reason"),
) -> dict[str, Any]:
    return {
        "resourceType": "Consent",
        "extension": [{"url": codes.METHOD_EXTENSION, "valueCode": "verbal"}],
        "status": "active",
        "scope": codes.concept(codes.CONSENT_SCOPE, "patient-privacy"),
        "category": [codes.concept(codes.CONSENT_CATEGORY_LOINC, codes.CONSENT_DOCUMENT)],
        "patient": {"reference": "urn:uuid:patient"},
        "policyRule": codes.concept(codes.ACT_CODE, "OPTIN"),
        "provision": {
            "type": "permit",
            "period": {"end": (datetime.now(UTC) + timedelta(days=180)).isoformat()},
            "actor": [
                {
                    "role": codes.concept(codes.PARTICIPATION, "IRCP"),
                    "reference": {"reference": f"Organization/{org}"},
                }
                for org in shared_with
            ],
            "purpose": [codes.coding(codes.PURPOSE, "referral")],
            "code": [codes.concept(codes.DATA_CATEGORY, c) for c in categories],
        },
    }


def _entry(url: str, resource: dict[str, Any]) -> dict[str, Any]:
    kind = resource["resourceType"]
    return {"fullUrl": url, "resource": resource, "request": {"method": "POST", "url": kind}}


def bundle(
    pseudonym: str = "PSN-0001",
    service: str = SERVICE_B,
    shared_with: tuple[str, ...] = (ORG_B,),
    with_consent: bool = True,
    patient_extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A transaction: Patient (pseudonym only), ServiceRequest, Consent and Task."""
    request = service_request(pseudonym, service)
    request["subject"] = {"reference": "urn:uuid:patient"}
    the_task = task(pseudonym, service, owner=None)
    del the_task["contained"]
    the_task["focus"] = {"reference": "urn:uuid:request"}
    the_task["for"] = {"reference": "urn:uuid:patient"}
    patient = {"resourceType": "Patient", **person(pseudonym), **(patient_extra or {})}
    patient["identifier"] = [patient["identifier"]]
    entries = [
        _entry("urn:uuid:patient", patient),
        _entry("urn:uuid:request", request),
        _entry("urn:uuid:task", the_task),
    ]
    if with_consent:
        entries.insert(2, _entry("urn:uuid:consent", consent(pseudonym, shared_with)))
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}
