"""The code systems and identifier systems Kith's FHIR resources use, in one place.

Kith's own systems are URNs (`urn:kith:...`): they name Kith concepts without claiming a web
domain. Partners send them back unchanged, so they are part of the exchange contract.
"""

from __future__ import annotations

from typing import Any

FHIR_JSON = "application/fhir+json"

# SNOMED CT UK: "Referral to social prescribing service", the ServiceRequest.code of every
# Kith referral (all of them are referrals to community services of this kind).
SNOMED = "http://snomed.info/sct"
SOCIAL_PRESCRIBING_REFERRAL = "871731000000106"
SOCIAL_PRESCRIBING_DISPLAY = "Referral to social prescribing service"

PSEUDONYM = "urn:kith:person-pseudonym"  # the referrer's pseudonymous reference for a person
LSOA = "urn:kith:ons-lsoa-2011"  # ONS 2011 lower layer super output area codes
HOME_AREA_EXTENSION = "urn:kith:fhir:home-area"  # on ServiceRequest: valueCoding (LSOA)
REASON = "urn:kith:referral-reason-code"  # Task.statusReason: why a referral stopped
OUTCOME = "urn:kith:referral-outcome-code"  # Task.output: what completion achieved
ACTION = "urn:kith:referral-action"  # Task.businessStatus: the last lifecycle action
CAPACITY = "urn:kith:referral-capacity-flag"  # Task.businessStatus while received: the router's
OUTPUT_TYPE = "urn:kith:task-output"  # Task.output.type: "outcome"

# Consent (R4 Consent resource, see consent_in.py)
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_CATEGORY_LOINC = "http://loinc.org"
CONSENT_DOCUMENT = "59284-0"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
DATA_CATEGORY = "urn:kith:consent-data-category"  # provision.code: pseudonym, home-area, ...
PURPOSE = "urn:kith:consent-purpose"  # provision.purpose: referral, care-coordination
METHOD_EXTENSION = "urn:kith:fhir:consent-method"  # valueCode: verbal, written, digital

TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"


def coding(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"system": system, "code": code}
    if display:
        found["display"] = display
    return found


def concept(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    return {"coding": [coding(system, code, display)]}


def masked() -> dict[str, Any]:
    """A required element whose value this caller may not see (consent does not cover it)."""
    return {"extension": [{"url": DATA_ABSENT, "valueCode": "masked"}]}
