"""Change a listing's capacity: accepting / limited (waiting list) / full / after an
assessment, places free and in total, and about how long people wait to start."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.partner.our_services import Refused, change, conflict_message, listing, saved, tokens
from kith_web.partner.words import CAPACITY, CAPACITY_ENUM
from kith_web.web import form, render, user

# the API's field → (the input's id, its label for messages)
FIELDS = {
    "status": ("status", "Whether you are accepting referrals"),
    "available": ("available", "Places free now"),
    "maximum": ("maximum", "Places in total"),
    "waitingWeeks": ("waiting", "Waiting time"),
    "unit": ("available", "Places"),
}
NUMBERS = {"available": "available", "maximum": "maximum", "waiting": "waitingWeeks"}


def _typed(listing_: dict[str, Any]) -> dict[str, str]:
    """The form filled from what the listing says now."""
    capacity = listing_["capacity"]

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return {
        "status": capacity["status"] or "",
        "available": text(capacity["available"]),
        "maximum": text(capacity["maximum"]),
        "waiting": text(listing_["waitingWeeks"]),
    }


async def _form(
    request: Request,
    listing_: dict[str, Any],
    typed: dict[str, str],
    errors: FormErrors | None = None,
    status: int = 200,
    version: str | None = None,
) -> Response:
    """`version`: the one the form was drawn from (kept through a mistake in what was typed)."""
    context = {
        "s": listing_,
        "version": version or str(listing_["version"]),
        "typed": typed,
        "choices": [(code, words) for code, (words, _) in CAPACITY.items()],
        "errors": errors or FormErrors(),
    }
    return await render(request, "our_services/capacity.html", context, status)


async def edit(request: Request) -> Response:
    await user(request)
    found = await listing(request)
    return await _form(request, found, _typed(found))


def _read(sent: Any, errors: FormErrors) -> tuple[dict[str, str], dict[str, Any]]:
    typed = {key: str(sent.get(key, "")).strip() for key in ("status", *NUMBERS)}
    given: dict[str, Any] = {}
    if typed["status"] not in CAPACITY_ENUM:
        errors.add("status", "Choose whether you are accepting referrals")
    else:
        given["status"] = CAPACITY_ENUM[typed["status"]]
    for field_id, api_name in NUMBERS.items():
        value = typed[field_id]
        if value and not value.isdigit():
            label = next(label for fid, label in FIELDS.values() if fid == field_id)
            errors.add(field_id, f"{label} must be a whole number, like 3, or left empty")
        given[api_name] = int(value) if value.isdigit() else None
    return typed, given


async def save(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    service_id = request.path_params["id"]
    errors = FormErrors()
    typed, given = _read(sent, errors)
    if errors:
        drawn = str(sent.get("expected_version", ""))
        return await _form(request, await listing(request), typed, errors, 400, drawn)
    try:
        given |= tokens(sent, service_id)
        await change(request, "updateServiceCapacity", "UpdateCapacityInput", given)
    except Refused as refused:
        now = await listing(request)
        result = refused.result
        if result["__typename"] == "ConflictError":
            errors.add("status", conflict_message(now["name"], "save your change again"))
            return await _form(request, now, typed, errors, 409)
        field_id, label = FIELDS.get(result.get("field") or "", ("status", ""))
        errors.add(field_id, f"{label} {result['message']}".strip())
        drawn = str(sent.get("expected_version", ""))
        return await _form(request, now, typed, errors, 400, drawn)
    return saved(service_id, "capacity")


def routes() -> list[BaseRoute]:
    return [
        Route("/our-services/{id}/capacity", edit),
        Route("/our-services/{id}/capacity", save, methods=["POST"]),
    ]
