"""The one place that wires settings, the Neo4j driver, migrations, the validator and the app."""

from __future__ import annotations

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

from kith_directory.adapters.standards import openapi_document, oruk_dir, service_schema
from kith_directory.api import create_app
from kith_directory.domain.validation import ServiceValidator
from kith_directory.handlers import Importer

SERVICE = "directory"


@dataclass(frozen=True)
class Directory:
    settings: Settings
    graph: Graph
    importer: Importer
    openapi: dict[str, Any]

    def app(self) -> Starlette:
        return create_app(self.graph, openapi=self.openapi)


def build_importer(graph: Graph, standards: Path | None = None) -> Importer:
    """The importer with the ORUK service schema compiled once."""
    root = standards or oruk_dir()
    return Importer(graph=graph, validator=ServiceValidator(service_schema(root)))


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
        yield Directory(settings, graph, build_importer(graph, root), openapi_document(root))
    finally:
        await graph.close()


async def serve(settings: Settings) -> None:
    async with open_directory(settings) as directory:
        config = uvicorn.Config(
            directory.app(),
            host=settings.host,
            port=settings.directory_port,
            log_config=None,
            access_log=False,
        )
        await uvicorn.Server(config).serve()
