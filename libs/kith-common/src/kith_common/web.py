"""What every Kith HTTP service shares: request ids in logs, health and readiness routes,
`/metrics` and request spans, security headers, quotas and the answer when the database is
away (`edge_middleware`)."""

from __future__ import annotations

import math
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping

import structlog
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kith_common.logging import get_logger
from kith_common.metrics import TelemetryMiddleware
from kith_common.ratelimit import RateLimiter, RateLimits, token_key
from kith_common.settings import Settings
from kith_common.unavailable import database_unavailable, log_failure

log = get_logger("kith.http")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")

ReadinessCheck = Callable[[], Awaitable[bool]]


class RequestContextMiddleware:
    """Binds a request id to every log line of a request and logs one access line.

    The access line carries method, route path and status only: query strings can hold
    search terms a person typed, so they never reach the log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else str(uuid.uuid4())
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                log.info(
                    "http_request",
                    method=scope["method"],
                    path=scope["path"],
                    status=status,
                    ms=round((time.perf_counter() - started) * 1000, 2),
                )


def health_routes(checks: Mapping[str, ReadinessCheck]) -> list[Route]:
    """`/healthz`: the process answers. `/readyz`: every dependency answers."""

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        results = {name: await check() for name, check in checks.items()}
        ready = all(results.values())
        return JSONResponse(
            {"status": "ready" if ready else "not-ready", "checks": results},
            status_code=200 if ready else 503,
        )

    return [Route("/healthz", healthz), Route("/readyz", readyz)]


# APIs answer JSON; pages (the web app) are served from our own origin with self-hosted assets.
# A response that sets its own Content-Security-Policy keeps it.
DEFAULT_CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self';"
    " form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=63072000; includeSubDomains"


class SecurityHeadersMiddleware:
    """CSP, nosniff, no referrer and (outside local development, where TLS ends at the load
    balancer) Strict-Transport-Security on every response."""

    def __init__(self, app: ASGIApp, *, hsts: bool = True) -> None:
        self.app = app
        extra = [
            (b"content-security-policy", DEFAULT_CSP.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]
        self.headers = [*extra, (b"strict-transport-security", HSTS.encode())] if hsts else extra

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                added = [(n, v) for n, v in self.headers if n not in present]
                message["headers"] = [*message.get("headers", []), *added]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header(scope: Scope, name: bytes) -> str:
    value: bytes = dict(scope["headers"]).get(name, b"")
    return value.decode("latin-1")


def too_many_requests(retry_after: float) -> JSONResponse:
    seconds = max(1, math.ceil(retry_after))
    body = {
        "errors": [
            {
                "message": f"too many requests; try again in {seconds} s",
                "extensions": {"code": "RATE_LIMITED", "retryAfter": seconds},
            }
        ]
    }
    return JSONResponse(body, status_code=429, headers={"retry-after": str(seconds)})


class RateLimitMiddleware:
    """Per-address quotas for anonymous requests and expensive paths, per-token quotas for the
    rest, and a small per-address quota of failed authentications (every 401 uses one; when it
    is spent, requests carrying a token from that address wait)."""

    def __init__(
        self, app: ASGIApp, *, limits: RateLimits, limiter: RateLimiter | None = None
    ) -> None:
        self.app, self.limits = app, limits
        self.limiter = limiter or RateLimiter()

    def _refusal(self, scope: Scope, address: str) -> float | None:
        limits, take = self.limits, self.limiter.take
        authorization = _header(scope, b"authorization")
        if authorization:
            waited = self.limiter.wait_for(("failed-auth", address), limits.failed_auth)
            if waited is not None:
                return waited
        by_path = limits.path_quota(scope["path"])
        if by_path is not None and (waited := take((by_path[0], address), by_path[1])):
            return waited
        if authorization:
            return take(("token", token_key(authorization)), limits.authenticated)
        return take(("anonymous", address), limits.anonymous)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.limits.exempt:
            await self.app(scope, receive, send)
            return
        address = (scope.get("client") or ("unknown", 0))[0]
        waited = self._refusal(scope, address)
        if waited is not None:
            log.info("rate_limited", path=scope["path"], retry_after=math.ceil(waited))
            await too_many_requests(waited)(scope, receive, send)
            return

        async def send_counting_failures(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 401:
                self.limiter.take(("failed-auth", address), self.limits.failed_auth)
            await send(message)

        await self.app(scope, receive, send_counting_failures)


UNAVAILABLE_BODY = {
    "errors": [
        {
            "message": "Kith's database is unavailable for a moment. Try again in a few seconds.",
            "extensions": {"code": "UNAVAILABLE", "retryable": True, "retryAfterSeconds": 2},
        }
    ]
}


class DatabaseUnavailableMiddleware:
    """A route (REST, FHIR, a page) that fails because Neo4j is away answers a 503 with the
    typed, retryable error and `Retry-After`, instead of a bare 500 (GraphQL answers the same
    through its own error handling)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            if started or not database_unavailable(sys.exc_info()[1]):
                raise
            log_failure(log, "request_database_unavailable", path=scope["path"])
            answer = JSONResponse(UNAVAILABLE_BODY, status_code=503, headers={"retry-after": "2"})
            await answer(scope, receive, send)


def edge_middleware(settings: Settings, limits: RateLimits) -> list[Middleware]:
    """Every service's outer layers, outermost first: request id and access line, security
    headers, quotas (scaled or switched off by `KITH_RATE_LIMITS`)."""
    layers = [
        Middleware(TelemetryMiddleware),  # /metrics, request counts and the request's span
        Middleware(RequestContextMiddleware),
        Middleware(SecurityHeadersMiddleware, hsts=not settings.is_local),
    ]
    scaled = settings.rate_limits_applied(limits)
    if scaled is not None:
        layers.append(Middleware(RateLimitMiddleware, limits=scaled))
    layers.append(Middleware(DatabaseUnavailableMiddleware))
    return layers
