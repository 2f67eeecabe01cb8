"""Recording an outcome measure: choose the questionnaire, then a form generated from its
definition (questions, answer options, the stem), validated with the errors next to the
questions; the gateway scores it on the way in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.journey import measure_form as mf
from kith_web.journey import queries as q
from kith_web.web import call, form, render, user


async def _instruments(request: Request) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (await call(request, q.INSTRUMENTS))["instruments"]
    return found


async def _show(request: Request, instrument: dict[str, Any] | None,
                instruments: list[dict[str, Any]], errors: FormErrors | None = None,
                submitted: mf.Submitted | None = None, status: int = 200) -> Response:  # fmt: skip
    today = datetime.now(UTC).date()
    return await render(request, "journey/measure.html", {
        "person_id": request.path_params["id"], "instrument": instrument,
        "instruments": instruments, "errors": errors or FormErrors(),
        "submitted": submitted or mf.Submitted("", today.isoformat(), {}),
        "timepoints": mf.TIMEPOINT_CHOICES, "item_field": mf.item_field,
        "options": [(o["value"], o["label"]) for o in (instrument or {}).get("options", [])],
    }, status)  # fmt: skip


async def new(request: Request) -> Response:
    await user(request)
    instruments = await _instruments(request)
    wanted = request.query_params.get("instrument")
    chosen = next((i for i in instruments if i["id"] == wanted), None)
    if wanted and chosen is None:
        raise HTTPException(404)
    return await _show(request, chosen, instruments)


async def record(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    instruments = await _instruments(request)
    instrument = next((i for i in instruments if i["id"] == sent.get("instrument")), None)
    if instrument is None:
        errors = FormErrors()
        errors.add("instrument", "Choose a questionnaire")
        return await _show(request, None, instruments, errors, status=400)
    today = datetime.now(UTC).date()
    submitted, errors = mf.read(sent, instrument, today)
    if errors:
        return await _show(request, instrument, instruments, errors, submitted, 400)
    person_id = request.path_params["id"]
    given = mf.api_input(person_id, instrument, submitted, str(sent.get("idempotency_key", "")),
                         today)  # fmt: skip
    result = (await call(request, q.RECORD_MEASURE, {"i": given}))["recordMeasure"]
    if result["__typename"] == "OutcomeSaved":
        return RedirectResponse(f"/people/{person_id}/journey#measures", status_code=303)
    if result["__typename"] == "NotFoundError":
        raise HTTPException(404)
    errors = mf.refused(result.get("field", ""), result["message"], instrument, submitted)
    return await _show(request, instrument, instruments, errors, submitted, 400)


def routes(base: str) -> list[BaseRoute]:
    return [
        Route(f"{base}/measures/new", new),
        Route(f"{base}/measures", record, methods=["POST"]),
    ]
