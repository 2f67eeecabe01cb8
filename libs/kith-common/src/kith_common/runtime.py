"""Process plumbing every service shares: connect to Neo4j and NATS, run background loops
(outbox relay, consumers) until shutdown, and close everything in order."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from nats.aio.client import Client as NATS
from nats.js import JetStreamContext
from starlette.applications import Starlette

from kith_common import gauges, metrics
from kith_common.graph import Graph
from kith_common.jetstream import JetStreamPublisher, connect, ensure_stream
from kith_common.logging import get_logger
from kith_common.outbox import OutboxRelay
from kith_common.ratelimit import RateLimits
from kith_common.settings import Settings
from kith_common.web import edge_middleware, health_routes

log = get_logger(__name__)

Loop = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


def periodic(name: str, work: Callable[[], Awaitable[object]], every: float) -> Loop:
    """A loop that runs `work` now and then every `every` seconds until stopped. A failing
    pass is logged and retried next time: each pass is one transaction, so nothing is left
    half-written, and the next pass picks up where this one could not."""

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await work()
            except Exception:
                log.exception("periodic_pass_failed", loop=name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)

    return run


class Messaging:
    """The process's NATS connection and JetStream context, opened in the app's lifespan."""

    def __init__(self, settings: Settings, name: str) -> None:
        self.settings = settings
        self.name = name
        self._nc: NATS | None = None
        self._js: JetStreamContext | None = None

    async def start(self) -> JetStreamContext:
        self._nc = await connect(self.settings, self.name)
        self._js = self._nc.jetstream()
        await ensure_stream(self._js, self.settings.stream_name)
        return self._js

    @property
    def js(self) -> JetStreamContext:
        if self._js is None:
            raise RuntimeError("Messaging.start() has not run")
        return self._js

    def relay(self, graph: Graph) -> OutboxRelay:
        metrics.on_scrape("outbox", gauges.outbox_backlog(graph))
        publisher = JetStreamPublisher(self.js, self.settings.stream_name)
        return OutboxRelay(graph, publisher, poll_interval=self.settings.outbox_poll_ms / 1000)

    async def ready(self) -> bool:
        return self._nc is not None and self._nc.is_connected

    async def close(self) -> None:
        if self._nc is not None and not self._nc.is_closed:
            await self._nc.drain()


@dataclass
class BackgroundLoops:
    """Runs loops that watch one stop event; `stop()` asks them to finish and waits."""

    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def start(self, loop: Loop, name: str) -> None:
        self.tasks.append(asyncio.create_task(loop(self.stop_event), name=name))

    async def stop(self, grace_seconds: float = 10.0) -> None:
        self.stop_event.set()
        if not self.tasks:
            return
        done, pending = await asyncio.wait(self.tasks, timeout=grace_seconds)
        for task in pending:
            task.cancel()
        for task in done:
            if task.exception() is not None:
                log.error("background_loop_failed", task=task.get_name())
        self.tasks.clear()


@asynccontextmanager
async def running(*loops: tuple[str, Loop]) -> AsyncIterator[BackgroundLoops]:
    background = BackgroundLoops()
    for name, loop in loops:
        background.start(loop, name)
    try:
        yield background
    finally:
        await background.stop()


LoopFactory = Callable[[JetStreamContext], list[tuple[str, Loop]]]


def worker_app(
    graph: Graph,
    messaging: Messaging,
    loops: LoopFactory,
    closers: Sequence[Callable[[], Awaitable[None]]] = (),
) -> Starlette:
    """A background worker (consumers + outbox relay) with health routes for its probes.
    `closers` release the worker's own resources (HTTP clients...) after the loops stop."""

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        js = await messaging.start()
        try:
            async with running(("outbox-relay", messaging.relay(graph).run), *loops(js)):
                yield
        finally:
            for close in closers:
                await close()
            await messaging.close()
            await graph.close()

    return Starlette(
        routes=health_routes({"neo4j": graph.ping, "nats": messaging.ready}),
        middleware=edge_middleware(messaging.settings, RateLimits()),
        lifespan=lifespan,
    )


def serve(app: Starlette, settings: Settings, port: int) -> None:
    """Run an app under uvicorn with our structlog lines instead of uvicorn's own."""
    uvicorn.run(app, host=settings.host, port=port, log_config=None, access_log=False)
