"""Your own notifications: a worker at a receiving organisation chooses for themselves how they
hear about new referrals and referrals waiting too long — an email at once, one email a day,
or not at all. The organisation's settings (/settings/notifications) are separate: these are
only this person's, stored per user by the gateway and honoured by the notifications service."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.web import call, form, render, user

PATH = "/settings/my-notifications"
READ = "{ myNotificationSettings { email newReferrals overdueReferrals } }"
SAVE = """mutation($i: MyNotificationSettingsInput!) { saveMyNotificationSettings(input: $i) {
  __typename ... on InputError { field message } } }"""
TOPICS = {
    "newReferrals": "When a new referral arrives",
    "overdueReferrals": "When a referral has waited too long for an answer",
}
TIMINGS = {
    "IMMEDIATE": "Email me straight away",
    "DAILY": "Email me once a day, at 7am, with a list",
    "OFF": "Do not email me",
}
ROLES = ("receiving_worker", "org_admin")
MESSAGES = {"email": "Enter your work email address, like name@example.org"}


async def _refused(request: Request) -> Response | None:
    me = await user(request)
    if any(role in me.roles for role in ROLES):
        return None
    context = {
        "title": "These settings are for staff of organisations that receive referrals",
        "message": "Referrals you send show their progress on each person's page.",
    }
    return await render(request, "error.html", context, 403)


async def page(request: Request) -> Response:
    return await _refused(request) or await _page(request)


async def _page(
    request: Request,
    typed: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    status: int = 200,
) -> Response:
    if typed is None:
        typed = (await call(request, READ))["myNotificationSettings"]
    context = {
        "typed": typed,
        "topics": TOPICS,
        "timings": TIMINGS,
        "errors": errors or FormErrors(),
        "saved": request.query_params.get("done") == "saved",
    }
    return await render(request, "settings/my_notifications.html", context, status)


def _choices(sent: Any) -> dict[str, Any]:
    chosen = {t: str(sent.get(t, "OFF")) for t in TOPICS}
    chosen = {t: (v if v in TIMINGS else "OFF") for t, v in chosen.items()}
    return {"email": str(sent.get("email", "")).strip() or None, **chosen}


async def save(request: Request) -> Response:
    refused = await _refused(request)
    if refused:
        return refused
    typed = _choices(await form(request))
    result = (await call(request, SAVE, {"i": typed}))["saveMyNotificationSettings"]
    if result["__typename"] == "MyNotificationSettingsSaved":
        return RedirectResponse(f"{PATH}?done=saved", status_code=303)
    errors = FormErrors()
    field = result["field"] if result["field"] in ("email", *TOPICS) else "email"
    errors.add(field, MESSAGES.get(field, str(result["message"]).capitalize()))
    return await _page(request, typed, errors, 400)


def routes() -> list[BaseRoute]:
    return [Route(PATH, page), Route(PATH, save, methods=["POST"])]
