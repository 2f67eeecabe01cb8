"""The actions board across meetings: my organisation's actions, or only mine (owned by me by
name), overdue first; marking one done; and, for a series my organisation hosts, opening the
next meeting with the open actions carried forward (the chair's step)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.meetings import words
from kith_web.web import call, form, render, user

BOARD = """query($mine: Boolean!) { myMeetingActions(mine: $mine) { id description dueOn status
  version ownerUserId meetingId meetingTitle overdue series hosting nextMeetingId carried } }"""
COMPLETE = """mutation($i: ChangeActionInput!) { completeMeetingAction(input: $i) { __typename
  ... on NotFoundError { message } ... on ConflictError { message }
  ... on TransitionError { message } } }"""
OPEN_NEXT = """mutation($i: OpenNextMeetingInput!) { openNextMeeting(input: $i) { __typename
  ... on MeetingScheduled { meetingId } ... on InputError { message }
  ... on NotFoundError { message } } }"""


def _row(a: dict[str, Any], chair: bool) -> dict[str, Any]:
    return {
        **a,
        "due": words.due(a["dueOn"]),
        "status_text": words.ACTION_STATUS.get(a["status"], a["status"]),
        "colour": "red" if a["overdue"] else words.ACTION_COLOUR.get(a["status"], "grey"),
        "can_carry": chair and a["series"] and a["hosting"] and a["status"] == "open"
        and not a["nextMeetingId"],
    }  # fmt: skip


async def actions_board(request: Request) -> Response:
    me = await user(request)
    mine = request.query_params.get("whose") == "mine"
    rows = (await call(request, BOARD, {"mine": mine}))["myMeetingActions"]
    chair = "meeting_chair" in me.roles
    shown = [_row(a, chair) for a in rows]
    offered: set[str] = set()
    for a in shown:  # one "carry forward" per meeting, on its first row
        a["can_carry"] = a["can_carry"] and a["meetingId"] not in offered
        offered.add(a["meetingId"])
    overdue = sum(1 for a in rows if a["overdue"])
    context = {"rows": shown, "overdue": overdue, "mine": mine}
    return await render(request, "meetings/actions.html", context)


def _back(sent: Any) -> str:
    back = str(sent.get("back", "/meetings/actions"))
    return back if back.startswith("/meetings") else "/meetings/actions"


async def complete_action(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    given = {"actionId": request.path_params["id"],
             "expectedVersion": int(str(sent.get("expected_version", "0")) or 0),
             "idempotencyKey": str(sent.get("idempotency_key", ""))}  # fmt: skip
    await call(request, COMPLETE, {"i": given})
    return RedirectResponse(_back(sent), 303)


async def carry_forward(request: Request) -> Response:
    """Open the series' next meeting: its open actions and their cases come along."""
    await user(request)
    sent = await form(request)
    given = {"meetingId": request.path_params["id"]}
    done = (await call(request, OPEN_NEXT, {"i": given}))["openNextMeeting"]
    if done["__typename"] == "MeetingScheduled":
        return RedirectResponse(f"/meetings/{done['meetingId']}#agenda", 303)
    return RedirectResponse(_back(sent), 303)


def routes() -> list[BaseRoute]:
    return [
        Route("/meetings/actions", actions_board),
        Route("/meetings/actions/{id}/complete", complete_action, methods=["POST"]),
        Route("/meetings/{id}/next", carry_forward, methods=["POST"]),
    ]
