"""What stands in front of strawberry for HTTP GraphQL requests, so that the cheap checks run
before the expensive ones: the body's size (read no further than the limit), its encoding and
JSON shape (a bare string, invalid UTF-8 or variables nested thousands deep are a 400, not a
500), then the bearer token — a presented token that fails is a 401 `invalid_token`
(RFC 6750), never a silent downgrade to anonymous. The verified caller travels to the
GraphQL context in the request scope.
"""

from __future__ import annotations

import json
from typing import Any

from kith_common.auth import AuthError, JwksVerifier, Principal, bearer_token
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kith_gateway.limits import MAX_BODY_BYTES, MAX_VARIABLE_DEPTH

PRINCIPAL = "kith_principal"


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers

    def response(self) -> JSONResponse:
        body = {"errors": [{"message": self.message, "extensions": {"code": self.code}}]}
        return JSONResponse(body, status_code=self.status, headers=self.headers)


def principal_of(scope: Scope) -> Principal | None:
    found = scope.get("state", {}).get(PRINCIPAL)
    return found if isinstance(found, Principal) else None


async def _body(scope: Scope, receive: Receive) -> bytes:
    declared = dict(scope["headers"]).get(b"content-length", b"0")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise Refusal(413, "PAYLOAD_TOO_LARGE", f"the body is larger than {MAX_BODY_BYTES} bytes")
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Refusal(400, "BAD_REQUEST", "the client went away")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Refusal(
                413, "PAYLOAD_TOO_LARGE", f"the body is larger than {MAX_BODY_BYTES} bytes"
            )
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _depth(value: Any) -> int:
    """How deeply lists and objects nest, without recursion (the input may be hostile)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        for child in children:
            if isinstance(child, dict | list):
                deepest = max(deepest, depth + 1)
                if deepest > MAX_VARIABLE_DEPTH:
                    return deepest
                stack.append((child, depth + 1))
    return deepest


def check_json_body(raw: bytes) -> None:
    """Refuse what strawberry would choke on: the body must be one GraphQL request object."""
    bad = "the body must be a JSON object with a string `query`"
    try:
        request = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refusal(400, "BAD_REQUEST", "the body is not valid UTF-8 JSON") from None
    if not isinstance(request, dict) or not isinstance(request.get("query"), str):
        raise Refusal(400, "BAD_REQUEST", bad)
    for name, kind in (("variables", dict), ("operationName", str), ("extensions", dict)):
        if request.get(name) is not None and not isinstance(request[name], kind):
            raise Refusal(
                400,
                "BAD_REQUEST",
                f"`{name}` must be {'an object' if kind is dict else 'a string'}",
            )
    if _depth(request.get("variables") or {}) > MAX_VARIABLE_DEPTH:
        raise Refusal(400, "BAD_REQUEST", f"variables nest deeper than {MAX_VARIABLE_DEPTH} levels")


class GraphQLEdge:
    def __init__(self, graphql: ASGIApp, verifier: JwksVerifier) -> None:
        self.graphql, self.verifier = graphql, verifier

    async def _principal(self, scope: Scope) -> Principal | None:
        token = bearer_token(dict(scope["headers"]).get(b"authorization", b"").decode("latin-1"))
        if token is None:
            return None
        try:
            return await self.verifier.verify(token)
        except AuthError as exc:
            challenge = f'Bearer error="invalid_token", error_description="{exc.message}"'
            raise Refusal(
                401, "UNAUTHENTICATED", exc.message, {"www-authenticate": challenge}
            ) from None

    async def _checked_body(self, scope: Scope, receive: Receive) -> bytes:
        if scope["method"] != "POST":
            if len(scope.get("query_string", b"")) > MAX_BODY_BYTES:
                raise Refusal(
                    414, "URI_TOO_LONG", f"the query string is longer than {MAX_BODY_BYTES} bytes"
                )
            return b""
        body = await _body(scope, receive)
        content_type = dict(scope["headers"]).get(b"content-type", b"").decode("latin-1")
        if content_type.split(";")[0].strip().lower() == "application/json":
            check_json_body(body)
        return body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.graphql(scope, receive, send)
            return
        try:
            body = await self._checked_body(scope, receive)
            principal = await self._principal(scope)
        except Refusal as refusal:
            await refusal.response()(scope, receive, send)
            return
        scope.setdefault("state", {})[PRINCIPAL] = principal
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.graphql(scope, replay, send)
