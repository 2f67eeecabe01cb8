"""A referral's page: what the consent shares, names instead of ids, the timeline, and the
changes this user may make now as buttons (from the API's allowedTransitions). Each change is
a form with its idempotency key and the version it was drawn from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.pages.labels import ACTION, DONE, OUTCOME, REASON, STATUS, STATUS_COLOUR, code_key
from kith_web.pages.live import event_stream
from kith_web.public import contact_details
from kith_web.web import call, form, render, user

READ = """query($id: ID!) { referral(id: $id) {
  id status version createdAt reason businessStatus selfReferral escalationLevel
  person { pseudonym homeArea }
  names { service fromOrganisation toOrganisation homeArea }
  allowedTransitions { action mutation reasons reasonRequired takesOutcomes }
  history { from to action at actor byUser reasonCode reasonText outcomes } } }"""
VERSION = "query($id: ID!) { referral(id: $id) { version } }"
RESULT = """__typename ... on ReferralChanged { referral { status } }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message } ... on TransitionError { message }
  ... on ConsentRequiredError { message }"""
# every action's mutation: a form sent again after its change was made is replayed by its key
MUTATIONS = {
    "send": "sendReferral",
    "accept": "acceptReferral",
    "reject": "rejectReferral",
    "start": "startReferral",
    "hold": "holdReferral",
    "resume": "resumeReferral",
    "complete": "completeReferral",
    "fail": "failReferral",
    "cancel": "cancelReferral",
    "mark-entered-in-error": "markReferralEnteredInError",
}
INPUT_TYPES = {
    "rejectReferral": "RejectReferralInput",
    "completeReferral": "CompleteReferralInput",
    "failReferral": "StopReferralInput",
    "cancelReferral": "CancelReferralInput",
    "markReferralEnteredInError": "StopReferralInput",
}


# A self-referral's referring side is the person, who asked from the public directory (its
# referrer is recorded as the receiving organisation and a placeholder user, not a person's name).
SELF = "the person themselves, from the public directory"


def _who(change: dict[str, Any], referral: dict[str, Any]) -> str:
    if referral["selfReferral"] and change["actor"] in ("referrer", "person"):
        return SELF
    names = referral["names"]
    side = {
        "receiver": names["toOrganisation"],
        "referrer": names["fromOrganisation"],
        "router": "Kith",
        "person": "the person",
    }.get(change["actor"] or "")
    person = change["byUser"] if change["actor"] in ("receiver", "referrer") else None
    return ", ".join(p for p in (person, side) if p) or "Kith"


def _timeline(referral: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "what": DONE.get(h["action"] or "", "Created") if h["action"] else "Created",
            "when": datetime.fromisoformat(h["at"]),
            "who": _who(h, referral),
            "reason": REASON.get(code_key(h["reasonCode"])) if h["reasonCode"] else None,
            "reason_text": h["reasonText"],
            "outcomes": [OUTCOME.get(code_key(o), o) for o in h["outcomes"]],
        }
        for h in referral["history"]
    ]


async def _page(request: Request, errors: FormErrors | None = None, status: int = 200) -> Response:
    data = await call(request, READ, {"id": request.path_params["id"]})
    referral = data["referral"]
    if referral is None:
        raise HTTPException(404)
    context = {
        "r": referral,
        "status_text": STATUS.get(referral["status"], referral["status"]),
        "colour": STATUS_COLOUR.get(referral["status"], "grey"),
        "timeline": _timeline(referral),
        "actions": ACTION,
        "reasons": REASON,
        "outcome_items": [{"value": code, "text": text} for code, text in OUTCOME.items()],
        "errors": errors or FormErrors(),
        "contact": await contact_details.for_referral(request, referral),
    }
    return await render(request, "referrals/page.html", context, status)


async def page(request: Request) -> Response:
    await user(request)
    return await _page(request)


def _input(referral_id: str, transition: dict[str, Any], sent: Any) -> dict[str, Any]:
    given: dict[str, Any] = {
        "referralId": referral_id,
        "expectedVersion": int(str(sent.get("expected_version", "0")) or 0),
        "idempotencyKey": str(sent.get("idempotency_key", "")),
    }
    if transition["reasons"] and sent.get("reason"):
        given["reason"] = str(sent["reason"])
        text = str(sent.get("explanation", "")).strip()
        given["explanation"] = text or None
    if transition["takesOutcomes"]:
        given["outcomes"] = [str(o) for o in sent.getlist("outcomes")]
    return given


async def change(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    referral_id, action = request.path_params["id"], request.path_params["action"]
    data = await call(request, READ, {"id": referral_id})
    referral = data["referral"]
    if referral is None:
        raise HTTPException(404)
    transition = next((t for t in referral["allowedTransitions"] if t["action"] == action), None)
    errors = FormErrors()
    if transition is None:
        return await _already_done(request, referral_id, action, sent)
    if transition["reasonRequired"] and not sent.get("reason"):
        errors.add(f"{action}-reason", "Choose a reason")
        return await _page(request, errors, 400)
    mutation = transition["mutation"]
    input_type = INPUT_TYPES.get(mutation, "ReferralActionInput")
    query = f"mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ {RESULT} }} }}"
    result = (await call(request, query, {"i": _input(referral_id, transition, sent)}))[mutation]
    if result["__typename"] == "ReferralChanged":
        return RedirectResponse(f"/referrals/{referral_id}", status_code=303)
    field = {"explanation": f"{action}-explanation", "reason": f"{action}-reason"}.get(
        result.get("field", ""), "actions"
    )
    errors.add(field, result["message"])
    return await _page(request, errors, 400)


async def _already_done(request: Request, referral_id: str, action: str, sent: Any) -> Response:
    """The action is no longer allowed. If this very form made it (a double click, a replayed
    POST), the gateway replays its key and the user sees the referral, changed once; else the
    referral moved on meanwhile and the page says so."""
    mutation = MUTATIONS.get(action)
    if mutation is None:
        raise HTTPException(404)
    as_sent = {"reasons": [sent["reason"]] if sent.get("reason") else [],
               "takesOutcomes": action == "complete"}  # fmt: skip
    input_type = INPUT_TYPES.get(mutation, "ReferralActionInput")
    query = f"mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ {RESULT} }} }}"
    variables = {"i": _input(referral_id, as_sent, sent)}
    result = (await call(request, query, variables))[mutation]
    if result["__typename"] == "ReferralChanged":
        return RedirectResponse(f"/referrals/{referral_id}", status_code=303)
    errors = FormErrors()
    errors.add("actions", "This referral has changed and that can no longer be done.")
    return await _page(request, errors, 409)


async def events(request: Request) -> Response:
    await user(request)

    async def fingerprint() -> str:
        data = await call(request, VERSION, {"id": request.path_params["id"]})
        return str((data["referral"] or {}).get("version"))

    return event_stream(request, fingerprint)


def routes() -> list[BaseRoute]:
    return [
        Route("/referrals/{id}", page),
        Route("/referrals/{id}/events", events),
        Route("/referrals/{id}/{action}", change, methods=["POST"]),
    ]
