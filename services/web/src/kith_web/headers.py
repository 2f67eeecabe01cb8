"""Security headers on every answer: a strict Content-Security-Policy (no inline script or
style, nothing from another origin except the sign-in provider as a form target), no framing,
no sniffing, no referrer leaving the site, and no caching of pages about people."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(sign_in_origin: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            # a form whose session expired is redirected on to the sign-in provider
            f"form-action 'self' {sign_in_origin}",
        ]
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, sign_in_origin: str, hsts: bool) -> None:
        self.app = app
        self.fixed = {
            "content-security-policy": content_security_policy(sign_in_origin),
            "x-content-type-options": "nosniff",
            "x-frame-options": "DENY",
            "referrer-policy": "same-origin",
            "permissions-policy": "camera=(), microphone=(), geolocation=(self), payment=()",
            "cross-origin-opener-policy": "same-origin",
        }
        if hsts:
            self.fixed["strict-transport-security"] = "max-age=31536000; includeSubDomains"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(("/assets/", "/static/"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.fixed.items():
                    headers.setdefault(name, value)
                if not static:
                    headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)
