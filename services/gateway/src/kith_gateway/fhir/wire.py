"""FHIR JSON on the wire: reading bounded request bodies, and writing responses that have
been validated with the R4B models first (a response Kith cannot validate is a bug, and
is answered as one, never sent)."""

from __future__ import annotations

import json
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from starlette.requests import Request
from starlette.responses import Response

from kith_gateway.fhir import codes
from kith_gateway.fhir.outcome import fail, invalid

MAX_BODY_BYTES = 256 * 1024
ACCEPTED_TYPES = (codes.FHIR_JSON, "application/json")
MEDIA_TYPE = f"{codes.FHIR_JSON}; charset=utf-8"


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


async def json_body(request: Request) -> object:
    """The request's JSON, or a 4xx OperationOutcome: wrong type (415), too big (413), not JSON."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in ACCEPTED_TYPES:
        raise fail(415, "not-supported", f"send the resource as {codes.FHIR_JSON}")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise fail(413, "too-costly", f"a request body is at most {MAX_BODY_BYTES} bytes")
    try:
        return json.loads(body, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise invalid("the body is not valid JSON") from None


def render(resource: dict[str, Any]) -> bytes:
    """`resource` checked against its R4B model, as compact JSON."""
    model = get_fhir_model_class(resource["resourceType"])
    return model.model_validate(resource).model_dump_json(exclude_none=True).encode()


def respond(
    resource: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(render(resource), status_code=status, headers=headers, media_type=MEDIA_TYPE)
