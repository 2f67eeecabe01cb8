"""Live pages by server-sent events: the server asks the gateway (as the user) what changed
and tells the page, which then reloads its live region with htmx. Without JavaScript the page
still works; it just needs a reload. A stream lasts a few minutes and EventSource reconnects,
so no connection outlives a sign-out for long."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import StreamingResponse

from kith_web.web import SignInRedirect, services

STREAM_SECONDS = 300.0


def event_stream(request: Request, fingerprint: Callable[[], Awaitable[str]]) -> StreamingResponse:
    every = services(request).config.live_poll_seconds

    async def events() -> AsyncIterator[str]:
        last = await fingerprint()
        yield "retry: 3000\n\n"
        ends = time.monotonic() + STREAM_SECONDS
        while time.monotonic() < ends and not await request.is_disconnected():
            await asyncio.sleep(every)
            try:
                now = await fingerprint()
            except SignInRedirect:
                return  # signed out or expired: the next full page load says so
            if now != last:
                last = now
                yield "event: changed\ndata: {}\n\n"

    headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)
