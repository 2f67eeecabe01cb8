"""What a sender's Task and ServiceRequest say beyond what a Kith referral holds (pure).

Kith keeps, beside the referral, and gives back on every read:
- `Task.identifier` (the sender's own ids, so it can match its referral) and `Task.requester`;
- `ServiceRequest.identifier`, `category` (e.g. the Gravity SDOH category codings), every
  coding of `code` (Kith's SNOMED CT one plus the sender's), `reasonCode` in full,
  `reasonReference` (references into the sender's record: only the references), `authoredOn`
  and `requester`.
Anything else the sender put on them Kith does not store; each such element is named in an
`OperationOutcome` warning on the response, so nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from kith_gateway.fhir import codes
from kith_gateway.fhir.outcome import Issue

Json = dict[str, Any]
# Elements that become the referral itself (inbound.py) or are Kith's own on the way out.
TASK_USED = {"resourceType", "id", "meta", "text", "contained", "status", "intent", "code",
             "focus", "for", "owner", "lastModified"}  # fmt: skip
TASK_KEPT = ("identifier", "requester", "authoredOn")
REQUEST_USED = {"resourceType", "id", "meta", "text", "status", "intent", "subject",
                "performer", "extension"}  # fmt: skip
REQUEST_KEPT = ("identifier", "category", "code", "reasonCode", "reasonReference",
                "authoredOn", "requester")  # fmt: skip


@dataclass(frozen=True)
class SenderDetails:
    task: Json = field(default_factory=dict)
    request: Json = field(default_factory=dict)
    warnings: tuple[Issue, ...] = ()


def _dump(resource: Task | ServiceRequest) -> Json:
    return resource.model_dump(mode="json", exclude_none=True)


def _warn(path: str, what: str) -> Issue:
    return Issue(
        "informational",
        f"{path} is not stored by Kith ({what}); it was not kept",
        (path,),
        severity="warning",
    )


def _kept(document: Json, kept: tuple[str, ...]) -> Json:
    found = {key: document[key] for key in kept if key in document}
    for reference in found.get("reasonReference", []):
        reference.pop("display", None)  # a display may name a diagnosis: the reference only
    return found


def sender_details(task: Task, request: ServiceRequest) -> SenderDetails:
    task_json, request_json = _dump(task), _dump(request)
    warnings = [
        _warn(f"Task.{key}", "no place for it in a referral")
        for key in task_json
        if key not in TASK_USED and key not in TASK_KEPT
    ]
    warnings += [
        _warn(f"ServiceRequest.{key}", "no place for it in a referral")
        for key in request_json
        if key not in REQUEST_USED and key not in REQUEST_KEPT
    ]
    warnings += [
        _warn("ServiceRequest.extension", f"extension {extension.get('url')}")
        for extension in request_json.get("extension", [])
        if extension.get("url") != codes.HOME_AREA_EXTENSION
    ]
    if any("display" in r for r in request_json.get("reasonReference", [])):
        warnings.append(
            _warn("ServiceRequest.reasonReference.display", "only the references are kept")
        )
    return SenderDetails(
        _kept(task_json, TASK_KEPT), _kept(request_json, REQUEST_KEPT), tuple(warnings)
    )


def request_code(kept: Json) -> Json:
    """Kith's SNOMED CT coding first, then the sender's other codings and text."""
    ours = codes.coding(
        codes.SNOMED, codes.SOCIAL_PRESCRIBING_REFERRAL, codes.SOCIAL_PRESCRIBING_DISPLAY
    )
    sent = kept.get("code") or {}
    others = [
        c
        for c in sent.get("coding", [])
        if (c.get("system"), c.get("code")) != (codes.SNOMED, codes.SOCIAL_PRESCRIBING_REFERRAL)
    ]
    concept: Json = {"coding": [ours, *others]}
    if sent.get("text"):
        concept["text"] = sent["text"]
    return concept
