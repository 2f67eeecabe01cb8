"""A person's journey for the practitioners working with them: the timeline across
organisations (as far as the person's consent lets this reader see), goals with their
attainment history (set, review, reset), measures over time, check-ins and carers. Thin:
call the gateway as the signed-in user, shape the answer (`view`), render."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.journey import carer_form, measures, view
from kith_web.journey import queries as q
from kith_web.journey.measure_form import when_taken
from kith_web.web import call, form, render, user

PRACTITIONERS = frozenset({"social_prescriber", "meeting_chair", "clinician"})


async def practitioner(request: Request) -> bool:
    return bool(PRACTITIONERS.intersection((await user(request)).roles))


async def _page(request: Request, errors: FormErrors | None = None, status: int = 200,
                sent: dict[str, Any] | None = None) -> Response:  # fmt: skip
    person_id = request.path_params["id"]
    found = (await call(request, q.TIMELINE, {"p": person_id}))["personJourney"]
    if found["__typename"] != "Journey":
        raise HTTPException(404)
    context: dict[str, Any] = {
        "person_id": person_id, "who": found["pseudonym"] or "this person",
        "timeline": [{**e, "when": view.when(e["at"])} for e in reversed(found["entries"])],
        "errors": errors or FormErrors(), "sent": sent or {}, "gas": view.GAS,
        "contact_kinds": view.CONTACT_KINDS, "works_with": await practitioner(request),
        "today": datetime.now(UTC).date().isoformat(),
    }  # fmt: skip
    if context["works_with"]:
        work = await call(request, q.WORK, {"p": person_id})
        current, earlier = view.goals(work["personGoals"])
        context.update(goals=current, earlier=earlier,
                       charts=view.charts(work["personMeasures"], work["instruments"]),
                       check_in=view.check_in(work["personCheckIn"]),
                       carers=[view.carer(c) for c in work["personCarers"]],
                       needs=work["goalNeeds"],
                       services=[(s["id"], s["name"]) for s in work["goalServices"]],
                       carer_choices=carer_form.CHOICES)  # fmt: skip
    return await render(request, "journey/page.html", context, status)


async def page(request: Request) -> Response:
    await user(request)
    return await _page(request)


async def _form(request: Request) -> Any:
    await user(request)  # an expired session signs in again rather than failing the token check
    return await form(request)


def _back(person_id: str, part: str) -> Response:
    return RedirectResponse(f"/people/{person_id}/journey#{part}", status_code=303)


async def _save(request: Request, query: str, name: str, given: dict[str, Any],
                fields: dict[str, str], part: str, sent: dict[str, Any]) -> Response:  # fmt: skip
    """Send a mutation; on success back to the part of the page it changed, otherwise the
    page again with the API's own words next to the field they are about."""
    result = (await call(request, query, {"i": given}))[name]
    if result["__typename"] in ("OutcomeSaved", "CheckInSet"):
        return _back(request.path_params["id"], part)
    errors = FormErrors()
    message = str(result["message"])
    errors.add(fields.get(result.get("field", ""), next(iter(fields.values()))),
               message[:1].upper() + message[1:])  # fmt: skip
    return await _page(request, errors, 400, sent)


async def set_goal(request: Request) -> Response:
    sent = await _form(request)
    words, baseline = str(sent.get("words", "")).strip(), str(sent.get("baseline", "-1"))
    values = {"goal-words": words}
    if not words:
        errors = FormErrors()
        errors.add("goal-words", "Write the goal in the person's own words")
        return await _page(request, errors, 400, values)
    given = {"idempotencyKey": str(sent.get("idempotency_key", "")),
             "personId": request.path_params["id"], "words": words,
             "baseline": -2 if baseline == "-2" else -1,
             "needs": [str(n) for n in sent.getlist("needs")],
             "serviceIds": [str(s) for s in sent.getlist("services")]}  # fmt: skip
    return await _save(request, q.SET_GOAL, "setGoal", given,
                       {"words": "goal-words", "baseline": "goal-words", "needs": "goal-needs",
                        "serviceIds": "goal-services"}, "goals", values)  # fmt: skip


async def review_goal(request: Request) -> Response:
    sent = await _form(request)
    goal = request.path_params["goal"]
    level, note = str(sent.get("attainment", "")), str(sent.get("note", "")).strip()
    field = f"review-{goal}"
    if level not in {"-2", "-1", "0", "1", "2"}:
        errors = FormErrors()
        errors.add(field, "Choose how far the person got towards the goal")
        return await _page(request, errors, 400, {f"{field}-note": note})
    given = {"idempotencyKey": str(sent.get("idempotency_key", "")), "goalId": goal,
             "attainment": int(level), "note": note}  # fmt: skip
    return await _save(request, q.REVIEW_GOAL, "reviewGoal", given,
                       {"note": f"{field}-note", "attainment": field}, "goals",
                       {f"{field}-note": note})  # fmt: skip


async def reset_goal(request: Request) -> Response:
    sent = await _form(request)
    goal = request.path_params["goal"]
    words, field = str(sent.get("words", "")).strip(), f"reset-{request.path_params['goal']}"
    if not words:
        errors = FormErrors()
        errors.add(field, "Write the new goal in the person's own words")
        return await _page(request, errors, 400)
    given = {"idempotencyKey": str(sent.get("idempotency_key", "")), "goalId": goal,
             "words": words}  # fmt: skip
    return await _save(request, q.RESET_GOAL, "resetGoal", given, {"words": field}, "goals",
                       {field: words})  # fmt: skip


async def set_check_in(request: Request) -> Response:
    sent = await _form(request)
    every = str(sent.get("every_days", "")).strip()
    if not every.isdigit():
        errors = FormErrors()
        errors.add("every-days", "Enter how many days between check-ins, as a whole number")
        return await _page(request, errors, 400, {"every-days": every})
    given = {"personId": request.path_params["id"], "everyDays": int(every)}
    result = (await call(request, q.SET_CHECK_IN, {"i": given}))["setCheckIn"]
    if result["__typename"] == "CheckInSet":
        return _back(request.path_params["id"], "check-in")
    errors = FormErrors()
    errors.add("every-days", result["message"])
    return await _page(request, errors, 400, {"every-days": every})


async def record_contact(request: Request) -> Response:
    sent = await _form(request)
    kind, on = str(sent.get("kind", "")), str(sent.get("on", ""))
    today = datetime.now(UTC).date()
    at = when_taken(on, today)
    errors = FormErrors()
    if kind not in view.CONTACT_KINDS:
        errors.add("contact-kind", "Choose what kind of contact it was")
    if at is None or at.date() > today:
        errors.add("contact-on", "Enter the date of the contact (not in the future)")
    if errors or at is None:
        return await _page(request, errors, 400, {"contact-on": on})
    given = {"idempotencyKey": str(sent.get("idempotency_key", "")),
             "personId": request.path_params["id"], "kind": kind, "at": at.isoformat()}  # fmt: skip
    return await _save(request, q.RECORD_CONTACT, "recordContact", given,
                       {"at": "contact-on", "kind": "contact-kind"}, "check-in",
                       {"contact-on": on})  # fmt: skip


async def link_carer(request: Request) -> Response:
    given, errors, entered = carer_form.read(await _form(request), request.path_params["id"])
    if errors:
        return await _page(request, errors, 400, entered)
    return await _save(request, q.LINK_CARER, "linkCarer", given, carer_form.FIELDS, "carers",
                       entered)  # fmt: skip


async def lapsed(request: Request) -> Response:
    await user(request)
    found = (await call(request, q.LAPSED))["lapsedContacts"]
    people = [{**p, "last": view.check_in({**p["checkIn"], "lapsed": True})} for p in found]
    return await render(request, "journey/lapsed.html", {"people": people})


def routes() -> list[BaseRoute]:
    base = "/people/{id}/journey"
    return [
        Route(base, page),
        Route(f"{base}/goals", set_goal, methods=["POST"]),
        Route(f"{base}/goals/{{goal}}/review", review_goal, methods=["POST"]),
        Route(f"{base}/goals/{{goal}}/reset", reset_goal, methods=["POST"]),
        Route(f"{base}/check-in", set_check_in, methods=["POST"]),
        Route(f"{base}/contacts", record_contact, methods=["POST"]),
        Route(f"{base}/carers", link_carer, methods=["POST"]),
        *measures.routes(base),
        Route("/check-ins", lapsed),
    ]
