"""Notification settings: how the organisation is told about new referrals — by email (each
one, or a digest once an hour or a day), to its own system by signed webhook (connected in
webhook_endpoints.py), and always in the live inbox — in plain words, managed by the
organisation's admin. The gateway's notifications
domain holds the rules; this page says them and sends what the admin chose."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.partner.notification_words import (
    DIGESTS,
    OFFERED,
    endpoint_view,
    subscription_view,
)
from kith_web.web import call, form, render, user

READ = """{ notificationSubscriptions { id eventTypes channel endpointId email digest serviceIds
    createdAt }
  webhookEndpoints { id url status verifiedAt verificationError verificationStatusCode circuit
    blockedUntil }
  ourServices { id name } }"""
CREATE = """mutation($key: String!, $i: NotificationSubscriptionInput!) {
  createNotificationSubscription(idempotencyKey: $key, input: $i) { __typename
    ... on InputError { field message } ... on NotFoundError { message }
    ... on ConflictError { message } } }"""
REMOVE = """mutation($id: ID!) { removeNotificationSubscription(id: $id) { __typename } }"""
VERIFY = """mutation($id: ID!) { verifyWebhookEndpoint(endpointId: $id) { __typename } }"""
PATH = "/settings/notifications"
# the API's field → the input it belongs to on this page
FIELDS = {"email": "email", "digest": "digest", "eventTypes": "events", "endpointId": "endpoint"}
DONE = {
    "added": "Saved: you will be told as you chose.",
    "removed": "Stopped: those notifications will no longer be sent.",
    "checking": "Checking your system again: Kith has sent it a signed test message.",
    "disconnected": "Removed: Kith no longer sends anything to that system.",
}


async def admin_only(request: Request) -> Response | None:
    """Only the organisation's admin changes these; anyone else gets a page that says so."""
    me = await user(request)
    if "org_admin" in me.roles:
        return None
    context = {
        "title": "Only your organisation's admin can change notification settings",
        "message": "Ask your organisation's Kith admin. New referrals always appear in your"
        " inbox as they arrive.",
    }
    return await render(request, "error.html", context, 403)


async def page(request: Request) -> Response:
    return await show(request)


async def show(
    request: Request,
    errors: FormErrors | None = None,
    status: int = 200,
    typed: dict[str, Any] | None = None,
) -> Response:
    refused = await admin_only(request)
    if refused:
        return refused
    data = await call(request, READ)
    services = {s["id"]: s["name"] for s in data["ourServices"]}
    endpoints = {e["id"]: endpoint_view(e) for e in data["webhookEndpoints"]}
    context = {
        "subscriptions": [
            subscription_view(s, services, endpoints) for s in data["notificationSubscriptions"]
        ],
        "endpoints": list(endpoints.values()),
        "offered": OFFERED,
        "digests": DIGESTS,
        "typed": typed or {"events": ["referral.received"], "digest": "immediate"},
        "done": DONE.get(request.query_params.get("done", "")),
        "errors": errors or FormErrors(),
    }
    return await render(request, "settings/notifications.html", context, status)


def _subscription_input(sent: Any) -> dict[str, Any]:
    channel = str(sent.get("channel", "email"))
    given: dict[str, Any] = {"eventTypes": [str(e) for e in sent.getlist("events")]}
    if channel == "webhook":
        return given | {"channel": "WEBHOOK", "endpointId": str(sent.get("endpoint", "")) or None}
    digest = str(sent.get("digest", "immediate"))
    return given | {
        "channel": "EMAIL",
        "email": str(sent.get("email", "")).strip(),
        "digest": digest.upper() if digest in DIGESTS else "IMMEDIATE",
    }


async def add(request: Request) -> Response:
    refused = await admin_only(request)
    if refused:
        return refused
    sent = await form(request)
    given = _subscription_input(sent)
    prefix = "webhook" if given["channel"] == "WEBHOOK" else "email"
    errors = FormErrors()
    if not given["eventTypes"]:
        errors.add(f"{prefix}-events", "Choose at least one thing to be told about")
    elif given["channel"] == "EMAIL" and not given["email"]:
        errors.add("email", "Enter the email address to send to, like team@example.org")
    if not errors:
        variables = {"key": str(sent.get("idempotency_key", "")), "i": given}
        result = (await call(request, CREATE, variables))["createNotificationSubscription"]
        if result["__typename"] == "SubscriptionSaved":
            return RedirectResponse(f"{PATH}?done=added", status_code=303)
        field = FIELDS.get(result.get("field") or "", "events")
        target = field if field in ("email", "digest") else f"{prefix}-{field}"
        errors.add(target, _plain(result))
    typed = {k: sent.getlist(k) if k == "events" else sent.get(k) for k in sent}
    return await show(request, errors, 400, typed)


def _plain(result: dict[str, Any]) -> str:
    if result.get("field") == "email":
        return "Enter a real email address, like team@example.org"
    return str(result.get("message") or "That could not be saved")


async def remove(request: Request) -> Response:
    refused = await admin_only(request)
    if refused:
        return refused
    await form(request)
    await call(request, REMOVE, {"id": request.path_params["id"]})  # gone already: same page
    return RedirectResponse(f"{PATH}?done=removed", status_code=303)


async def check_again(request: Request) -> Response:
    refused = await admin_only(request)
    if refused:
        return refused
    await form(request)
    await call(request, VERIFY, {"id": request.path_params["id"]})
    return RedirectResponse(f"{PATH}?done=checking", status_code=303)


def routes() -> list[BaseRoute]:
    return [
        Route(PATH, page),
        Route(PATH, add, methods=["POST"]),
        Route(PATH + "/{id}/stop", remove, methods=["POST"]),
        Route(PATH + "/endpoints/{id}/check", check_again, methods=["POST"]),
    ]
