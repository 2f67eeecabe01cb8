"""Kith referrals as FHIR resources (pure): a referral is one `ServiceRequest` (what was asked)
and one `Task` (its progress), both with the referral's id and version.

Person fields come from a `ReferralView`, already cut down by the query to what the caller's
organisation may see: an element the consent does not cover is left out, or, where FHIR
requires it (`ServiceRequest.subject`), marked with data-absent-reason `masked`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from kith_gateway.fhir import codes
from kith_gateway.fhir.sender import SenderDetails, request_code
from kith_gateway.referrals.views import HistoryEntry, ReferralView

# Our status → ServiceRequest.status: the request stays active while its Task is open.
REQUEST_STATUS = {
    "draft": "draft",
    "requested": "active",
    "received": "active",
    "accepted": "active",
    "in-progress": "active",
    "on-hold": "on-hold",
    "completed": "completed",
    "rejected": "revoked",
    "failed": "revoked",
    "cancelled": "revoked",
    "entered-in-error": "entered-in-error",
}


def at_version(view: ReferralView, version: int) -> ReferralView | None:
    """The referral as it was at `version` (version 1 is the draft as created), from its
    history; None if it never had that version."""
    if version == 1:
        return replace(view, status="draft", version=1, history=[])
    history = [h for h in view.history if h.version is not None and h.version <= version]
    if not history or history[-1].version != version:
        return None
    return replace(view, status=history[-1].to_status, version=version, history=history)


def etag(version: int) -> str:
    return f'W/"{version}"'


def _instant(at: datetime) -> str:
    return at.isoformat()


def _last(view: ReferralView) -> HistoryEntry | None:
    return view.history[-1] if view.history else None


def _meta(view: ReferralView) -> dict[str, Any]:
    last = _last(view)
    return {
        "versionId": str(view.version),
        "lastUpdated": _instant(last.at if last else view.created_at),
    }


def _person(view: ReferralView) -> dict[str, Any] | None:
    if view.person.pseudonym is None:
        return None
    return {
        "identifier": {
            "system": codes.PSEUDONYM,
            "value": view.person.pseudonym,
            "assigner": {"reference": f"Organization/{view.from_organisation_id}"},
        }
    }


def _status_reason(entry: HistoryEntry) -> dict[str, Any] | None:
    if entry.reason_code is None:
        return None
    reason: dict[str, Any] = {"coding": [codes.coding(codes.REASON, entry.reason_code)]}
    if entry.reason_text:
        reason["text"] = entry.reason_text
    return reason


def _outputs(view: ReferralView) -> list[dict[str, Any]]:
    outcomes = next((h.outcomes for h in reversed(view.history) if h.outcomes), [])
    return [
        {
            "type": codes.concept(codes.OUTPUT_TYPE, "outcome"),
            "valueCodeableConcept": codes.concept(codes.OUTCOME, outcome),
        }
        for outcome in outcomes
    ]


def _business_status(view: ReferralView, capacity_flag: str | None) -> dict[str, Any] | None:
    """While a referral waits in `received`, the router's capacity flag (waitlisted,
    service-closed, assessment-required) says why it may not move soon; otherwise the last
    lifecycle action."""
    if view.status == "received" and capacity_flag and capacity_flag != "delivered":
        return codes.concept(codes.CAPACITY, capacity_flag)
    last = _last(view)
    return codes.concept(codes.ACTION, last.action) if last and last.action else None


def task(
    view: ReferralView, capacity_flag: str | None = None, sender: SenderDetails | None = None
) -> dict[str, Any]:
    last = _last(view)
    sent = sender.task if sender else {}
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "id": view.id,
        "meta": _meta(view),
        "identifier": sent.get("identifier"),
        "status": view.status,
        "intent": "order",
        "code": codes.concept(codes.TASK_CODE, "fulfill"),
        "focus": {"reference": f"ServiceRequest/{view.id}"},
        "for": _person(view),
        "authoredOn": _instant(view.created_at),
        "lastModified": _meta(view)["lastUpdated"],
        "requester": sent.get("requester") or _organisation(view.from_organisation_id),
        "owner": {"reference": f"Organization/{view.to_organisation_id}"},
        "businessStatus": _business_status(view, capacity_flag),
        "statusReason": _status_reason(last) if last else None,
        "output": _outputs(view) or None,
    }
    return {k: v for k, v in resource.items() if v is not None}


def _home_area(view: ReferralView) -> list[dict[str, Any]] | None:
    if view.person.home_area is None:
        return None
    coding = codes.coding(codes.LSOA, view.person.home_area)
    return [{"url": codes.HOME_AREA_EXTENSION, "valueCoding": coding}]


def _organisation(organisation_id: str) -> dict[str, Any]:
    return {"reference": f"Organization/{organisation_id}"}


def _reason_codes(view: ReferralView, sent: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The sender's reason codes as sent, else the reason text; only when the caller may
    see the reason (`view.reason` is cut by the consent)."""
    if not view.reason:
        return None
    return sent.get("reasonCode") or [{"text": view.reason}]


def service_request(view: ReferralView, sender: SenderDetails | None = None) -> dict[str, Any]:
    sent = sender.request if sender else {}
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": view.id,
        "meta": _meta(view),
        "extension": _home_area(view),
        "identifier": sent.get("identifier"),
        "status": REQUEST_STATUS[view.status],
        "intent": "order",
        "category": sent.get("category"),
        "code": request_code(sent),
        "subject": _person(view) or codes.masked(),
        "authoredOn": sent.get("authoredOn") or _instant(view.created_at),
        "requester": sent.get("requester") or _organisation(view.from_organisation_id),
        "performer": [{"reference": f"HealthcareService/{view.service_id}"}],
        "reasonCode": _reason_codes(view, sent),
        "reasonReference": sent.get("reasonReference") if view.reason else None,
    }
    return {k: v for k, v in resource.items() if v is not None}
