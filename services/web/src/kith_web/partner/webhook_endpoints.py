"""Connecting the organisation's own system (a webhook endpoint), for its admin: give the web
address, and Kith sends it a signed test message at once and says how it answered; the signing
secret is shown on that page only, once. Removing a system asks first, then stops it and what
it was sent. The gateway's webhook endpoint mutations do the work; these pages say it plainly."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.partner import notification_settings as settings
from kith_web.partner.notification_words import answer_words, endpoint_view
from kith_web.web import call, form, render

CONNECT = """mutation($key: String!, $url: String!) {
  registerWebhookEndpoint(idempotencyKey: $key, url: $url, waitSeconds: 15) { __typename
    ... on WebhookEndpointRegistered { secret endpoint { id url status verifiedAt
      verificationError verificationStatusCode circuit blockedUntil } }
    ... on InputError { field message } ... on ConflictError { message } } }"""
REMOVE = """mutation($id: ID!) { removeWebhookEndpoint(endpointId: $id) { __typename } }"""
LIST = "{ webhookEndpoints { id url } }"
OUTCOME = {
    "VERIFIED": "Kith sent your system a signed test message and it answered: it is working.",
    "FAILED": "Kith sent your system a signed test message, but {answer}. Nothing is sent to "
    "it until it answers with a success code. When it is fixed, choose “Check it again” on the "
    "settings page.",
    "VERIFYING": "Kith has sent your system a signed test message and is waiting for its "
    "answer. The settings page shows how it answered.",
}


def _url_message(message: str) -> str:
    return f"Enter a web address Kith can send to, like https://crm.example.org/kith: {message}"


async def connect(request: Request) -> Response:
    refused = await settings.admin_only(request)
    if refused:
        return refused
    sent = await form(request)
    url = str(sent.get("url", "")).strip()
    errors = FormErrors()
    if not url:
        errors.add("url", "Enter the web address of your system, like https://crm.example.org/kith")
        return await settings.show(request, errors, 400, {"url": url})
    variables = {"key": str(sent.get("idempotency_key", "")), "url": url}
    result = (await call(request, CONNECT, variables, wait_seconds=45))["registerWebhookEndpoint"]
    if result["__typename"] != "WebhookEndpointRegistered":
        message = result["message"]
        errors.add("url", _url_message(message) if result.get("field") == "url" else message)
        return await settings.show(request, errors, 400, {"url": url})
    endpoint = endpoint_view(result["endpoint"])
    outcome = OUTCOME.get(result["endpoint"]["status"], OUTCOME["VERIFYING"])
    context = {
        "endpoint": endpoint,
        "outcome": outcome.format(answer=answer_words(result["endpoint"])),
        "secret": result["secret"],
    }
    return await render(request, "settings/endpoint_connected.html", context)


async def _named(request: Request) -> dict[str, Any] | None:
    found = (await call(request, LIST))["webhookEndpoints"]
    return next((e for e in found if e["id"] == request.path_params["id"]), None)


async def confirm_removal(request: Request) -> Response:
    refused = await settings.admin_only(request)
    if refused:
        return refused
    endpoint = await _named(request)
    if endpoint is None:
        context = {"title": "Page not found", "message": "That system is no longer connected."}
        return await render(request, "error.html", context, 404)
    return await render(request, "settings/endpoint_remove.html", {"endpoint": endpoint})


async def remove(request: Request) -> Response:
    refused = await settings.admin_only(request)
    if refused:
        return refused
    await form(request)
    await call(request, REMOVE, {"id": request.path_params["id"]})  # gone already: same page
    return RedirectResponse(f"{settings.PATH}?done=disconnected", status_code=303)


def routes() -> list[BaseRoute]:
    base = settings.PATH + "/endpoints"
    return [
        Route(base, connect, methods=["POST"]),
        Route(base + "/{id}/remove", confirm_removal),
        Route(base + "/{id}/remove", remove, methods=["POST"]),
    ]
