"""Resources shaped like the HL7 Gravity SDOH Clinical Care examples (the SDOHCC
ServiceRequest "Active Food Pantry Application Assist" and Task "Referral Management" and the
SDOHCC Consent "Information Disclosure" instances), with Kith's own elements added where a
Kith referral needs them. The codes are those the Gravity examples use; people are synthetic.
"""

from __future__ import annotations

import copy
from typing import Any

from kith_gateway.fhir import codes

from tests.helpers import fhir_resources as resources

SDOHCC_TEMPORARY = (
    "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes"
)
SOCIAL_SERVICE_PROCEDURE = {
    "system": codes.SNOMED,
    "code": "410606002",
    "display": "Social service procedure",
}
FOOD_INSECURITY = {
    "system": SDOHCC_TEMPORARY,
    "code": "food-insecurity",
    "display": "Food Insecurity",
}
FOOD_PANTRY_ASSIST = {"system": codes.SNOMED, "code": "467771000124109",
                      "display": "Assistance with application for food pantry program"}  # fmt: skip
CONDITION = "Condition/SDOHCC-ConditionFoodInsecurityExample"
REQUESTER = {"reference": "PractitionerRole/SDOHCC-PractitionerRoleDrJanWaterExample"}
INFORMATION_DISCLOSURE = {
    "system": codes.ACT_CODE,
    "code": "IDSCL",
    "display": "information disclosure",
}


def gravity_request(request: dict[str, Any]) -> dict[str, Any]:
    shaped = copy.deepcopy(request)
    shaped["identifier"] = [{"system": "urn:oid:2.16.840.1.113883.2.1.3.2.4.99", "value": "SR-77"}]
    shaped["category"] = [{"coding": [SOCIAL_SERVICE_PROCEDURE]}, {"coding": [FOOD_INSECURITY]}]
    shaped["code"] = {"coding": [*shaped["code"]["coding"], FOOD_PANTRY_ASSIST]}
    shaped["reasonCode"] = [{"coding": [FOOD_INSECURITY], "text": "Needs food support"}]
    shaped["reasonReference"] = [{"reference": CONDITION}]
    shaped["authoredOn"] = "2026-11-02T09:15:00+00:00"
    shaped["requester"] = REQUESTER
    return shaped


def gravity_task(pseudonym: str = "PSN-0001", **extra: Any) -> dict[str, Any]:
    task = resources.task(pseudonym, identifier="GP-REF-2026-0042")
    task["contained"] = [gravity_request(task["contained"][0])]
    task["requester"] = REQUESTER
    task["authoredOn"] = "2026-11-02T09:20:00+00:00"
    return task | extra


def gravity_bundle(pseudonym: str = "PSN-0001", **consent_extra: Any) -> dict[str, Any]:
    bundle = resources.bundle(pseudonym)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "ServiceRequest":
            entry["resource"] = gravity_request(resource)
        if resource["resourceType"] == "Consent":
            resource["category"] = [{"coding": [INFORMATION_DISCLOSURE]}]
            resource["dateTime"] = "2026-11-02"
            resource["organization"] = [{"reference": "Organization/org-gp-a"}]
            resource.update(consent_extra)
    return bundle
