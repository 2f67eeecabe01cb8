"""The one place that wires settings, the Neo4j driver, migrations, the validator and the app."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from kith_common.graph import Graph
from kith_common.logging import configure_logging
from kith_common.settings import Settings
from kith_graph_schema.migrate import migrate
from starlette.applications import Starlette

from kith_directory.adapters.need_maps import load_need_map
from kith_directory.adapters.openapi import kith_openapi
from kith_directory.adapters.standards import oruk_dir, service_schema
from kith_directory.api import create_app
from kith_directory.domain.freshness import FreshnessPolicy
from kith_directory.domain.validation import ServiceValidator
from kith_directory.handlers import Importer
from kith_directory.sweeps import sweep_forever

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


async def serve(settings: Settings) -> None:
    """The ORUK API, and the freshness sweep every `KITH_DIRECTORY_SWEEP_SECONDS` (1 h)."""
    every = float(os.environ.get(SWEEP_SECONDS_VAR) or 3600)
    async with open_directory(settings) as directory:
        config = uvicorn.Config(
            directory.app(),
            host=settings.host,
            port=settings.directory_port,
            log_config=None,
            access_log=False,
        )
        stop = asyncio.Event()
        sweeper = asyncio.create_task(
            sweep_forever(directory.graph, directory.freshness, every, stop)
        )
        try:
            await uvicorn.Server(config).serve()
        finally:
            stop.set()
            await sweeper
