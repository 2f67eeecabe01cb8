"""JSON responses the ORUK API shares: errors and the page envelope."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from starlette.responses import JSONResponse, Response

from kith_directory.domain.pagination import PageRequest, page_info

JSON = "application/json"


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def bad_request(message: str) -> JSONResponse:
    return error(400, "bad_request", message)


def unknown_postcode(postcode: str) -> JSONResponse:
    """A well-formed postcode Kith cannot place: it has no postcode directory, only the
    postcodes its feeds' locations publish (documented as the 422 answer)."""
    return error(
        422,
        "unknown_postcode",
        f"postcode {postcode} is well formed but no location in this directory has it, so it"
        " cannot be placed; try a nearby postcode, or search without one",
    )


def not_found(what: str, key: str) -> JSONResponse:
    return error(404, "not_found", f"no {what} with id {key!r}")


def page_response(total: int, page: PageRequest, documents: list[str]) -> Response:
    """The ORUK page envelope around documents that are already JSON text (spliced, not
    re-encoded, so stored documents go out exactly as they were imported)."""
    envelope = json.dumps(asdict(page_info(total, page)), separators=(",", ":"))
    return Response(f'{envelope[:-1]},"contents":[{",".join(documents)}]}}', media_type=JSON)


def encode(document: Any) -> str:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def document_response(text: str) -> Response:
    return Response(text, media_type=JSON)
