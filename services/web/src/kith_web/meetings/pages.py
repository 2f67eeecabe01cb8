"""My organisation's meetings (coming up and recent), scheduling one or a series with the
organisations and people invited by name, and the minutes downloads
(fetched from the gateway with the session's token: the browser never holds it)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.gateway import GatewayError
from kith_web.meetings import attendance, board, builder, calendar, meeting, outcomes, words
from kith_web.meetings.words import LONDON
from kith_web.web import call, form, render, services, user

LIST = """query($s: DateTime!, $e: DateTime!) { myMeetings(start: $s, end: $e) {
  id title startsAt endsAt place onlineLink recurrence hosting hostName published cases } }"""
ORGANISATIONS = "{ meetingOrganisations { id name } }"
SCHEDULE = """mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { __typename
  ... on MeetingScheduled { meetingId } ... on InputError { field message }
  ... on NotFoundError { message } ... on ConflictError { message } } }"""
INVITEE_ROWS = 3
# the API's input field → the form field that shows its error
FIELDS = {"startsAt": "date", "endsAt": "end", "onlineLink": "online_link",
          "invitedOrganisationIds": "organisations", "invitees": "invitee-name-1",
          "accessHoursAfter": "date", "idempotencyKey": "title"}  # fmt: skip


def _listed(m: dict[str, Any]) -> dict[str, Any]:
    return {**m, "when": words.when(m["startsAt"], m["endsAt"]),
            "recurrence_text": words.RECURRENCE.get(m["recurrence"], m["recurrence"])}  # fmt: skip


async def meetings(request: Request) -> Response:
    me = await user(request)
    today = datetime.now(UTC)
    window = {"s": (today - timedelta(days=60)).isoformat(),
              "e": (today + timedelta(days=365)).isoformat()}  # fmt: skip
    rows = [_listed(m) for m in (await call(request, LIST, window))["myMeetings"]]
    context = {
        "coming": [m for m in rows if datetime.fromisoformat(m["endsAt"]) >= today],
        "past": list(reversed([m for m in rows if datetime.fromisoformat(m["endsAt"]) < today])),
        "chair": "meeting_chair" in me.roles,
    }
    return await render(request, "meetings/list.html", context)


async def _new_page(
    request: Request, sent: FormData | None = None, errors: FormErrors | None = None,
    status: int = 200,
) -> Response:  # fmt: skip
    organisations = (await call(request, ORGANISATIONS))["meetingOrganisations"]
    me = await user(request)
    context = {
        "organisations": [o for o in organisations if o["id"] != me.organisation_id],
        "all_organisations": organisations,
        "sent": sent or {},
        "chosen": set(sent.getlist("organisations")) if sent else set(),
        "rows": range(1, INVITEE_ROWS + 1),
        "recurrences": words.RECURRENCE,
        "errors": errors or FormErrors(),
    }
    return await render(request, "meetings/new.html", context, status)


async def new(request: Request) -> Response:
    await user(request)
    return await _new_page(request)


def _moment(day: str, clock: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), tzinfo=LONDON)


def _invitees(sent: FormData) -> list[dict[str, Any]]:
    people = []
    for n in range(1, INVITEE_ROWS + 1):
        name = str(sent.get(f"invitee-name-{n}", "")).strip()
        if name:
            role = str(sent.get(f"invitee-role-{n}", "")).strip() or None
            org = str(sent.get(f"invitee-org-{n}", ""))
            people.append({"userId": name, "organisationId": org, "role": role})
    return people


def _schedule_input(sent: FormData, errors: FormErrors) -> dict[str, Any] | None:
    try:
        starts = _moment(str(sent.get("date", "")), str(sent.get("start", "")))
        ends = _moment(str(sent.get("date", "")), str(sent.get("end", "")))
    except ValueError:
        errors.add("date", "Enter the day and the start and end times")
        return None
    return {
        "idempotencyKey": str(sent.get("idempotency_key", "")),
        "title": str(sent.get("title", "")),
        "startsAt": starts.isoformat(),
        "endsAt": ends.isoformat(),
        "place": str(sent.get("place", "")) or None,
        "onlineLink": str(sent.get("online_link", "")) or None,
        "recurrence": str(sent.get("recurrence", "none")).upper(),
        "invitedOrganisationIds": sent.getlist("organisations"),
        "invitees": _invitees(sent),
    }


async def schedule(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    errors = FormErrors()
    given = _schedule_input(sent, errors)
    if given is None:
        return await _new_page(request, sent, errors, 400)
    result = (await call(request, SCHEDULE, {"i": given}))["scheduleMeeting"]
    if result["__typename"] == "MeetingScheduled":
        return RedirectResponse(f"/meetings/{result['meetingId']}", status_code=303)
    field = result.get("field") or ""
    errors.add(FIELDS.get(field, field if field in ("title", "place") else "title"),
               result["message"])  # fmt: skip
    return await _new_page(request, sent, errors, 400)


async def minutes(request: Request) -> Response:
    """The gateway's minutes for this user's organisation (.md or .pdf)."""
    me = await user(request)
    kind = request.path_params["kind"]
    if kind not in ("md", "pdf"):
        return Response("minutes download as .md or .pdf", 404, media_type="text/plain")
    wired, meeting_id = services(request), request.path_params["id"]
    answer = await wired.http.get(
        f"{wired.config.gateway_url.rstrip('/')}/meetings/{meeting_id}/minutes.{kind}",
        headers={"authorization": f"Bearer {me.access_token}"},
    )
    if answer.status_code >= 500:
        raise GatewayError(f"gateway answered {answer.status_code}")
    if answer.status_code != 200:
        return Response("No such meeting you may see", 404, media_type="text/plain")
    headers = {"content-disposition": f'attachment; filename="minutes-{meeting_id}.{kind}"'}
    media = answer.headers.get("content-type", "application/octet-stream")
    return Response(answer.content, media_type=media, headers=headers)


def routes() -> list[BaseRoute]:
    return [
        Route("/meetings", meetings),
        Route("/meetings/new", new),
        Route("/meetings/new", schedule, methods=["POST"]),
        *board.routes(),
        *calendar.routes(),
        *meeting.routes(),
        *builder.routes(),
        *attendance.routes(),
        *outcomes.routes(),
        Route("/meetings/{id}/minutes.{kind}", minutes),
    ]
