"""Our services: the receiving organisation's own listings — capacity and waiting time, the
regular opening times in plain words, how fresh each listing is and a "still correct"
confirmation. Every change names the version it was drawn from, so an edit made on an old
page is refused with what the listing says now, never written over someone else's change."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.partner.words import CAPACITY, listing_view
from kith_web.web import call, form, render, user

OURS = """{ ourServices { id name active version waitingWeeks freshness verifiedAt
  providerVerifiedAt capacity { status available maximum unit updatedAt }
  openingTimes { days weekOfMonth opensAt closesAt description } } }"""
RESULT = """__typename ... on ServiceUpdated { version replayed }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message currentVersion }"""
REASSURE = f"mutation($i: ReassureServiceInput!) {{ reassureService(input: $i) {{ {RESULT} }} }}"
SAVED = {
    "capacity": "Saved whether {name} is accepting referrals.",
    "opening-times": "Saved the opening times of {name}.",
    "still-correct": "Thank you: {name} is marked as checked today.",
}
CHANGED_MEANWHILE = (
    "Someone else changed {name} while you had this page open, so your change was not saved."
    " What it says now is shown here; check it and {again}."
)


class Refused(Exception):
    """The gateway answered a change with a typed refusal (not a ServiceUpdated)."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(result["__typename"])
        self.result = result


async def listings(request: Request) -> list[dict[str, Any]]:
    data = await call(request, OURS)
    now = datetime.now(UTC)
    return [listing_view(raw, now) for raw in data["ourServices"]]


async def listing(request: Request) -> dict[str, Any]:
    wanted = request.path_params["id"]
    found = next((s for s in await listings(request) if s["id"] == wanted), None)
    if found is None:
        raise HTTPException(404)
    return found


async def change(request: Request, mutation: str, input_type: str, given: dict[str, Any]) -> None:
    """Send one change; a typed refusal is raised as `Refused` for the page to explain."""
    query = f"mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ {RESULT} }} }}"
    result = (await call(request, query, {"i": given}))[mutation]
    if result["__typename"] == "NotFoundError":
        raise HTTPException(404)
    if result["__typename"] != "ServiceUpdated":
        raise Refused(result)


def tokens(sent: Any, service_id: str) -> dict[str, Any]:
    """What every change carries: the listing, its idempotency key and the version it read."""
    version = str(sent.get("expected_version", ""))
    return {
        "serviceId": service_id,
        "idempotencyKey": str(sent.get("idempotency_key", "")),
        "expectedVersion": int(version) if version.isdigit() else None,
    }


def saved(service_id: str, what: str) -> Response:
    return RedirectResponse(f"/our-services?saved={what}&service={service_id}", status_code=303)


def conflict_message(name: str, again: str) -> str:
    return CHANGED_MEANWHILE.format(name=name, again=again)


async def page(request: Request, errors: FormErrors | None = None, status: int = 200) -> Response:
    await user(request)
    found = await listings(request)
    what = SAVED.get(request.query_params.get("saved", ""))
    named = next((s for s in found if s["id"] == request.query_params.get("service")), None)
    context = {
        "services": found,
        "saved": what.format(name=named["name"]) if what and named else None,
        "capacity_names": {code: words for code, (words, _) in CAPACITY.items()},
        "errors": errors or FormErrors(),
    }
    return await render(request, "our_services/page.html", context, status)


async def still_correct(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    service_id = request.path_params["id"]
    try:
        await change(request, "reassureService", "ReassureServiceInput", tokens(sent, service_id))
    except Refused as refused:
        name = (await listing(request))["name"]
        errors = FormErrors()
        if refused.result["__typename"] == "ConflictError":
            errors.add(f"service-{service_id}", conflict_message(name, "confirm it again"))
            return await page(request, errors, 409)
        errors.add(f"service-{service_id}", refused.result["message"])
        return await page(request, errors, 400)
    return saved(service_id, "still-correct")


def routes() -> list[BaseRoute]:
    return [
        Route("/our-services", page),
        Route("/our-services/{id}/still-correct", still_correct, methods=["POST"]),
    ]
