"""Running the meeting: a decision on a case (refer to a service, step up a tier, or a note)
and an action with its owner and due date. A refer decision the person's referral consent
does not cover comes back naming the organisation, with a form to record that consent."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.meetings import queries
from kith_web.meetings.builder import consent_input
from kith_web.meetings.meeting import show
from kith_web.web import call, form, user


def _decision(case_id: str, sent: FormData) -> dict[str, Any]:
    kind = str(sent.get("kind", "OTHER"))
    given: dict[str, Any] = {
        "idempotencyKey": str(sent.get("idempotency_key", "")),
        "caseId": case_id,
        "kind": kind,
        "text": str(sent.get("text", "")),
    }
    if kind == "REFER":
        given["serviceId"] = str(sent.get("service", "")) or None
    if kind == "STEP_UP_TIER":
        pathway, _, tier = str(sent.get("tier", "")).partition(":")
        given["pathwayId"], given["tier"] = pathway or None, int(tier) if tier else None
    return given


async def decide(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    meeting_id, case_id = request.path_params["id"], request.path_params["case"]
    result = await call(request, queries.DECIDE, {"i": _decision(case_id, sent)})
    done = result["recordMeetingDecision"]
    if done["__typename"] == "DecisionRecorded":
        return RedirectResponse(f"/meetings/{meeting_id}#case-{case_id}", status_code=303)
    errors = FormErrors()
    field = {"serviceId": "service", "tier": "tier", "pathwayId": "tier", "text": "text"}.get(
        done.get("field") or "", "kind"
    )
    errors.add(f"{field}-{case_id}", done["message"])
    extra: dict[str, Any] = {}
    if done["__typename"] == "ConsentRequiredError":
        extra["referral_consent"] = {"case_id": case_id, "service": sent.get("service", "")}
    return await show(request, extra, errors, 400)


async def referral_consent(request: Request) -> Response:
    """Record the referral consent a refer decision lacked (the person's holder only)."""
    await user(request)
    sent = await form(request)
    meeting_id, case_id = request.path_params["id"], request.path_params["case"]
    pseudonym, organisation = str(sent.get("pseudonym", "")), str(sent.get("organisation", ""))
    given = consent_input(sent, pseudonym, "REFERRAL", [organisation])
    result = (await call(request, queries.RECORD_CONSENT, {"i": given}))["recordConsent"]
    if result["__typename"] == "ConsentRecorded":
        return RedirectResponse(f"/meetings/{meeting_id}#case-{case_id}", status_code=303)
    errors = FormErrors()
    errors.add(f"kind-{case_id}", result.get("message") or "The consent could not be recorded")
    return await show(request, None, errors, 400)


async def add_action(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    meeting_id, case_id = request.path_params["id"], request.path_params["case"]
    given = {
        "idempotencyKey": str(sent.get("idempotency_key", "")),
        "caseId": case_id,
        "description": str(sent.get("description", "")),
        "ownerOrganisationId": str(sent.get("owner", "")),
        "ownerUserId": str(sent.get("owner_user", "")).strip() or None,
        "dueOn": str(sent.get("due", "")),
    }
    errors = FormErrors()
    if not given["dueOn"]:
        errors.add(f"due-{case_id}", "Enter the date the action is due")
        return await show(request, None, errors, 400)
    done = (await call(request, queries.ADD_ACTION, {"i": given}))["addMeetingAction"]
    if done["__typename"] == "ActionAdded":
        return RedirectResponse(f"/meetings/{meeting_id}#case-{case_id}", status_code=303)
    field = {"description": "description", "ownerOrganisationId": "owner"}.get(
        done.get("field") or "", "description"
    )
    errors.add(f"{field}-{case_id}", done["message"])
    return await show(request, None, errors, 400)


def routes() -> list[BaseRoute]:
    return [
        Route("/meetings/{id}/cases/{case}/decisions", decide, methods=["POST"]),
        Route("/meetings/{id}/cases/{case}/referral-consent", referral_consent, methods=["POST"]),
        Route("/meetings/{id}/cases/{case}/actions", add_action, methods=["POST"]),
    ]
