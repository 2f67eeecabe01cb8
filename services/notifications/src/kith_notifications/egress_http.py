"""POST to a partner's URL safely: resolve the host ourselves, refuse forbidden addresses, then
connect to exactly the address we checked (so DNS cannot re-point the name in between — no
rebinding), keeping the real host name for the Host header, TLS SNI and certificate check."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlunsplit

import httpx
from kith_common.egress import EgressPolicy, UrlRejected, default_port


@dataclass(frozen=True)
class PostOutcome:
    status_code: int | None
    ms: float
    error: str | None = None
    retry_after: str | None = None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _pinned(url: str, policy: EgressPolicy, address: str) -> tuple[str, str]:
    parts = policy.check_url(url)
    host = f"[{address}]" if ":" in address else address
    netloc = f"{host}:{parts.port}" if parts.port else host
    host_header = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), host_header


class SafePoster:
    def __init__(self, http: httpx.AsyncClient, policy: EgressPolicy) -> None:
        self.http = http
        self.policy = policy

    async def post(self, url: str, body: str, headers: dict[str, str]) -> PostOutcome:
        started = time.perf_counter()

        def elapsed() -> float:
            return round((time.perf_counter() - started) * 1000, 1)

        try:
            parts = self.policy.check_url(url)
            assert parts.hostname is not None  # check_url guarantees a host
            addresses = await self.policy.resolve(parts.hostname, default_port(parts))
            target, host_header = _pinned(url, self.policy, addresses[0])
        except UrlRejected as exc:
            return PostOutcome(None, elapsed(), f"refused: {exc}")
        extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
        request = self.http.build_request(
            "POST",
            target,
            content=body.encode(),
            headers={**headers, "host": host_header},
            extensions=extensions,
        )
        try:
            response = await self.http.send(request, stream=True)
            await response.aclose()  # the status is all we need; never read a partner's body
        except httpx.TimeoutException:
            return PostOutcome(None, elapsed(), "timeout")
        except httpx.HTTPError as exc:
            return PostOutcome(None, elapsed(), f"connection failed ({type(exc).__name__})")
        outcome_error = (
            None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
        )
        return PostOutcome(
            response.status_code, elapsed(), outcome_error, response.headers.get("retry-after")
        )
