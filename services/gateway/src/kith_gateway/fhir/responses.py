"""The answer to a transaction Bundle: a `transaction-response` with one entry per request
entry, in the same order, each saying what happened and where the result lives."""

from __future__ import annotations

from typing import Any

from kith_gateway.fhir.handlers import Created
from kith_gateway.fhir.outbound import etag
from kith_gateway.fhir.outcome import Issue, outcome
from kith_gateway.fhir.prefer import Return
from kith_gateway.referrals.views import ReferralView


def _entry(kind: str, view: ReferralView, done: Created) -> dict[str, Any]:
    status = "201 Created" if done.referral.created else "200 OK"
    if kind in ("Task", "ServiceRequest"):
        where = f"{kind}/{view.id}/_history/{view.version}"
        return {"response": {"status": status, "location": where, "etag": etag(view.version)}}
    if kind == "Consent" and done.consent_id:
        return {"response": {"status": status, "location": f"Consent/{done.consent_id}"}}
    return {"response": {"status": "200 OK"}}  # a Patient entry: only a pseudonym, not stored


def transaction_response(
    kinds: list[str],
    view: ReferralView,
    done: Created,
    warnings: dict[str, list[Issue]] | None = None,
    choice: Return | None = None,
    resources: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """`warnings` by entry type: what that entry said that Kith did not keep, as the entry's
    `response.outcome` (the Task's entry carries its ServiceRequest's too). `choice` is the
    client's `Prefer: return=`, applied to every entry: `resources` by type go in as the
    entries' `resource` for `representation`; `OperationOutcome` gives every entry an outcome."""
    entries = []
    for kind in kinds:
        entry = _entry(kind, view, done)
        issues = (warnings or {}).get(kind) or []
        if choice is Return.OUTCOME and not issues:
            issues = [Issue("informational", f"{kind} processed", severity="information")]
        if issues:
            entry["response"]["outcome"] = outcome(issues)
        if choice is Return.REPRESENTATION and kind in (resources or {}):
            entry["resource"] = (resources or {})[kind]
        entries.append(entry)
    return {"resourceType": "Bundle", "type": "transaction-response", "entry": entries}
