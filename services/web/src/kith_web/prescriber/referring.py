"""Referring with consent: "Refer" from a match (the person's reference and home area come
from their record), the consent form when their consent does not cover the service yet (it
records the consent and then makes the referral, in one submit), and the answer to a
next-best proposal. Every form carries its rendered idempotency key, so a double submit
creates one referral."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.prescriber import consent_form as cf
from kith_web.prescriber import matches, person
from kith_web.prescriber.words import CATEGORIES, EXPIRY_MONTHS, METHODS, PURPOSES
from kith_web.web import call, form, render, user

PERSON = """query($id: ID!) { person(id: $id) { __typename ... on PersonRecord {
  id pseudonym profile { homeArea } } } }"""
REFER = """mutation($i: CreateReferralInput!) { createReferral(input: $i) { __typename
  ... on ReferralCreated { referral { id } } ... on InputError { field message }
  ... on NotFoundError { message } ... on ConflictError { message }
  ... on ConsentRequiredError { message } ... on PathwayRuleError { message } } }"""
CONSENT = """mutation($i: RecordConsentInput!) { recordConsent(input: $i) { __typename
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message } } }"""
DECIDED = {  # each answer's own result type: a union only admits its own members' fragments
    "confirm": ("confirmProposedAlternative", "AlternativeConfirmed"),
    "decline": ("declineProposedAlternative", "AlternativeDeclined"),
}
DECIDE = """mutation($r: ID!, $k: String!) {{ {name}(referralId: $r, idempotencyKey: $k) {{
  __typename ... on {done} {{ referral {{ id }} }}
  ... on InputError {{ message }} ... on NotFoundError {{ message }}
  ... on ConflictError {{ message }} ... on TransitionError {{ message }}
  ... on ConsentRequiredError {{ message }} }} }}"""


async def _person(request: Request) -> dict[str, Any]:
    found = (await call(request, PERSON, {"id": request.path_params["id"]}))["person"]
    if found["__typename"] != "PersonRecord":
        raise HTTPException(404)
    person: dict[str, Any] = found
    return person


async def _refer(
    request: Request, who: dict[str, Any], service_id: str, reason: str, key: str
) -> dict[str, Any]:
    given = {
        "idempotencyKey": key,
        "personPseudonym": who["pseudonym"],
        "homeArea": who["profile"]["homeArea"],
        "serviceId": service_id,
        "reason": reason or "Help that fits",
    }
    result: dict[str, Any] = (await call(request, REFER, {"i": given}))["createReferral"]
    return result


async def refer(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    someone = await _person(request)
    service_id, reason = str(sent.get("service_id", "")), str(sent.get("reason", ""))[:500]
    errors = FormErrors()
    if not someone["pseudonym"] or not someone["profile"]:
        errors.add("matches", "Record their reference and where they live before referring")
        return await matches.show(request, errors, 400)
    key = str(sent.get("idempotency_key", ""))
    result = await _refer(request, someone, service_id, reason, key)
    if result["__typename"] == "ReferralCreated":
        return RedirectResponse(f"/referrals/{result['referral']['id']}", status_code=303)
    if result["__typename"] == "ConsentRequiredError":
        back = f"/people/{someone['id']}/consent?service={service_id}"
        return RedirectResponse(back, status_code=303)
    errors.add("matches", result["message"])
    return await matches.show(request, errors, 400)


async def _offered(request: Request) -> tuple[dict[str, str], dict[str, Any] | None]:
    """Organisations the consent may name (those whose services fit), and the service to
    refer to afterwards if one was asked for."""
    context = await matches.matches_context(request)
    offered = {i["service"]["organisationId"]: i["service"]["organisationName"]
               for i in context["items"]}  # fmt: skip
    wanted = request.query_params.get("service")
    service = next((i for i in context["items"] if i["service"]["id"] == wanted), None)
    return offered, service


async def _consent_page(
    request: Request,
    fields: cf.ConsentForm,
    key: str,
    errors: FormErrors | None = None,
    status: int = 200,
) -> Response:
    someone = await _person(request)
    offered, service = await _offered(request)
    context = {
        "p": someone,
        "f": fields,
        "key": key,
        "service": service,
        "offered": offered,
        "statement": cf.statement(fields, offered),
        "today": cf.first_day(fields, datetime.now(UTC)).strftime("%-d %B %Y"),  # printed
        "words": {
            "categories": CATEGORIES,
            "purposes": PURPOSES,
            "methods": METHODS,
            "months": EXPIRY_MONTHS,
        },
        "errors": errors or FormErrors(),
    }
    return await render(request, "people/consent.html", context, status)


async def consent(request: Request) -> Response:
    await user(request)
    _, service = await _offered(request)
    chosen = [service["service"]["organisationId"]] if service else []
    today = datetime.now(UTC).date().isoformat()
    return await _consent_page(request, cf.ConsentForm(organisations=chosen, starts=today), "")


async def record_consent(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    offered, service = await _offered(request)
    fields, key = cf.read_consent(sent, offered), str(sent.get("idempotency_key", ""))
    fields.starts = cf.first_day(fields, datetime.now(UTC)).isoformat()  # kept on a re-show
    errors = cf.check(fields)
    someone = await _person(request)
    if not someone["pseudonym"]:
        errors.add("organisations", "Record your reference for them first")
    if errors:
        return await _consent_page(request, fields, key, errors, 400)
    given = cf.to_input(fields, someone["pseudonym"], key, datetime.now(UTC))
    result = (await call(request, CONSENT, {"i": given}))["recordConsent"]
    if result["__typename"] != "ConsentRecorded":
        errors.add("organisations", result["message"])
        return await _consent_page(request, fields, key, errors, 400)
    if service is None:
        return RedirectResponse(f"/people/{someone['id']}", status_code=303)
    made = await _refer(request, someone, service["service"]["id"], service["reason_text"],
                        f"{key}-refer")  # fmt: skip
    if made["__typename"] == "ReferralCreated":
        return RedirectResponse(f"/referrals/{made['referral']['id']}", status_code=303)
    errors.add("organisations", f"Consent recorded; the referral was not made: {made['message']}")
    return await _consent_page(request, fields, key, errors, 400)


async def decide(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    person_id, referral_id = request.path_params["id"], request.path_params["referral"]
    if request.path_params["answer"] not in DECIDED:
        raise HTTPException(404)
    name, done = DECIDED[request.path_params["answer"]]
    variables = {"r": referral_id, "k": str(sent.get("idempotency_key", ""))}
    result = (await call(request, DECIDE.format(name=name, done=done), variables))[name]
    if result["__typename"] == "AlternativeConfirmed":
        return RedirectResponse(f"/referrals/{result['referral']['id']}", status_code=303)
    if result["__typename"] == "AlternativeDeclined":  # the person's page says it was kept
        return RedirectResponse(f"/people/{person_id}", status_code=303)
    errors = FormErrors()
    errors.add("proposals", result["message"])
    return await person.show(request, errors, 400)


def routes() -> list[BaseRoute]:
    return [
        Route("/people/{id}/refer", refer, methods=["POST"]),
        Route("/people/{id}/consent", consent),
        Route("/people/{id}/consent", record_consent, methods=["POST"]),
        Route("/people/{id}/proposals/{referral}/{answer:str}", decide, methods=["POST"]),
    ]
