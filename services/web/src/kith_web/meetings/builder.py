"""The agenda builder: check whom the person's care-coordination consent covers at the
meeting, record what is missing (the organisation that recorded the person only), then add
the case. The person may be one of another organisation's, brought under their consent: the
practitioner names that organisation and its reference for the person.

A person's reference is typed into a POST form (never a URL, so it stays out of logs)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.meetings import queries
from kith_web.meetings.meeting import show
from kith_web.web import call, form, user

CONSENT_DAYS = 365


def _person(sent: FormData) -> tuple[str, str | None]:
    """(the reference, the organisation that recorded the person: None for yours)."""
    return str(sent.get("pseudonym", "")).strip(), str(sent.get("recorded_by", "")) or None


async def _check(request: Request, pseudonym: str, recorded_by: str | None) -> dict[str, Any]:
    variables = {"id": request.path_params["id"], "p": pseudonym, "by": recorded_by}
    return dict((await call(request, queries.CHECK, variables))["meetingCaseCheck"])


def _found(check: dict[str, Any] | None, pseudonym: str, by: str | None) -> dict[str, Any]:
    return {"check": check, "pseudonym": pseudonym, "recorded_by": by or ""}


async def check(request: Request) -> Response:
    """Step one of adding a case: whom the person's consent covers here, before adding."""
    await user(request)
    pseudonym, by = _person(await form(request))
    errors = FormErrors()
    if not pseudonym:
        errors.add("pseudonym", "Enter the reference for the person")
        return await show(request, _found(None, "", by), errors, 400)
    found = await _check(request, pseudonym, by)
    if found["__typename"] != "CaseCheck":
        errors.add("pseudonym", found["message"])
        return await show(request, _found(None, pseudonym, by), errors, 404)
    return await show(request, _found(found, pseudonym, by))


def consent_input(
    sent: FormData, pseudonym: str, purpose: str, organisations: list[str]
) -> dict[str, Any]:
    """The person's consent as the practitioner recorded it here: for a year, by the method
    they chose (verbal or written)."""
    return {
        "idempotencyKey": str(sent.get("idempotency_key", "")),
        "personPseudonym": pseudonym,
        "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"],
        "purpose": purpose,
        "sharedWithOrganisationIds": organisations,
        "method": str(sent.get("method", "VERBAL")),
        "expiresAt": (datetime.now(UTC) + timedelta(days=CONSENT_DAYS)).isoformat(),
    }


async def record_consent(request: Request) -> Response:
    """Record the person's care-coordination consent for the organisations it lacked."""
    await user(request)
    sent = await form(request)
    pseudonym, _ = _person(sent)
    orgs = [str(o) for o in sent.getlist("organisations")]
    given = consent_input(sent, pseudonym, "CARE_COORDINATION", orgs)
    result = (await call(request, queries.RECORD_CONSENT, {"i": given}))["recordConsent"]
    errors = FormErrors()
    if result["__typename"] != "ConsentRecorded":
        errors.add("consent", result.get("message") or "The consent could not be recorded")
    extra = {**_found(await _check(request, pseudonym, None), pseudonym, None),
             "consent_recorded": not errors}  # fmt: skip
    return await show(request, extra, errors, 400 if errors else 200)


async def add_case(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    meeting_id = request.path_params["id"]
    given = {
        "idempotencyKey": str(sent.get("idempotency_key", "")),
        "meetingId": meeting_id,
        "personId": str(sent.get("person_id", "")),
        "leadPractitioner": str(sent.get("lead", "")),
        "summary": str(sent.get("summary", "")),
        "expectedVersion": int(str(sent.get("expected_version", "0")) or 0),
    }
    result = (await call(request, queries.ADD_CASE, {"i": given}))["addCaseToMeeting"]
    if result["__typename"] == "CaseAdded":
        return RedirectResponse(f"/meetings/{meeting_id}#agenda", status_code=303)
    errors = FormErrors()
    field = {"leadPractitioner": "lead", "summary": "summary"}.get(result.get("field") or "")
    errors.add(field or "pseudonym", result["message"])
    pseudonym, by = _person(sent)
    found = await _check(request, pseudonym, by) if pseudonym else None
    return await show(request, _found(found, pseudonym, by), errors, 400)


def routes() -> list[BaseRoute]:
    return [
        Route("/meetings/{id}/check", check, methods=["POST"]),
        Route("/meetings/{id}/consent", record_consent, methods=["POST"]),
        Route("/meetings/{id}/cases", add_case, methods=["POST"]),
    ]
