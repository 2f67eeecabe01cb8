"""`GET /fhir/metadata`: what Kith's FHIR endpoint does, as an R4 CapabilityStatement."""

from __future__ import annotations

from typing import Any

from kith_gateway.fhir import codes

SOFTWARE_VERSION = "0.1.0"


def _resource(kind: str, interactions: list[str], profile_note: str) -> dict[str, Any]:
    return {
        "type": kind,
        "documentation": profile_note,
        "interaction": [{"code": code} for code in interactions],
        "versioning": "versioned",
        "readHistory": True,
        "updateCreate": False,
        "conditionalCreate": False,
        "conditionalUpdate": False,
    }


def capability_statement() -> dict[str, Any]:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-11-23",
        "publisher": "Kith",
        "kind": "instance",
        "software": {"name": "Kith gateway", "version": SOFTWARE_VERSION},
        "implementation": {"description": "Kith referral network: FHIR exchange of referrals"},
        "fhirVersion": "4.0.1",
        "format": [codes.FHIR_JSON],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Referrals as Task + ServiceRequest (Gravity SDOH pattern). Task.status is"
                    " Kith's referral status. Persons are identified only by the referrer's"
                    f" pseudonym ({codes.PSEUDONYM}). Create with an Idempotency-Key header or"
                    " a Task.identifier; update Task.status with PUT and If-Match. Elements Kith does"
                    " not store are named in an OperationOutcome warning (POST /fhir/Task answers"
                    " with it, the Task at Location; a Bundle entry's response.outcome)."
                ),
                "security": {
                    "service": [
                        codes.concept(
                            "http://terminology.hl7.org/CodeSystem/restful-security-service",
                            "OAuth",
                        )
                    ],
                    "description": "Bearer JWT (OIDC) with the caller's organisation and roles.",
                },
                "resource": [
                    _resource(
                        "Task",
                        ["read", "vread", "create", "update"],
                        "The progress of a referral; PUT changes only status, statusReason and"
                        " output.",
                    ),
                    _resource(
                        "ServiceRequest", ["read", "vread"], "What was asked: one per referral."
                    ),
                    {
                        **_resource(
                            "Consent",
                            ["read"],
                            "A consent recorded by a transaction Bundle: readable by the"
                            " organisation holding the person and by one it is shared with that"
                            " received a referral under it. Attached documents are refused;"
                            " a link to one (sourceAttachment.url) is kept.",
                        ),
                        "versioning": "no-version",
                        "readHistory": False,
                    },
                    {
                        **_resource(
                            "QuestionnaireResponse",
                            ["read"],
                            "An outcome measure (ONS4, PEG, PHQ-9, GAD-7, ONS loneliness) with"
                            " its scores as contained Observations, LOINC-coded where a code"
                            " exists.",
                        ),
                        "versioning": "no-version",
                        "readHistory": False,
                    },
                ],
                "interaction": [{"code": "transaction"}],
            }
        ],
    }
