"""The one place that wires settings, the Neo4j driver, migrations, the validator and the app."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kith_common import metrics
from kith_common.graph import Graph
from kith_common.logging import configure_logging
from kith_common.runtime import Messaging, periodic, running
from kith_common.runtime import serve as run
from kith_common.settings import Settings
from kith_common.tracing import configure_tracing
from kith_graph_schema.migrate import migrate
from starlette.applications import Starlette

from kith_directory.adapters.need_maps import load_need_map
from kith_directory.adapters.openapi import kith_openapi
from kith_directory.adapters.standards import oruk_dir, service_schema
from kith_directory.api import create_app
from kith_directory.domain.freshness import FreshnessPolicy
from kith_directory.domain.validation import ServiceValidator
from kith_directory.handlers import Importer
from kith_directory.queries.matching_backlog import matching_backlog
from kith_directory.sweeps import sweep_stale

SERVICE = "directory"
SWEEP_SECONDS_VAR = "KITH_DIRECTORY_SWEEP_SECONDS"


@dataclass(frozen=True)
class Directory:
    settings: Settings
    graph: Graph
    importer: Importer
    openapi: dict[str, Any]
    freshness: FreshnessPolicy

    def app(self) -> Starlette:
        return create_app(
            self.graph, openapi=self.openapi, freshness=self.freshness, settings=self.settings
        )


def build_importer(graph: Graph, standards: Path | None = None) -> Importer:
    """The importer with the ORUK service schema compiled once."""
    root = standards or oruk_dir()
    return Importer(
        graph=graph, validator=ServiceValidator(service_schema(root)), need_map=load_need_map()
    )


@asynccontextmanager
async def open_directory(
    settings: Settings, *, log_level: str | None = None
) -> AsyncIterator[Directory]:
    """Configure logging, connect, apply pending migrations; close the driver on exit."""
    configure_logging(SERVICE, log_level or settings.log_level)
    graph = Graph.from_settings(settings)
    try:
        await migrate(graph.driver, graph.database)
        root = oruk_dir()
        freshness = FreshnessPolicy.from_env(os.environ)
        importer = build_importer(graph, root)
        yield Directory(settings, graph, importer, kith_openapi(root), freshness)
    finally:
        await graph.close()


def build_app(settings: Settings, env: Mapping[str, str]) -> Starlette:
    """The ORUK API, wired like every other process: migrations on start, the outbox relay
    (the freshness sweep writes events), and the sweep every `KITH_DIRECTORY_SWEEP_SECONDS`
    (1 h) on the shared periodic loop."""
    graph = Graph.from_settings(settings)
    root = oruk_dir()
    freshness = FreshnessPolicy.from_env(env)
    every = float(env.get(SWEEP_SECONDS_VAR) or 3600)
    messaging = Messaging(settings, "kith-directory")

    async def sweep() -> int:
        return await sweep_stale(graph, freshness)

    async def backlog() -> None:
        found = await matching_backlog(graph)
        metrics.MATCHING_WAITING.set(found.waiting)
        metrics.MATCHING_OLDEST.set(metrics.seconds_since(found.oldest))

    metrics.on_scrape("matching-backlog", backlog)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        try:
            await migrate(graph.driver, graph.database)
            await messaging.start()
            async with running(
                ("outbox-relay", messaging.relay(graph).run),
                ("directory-sweep", periodic("directory-sweep", sweep, every)),
            ):
                yield
        finally:
            await messaging.close()
            await graph.close()

    return create_app(
        graph,
        openapi=kith_openapi(root),
        freshness=freshness,
        lifespan=lifespan,
        settings=settings,
    )


def serve(settings: Settings) -> None:
    configure_logging(SERVICE, settings.log_level)
    configure_tracing(SERVICE, os.environ)
    run(build_app(settings, os.environ), settings, settings.directory_port)
