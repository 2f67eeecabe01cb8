"""The attendance form: once the meeting has started, the chair ticks the organisations and
the invited people who were there. The minutes then say "present" or "invited" for each
(someone present brings their organisation with them); correcting it later is the same form."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.meetings.meeting import show
from kith_web.web import call, form, user

RECORD = """mutation($i: RecordAttendanceInput!) { recordMeetingAttendance(input: $i) {
  __typename ... on AgendaChanged { version } ... on InputError { field message }
  ... on NotFoundError { message } ... on ConflictError { message }
  ... on TransitionError { message } } }"""


async def record(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    meeting_id = request.path_params["id"]
    given = {
        "meetingId": meeting_id,
        "organisationIds": [str(o) for o in sent.getlist("present")],
        "inviteeUserIds": [str(p) for p in sent.getlist("people")],
        "expectedVersion": int(str(sent.get("expected_version", "0")) or 0),
    }
    done = (await call(request, RECORD, {"i": given}))["recordMeetingAttendance"]
    if done["__typename"] == "AgendaChanged":
        return RedirectResponse(f"/meetings/{meeting_id}#attendance", status_code=303)
    errors = FormErrors()
    errors.add("attendance", done["message"])
    return await show(request, None, errors, 409 if done["__typename"] == "ConflictError" else 400)


def routes() -> list[BaseRoute]:
    return [Route("/meetings/{id}/attendance", record, methods=["POST"])]
