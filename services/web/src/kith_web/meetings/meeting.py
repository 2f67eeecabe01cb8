"""One meeting: details with names and UK times, the agenda as this organisation may see it,
publishing the agenda (a visible step). The agenda builder's forms are `builder.py`,
running the meeting (decisions and actions) is `outcomes.py`; both answer with `show`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.meetings import queries, words
from kith_web.web import call, form, render, user


def _case(case: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    if case["__typename"] != "AgendaCase":
        return case
    return {
        **case,
        "referral_lines": [
            f"Referral to {r['serviceName'] or 'a service'}: "
            f"{words.REFERRAL_STATUS.get(r['status'], r['status'])}"
            for r in case["referrals"]
        ],
        "decision_rows": [
            (
                words.DECISION.get(d["kind"], d["kind"]) + (words.EARLY if d["early"] else ""),
                d["text"],
            )
            for d in case["decisions"]
        ],
        "action_rows": [
            {
                **a,
                "owner": _owner(a, names),
                "due": words.due(a["dueOn"]),
                "status_text": words.ACTION_STATUS.get(a["status"], a["status"]),
            }
            for a in case["actions"]
        ],
    }


def _owner(action: dict[str, Any], names: dict[str, str]) -> str:
    org = names.get(action["ownerOrganisationId"], "another organisation")
    return f"{action['ownerUserId']}, {org}" if action["ownerUserId"] else org


def _attendees(m: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    """Each organisation once (host first), with the people invited from it."""
    present = set(m["attendedOrganisationIds"] or [])
    orgs = list(dict.fromkeys([m["hostOrganisationId"], *m["invitedOrganisationIds"]]))
    return [
        {"id": o, "name": names.get(o, "an organisation"), "host": o == m["hostOrganisationId"],
         "present": o in present,
         "people": [p for p in m["invitees"] if p["organisationId"] == o]}
        for o in orgs
    ]  # fmt: skip


def _audience(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per organisation at the meeting: the people it will see and those it will not."""
    if not any(r["cases"] for r in rows):
        return []
    return [
        {"name": r["name"],
         "sees": [c["pseudonym"] + (" (safeguarding)" if c["safeguardingOnly"] else "")
                  for c in r["cases"] if c["covered"]],
         "misses": [c["pseudonym"] for c in r["cases"] if not c["covered"]]}
        for r in rows
    ]  # fmt: skip


async def show(
    request: Request, extra: dict[str, Any] | None = None, errors: FormErrors | None = None,
    status: int = 200,
) -> Response:  # fmt: skip
    me = await user(request)
    data = await call(request, queries.MEETING, {"id": request.path_params["id"]})
    m = data["meeting"]
    if m is None:
        raise HTTPException(404)
    names = {o["id"]: o["name"] for o in m["organisationNames"]}
    now = datetime.now(UTC)
    context = {
        "m": m,
        "when": words.when(m["startsAt"], m["endsAt"]),
        "published_at": words.at(m["publishedAt"]) if m["publishedAt"] else None,
        "started": datetime.fromisoformat(m["startsAt"]) <= now,
        "host_name": names.get(m["hostOrganisationId"], "another organisation"),
        "attendees": _attendees(m, names),
        "audience": _audience(data["meetingAudience"]),
        "agenda": [_case(c, names) for c in m["agenda"]],
        "organisations": [
            {"id": k, "name": names.get(k, k)}
            for k in dict.fromkeys([m["hostOrganisationId"], *m["invitedOrganisationIds"]])
        ],
        "services": data["meetingServices"],
        "recorders": [o for o in data["meetingOrganisations"] if o["id"] != me.organisation_id],
        "pathways": data["pathways"],
        "chair": me.organisation_id == m["hostOrganisationId"] and "meeting_chair" in me.roles,
        "practitioner": bool({"social_prescriber", "meeting_chair"} & set(me.roles)),
        "decision_choices": words.DECISION_CHOICES,
        "errors": errors or FormErrors(),
        **(extra or {}),
    }
    return await render(request, "meetings/meeting.html", context, status)


async def page(request: Request) -> Response:
    await user(request)
    return await show(request)


def _version(sent: FormData) -> int:
    return int(str(sent.get("expected_version", "0")) or 0)


async def publish(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    meeting_id = request.path_params["id"]
    given = {"meetingId": meeting_id, "expectedVersion": _version(sent)}
    result = (await call(request, queries.PUBLISH, {"i": given}))["publishAgenda"]
    if result["__typename"] != "AgendaChanged":
        errors = FormErrors()
        errors.add("publish", result["message"])
        return await show(request, errors=errors, status=409)
    return RedirectResponse(f"/meetings/{meeting_id}#agenda", status_code=303)


def routes() -> list[BaseRoute]:
    return [
        Route("/meetings/{id}", page),
        Route("/meetings/{id}/publish", publish, methods=["POST"]),
    ]
