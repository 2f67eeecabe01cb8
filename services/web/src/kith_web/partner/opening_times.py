"""Change a listing's regular opening times, written in plain words, one per line
("Monday to Friday 9:30 to 16:30", "2nd Tuesday of the month 10am to 12pm"). A line that
cannot be read, or that the gateway refuses, is named by its number with what to write."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.partner.opening_words import EXAMPLE, UnreadableLine, in_words, read
from kith_web.partner.our_services import Refused, change, conflict_message, listing, saved, tokens
from kith_web.web import form, render, user

FIELD = "opening-times"
_SCHEDULE = re.compile(r"^schedules\[(\d+)\]")


def _current_words(listing_: dict[str, Any]) -> str:
    """The listing's opening times as lines the form reads back (times that are complete)."""
    pairs = zip(listing_["openingTimes"], listing_["times"], strict=True)
    return "\n".join(words for t, words in pairs if t["days"] and t["opensAt"] and t["closesAt"])


async def _form(
    request: Request,
    listing_: dict[str, Any],
    typed: str,
    errors: FormErrors | None = None,
    status: int = 200,
    version: str | None = None,
) -> Response:
    context = {
        "s": listing_,
        "typed": typed,
        "version": version or str(listing_["version"]),
        "example": EXAMPLE,
        "errors": errors or FormErrors(),
    }
    return await render(request, "our_services/opening_times.html", context, status)


async def edit(request: Request) -> Response:
    await user(request)
    found = await listing(request)
    return await _form(request, found, _current_words(found))


def _line_of(field: str, typed: str) -> str:
    """ "schedules[1].closesAt" → "Line 3" (the second non-empty line typed)."""
    index = _SCHEDULE.match(field)
    if index is None:
        return "Opening times"
    lines = [n for n, raw in enumerate(typed.splitlines(), start=1) if raw.strip()]
    wanted = int(index[1])
    return f"Line {lines[wanted]}" if wanted < len(lines) else "Opening times"


async def save(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    service_id, typed = request.path_params["id"], str(sent.get("opening_times", ""))
    drawn = str(sent.get("expected_version", ""))
    errors = FormErrors()
    try:
        times = read(typed)
    except UnreadableLine as bad:
        errors.add(FIELD, f"Line {bad.line}: {bad.message}")
        return await _form(request, await listing(request), typed, errors, 400, drawn)
    given = [t.as_input() | {"description": in_words(t)} for t in times]
    try:
        await change(
            request,
            "updateServiceOpeningTimes",
            "UpdateOpeningTimesInput",
            {"openingTimes": given, **tokens(sent, service_id)},
        )
    except Refused as refused:
        now, result = await listing(request), refused.result
        if result["__typename"] == "ConflictError":
            errors.add(FIELD, conflict_message(now["name"], "save your change again"))
            return await _form(request, now, typed, errors, 409)
        errors.add(FIELD, f"{_line_of(result.get('field') or '', typed)}: {result['message']}")
        return await _form(request, now, typed, errors, 400, drawn)
    return saved(service_id, "opening-times")


def routes() -> list[BaseRoute]:
    return [
        Route("/our-services/{id}/opening-times", edit),
        Route("/our-services/{id}/opening-times", save, methods=["POST"]),
    ]
