"""`Access-Control-Allow-Origin: *` on every response: the directory is public open data.

Starlette's `CORSMiddleware` answers preflights but only labels responses to requests that
carry an `Origin`; this labels the rest too, so caches and tools see one consistent header.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_HEADER = b"access-control-allow-origin"


class AllowAnyOrigin:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_origin(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == _HEADER for name, _ in headers):
                    headers.append((_HEADER, b"*"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_origin)
