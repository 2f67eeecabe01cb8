"""Session-wide real infrastructure: one Neo4j JVM and one nats-server per test session.

Both run in temporary folders on free loopback ports, never the developer's `make up`
stack. Tests that touch the graph ask for `graph` (clean graph, migrations applied); tests
that touch NATS ask for `jetstream` (stream purged, consumers removed).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import strawberry
from kith_common.graph import Graph
from kith_common.jetstream import ensure_stream
from kith_common.settings import Settings
from kith_devstack import processes
from kith_gateway.schema import build_schema
from kith_graph_schema.migrate import migrate
from nats.aio.client import Client as NATS
from nats.js import JetStreamContext

from tests.helpers.log_scan import (  # noqa: F401  (the session-wide log scan's hooks)
    pytest_runtest_logreport,
    pytest_sessionfinish,
    remember_people,
)

TEST_STREAM = "KITH"
KEEP = ("SchemaMigration",)


@dataclass(frozen=True)
class Infra:
    bolt_uri: str
    nats_url: str


@pytest.fixture(scope="session")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    root = tmp_path_factory.mktemp("infra")
    processes.ensure_neo4j_built()
    bolt_port, nats_port = processes.free_port(), processes.free_port()
    neo4j = processes.start_neo4j(root / "neo4j", bolt_port, log_file=root / "neo4j.log")
    nats = processes.start_nats(root / "nats", nats_port, log_file=root / "nats.log")
    with neo4j, nats:
        bolt_uri = f"bolt://127.0.0.1:{bolt_port}"
        processes.wait_for_neo4j(bolt_uri, timeout=180, process=neo4j)
        processes.wait_for_nats("127.0.0.1", nats_port, timeout=30, process=nats)
        # `make test` runs some suites again over the routing scheme, as against a cluster.
        scheme = os.environ.get("KITH_TEST_NEO4J_SCHEME", "bolt")
        yield Infra(
            bolt_uri=f"{scheme}://127.0.0.1:{bolt_port}", nats_url=f"nats://127.0.0.1:{nats_port}"
        )


@pytest.fixture(scope="session")
def settings(infra: Infra) -> Settings:
    env = {
        "KITH_ENV": "test",
        "NEO4J_URI": infra.bolt_uri,
        "NATS_URL": infra.nats_url,
        "KITH_OUTBOX_POLL_MS": "50",
        # One loopback address makes every request; tests/security turns the quotas back on.
        "KITH_RATE_LIMITS": "off",
    }
    return Settings.from_env(env)


@pytest.fixture(scope="session")
async def _session_graph(settings: Settings) -> AsyncIterator[Graph]:
    graph = Graph.from_settings(settings)
    await migrate(graph.driver, graph.database)
    yield graph
    await remember_people(graph)
    await graph.close()


@pytest.fixture
async def graph(_session_graph: Graph) -> Graph:
    """The session's graph, emptied of data (schema kept) before the test."""
    await remember_people(_session_graph)
    await _session_graph.execute(
        "MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $keep) DETACH DELETE n",
        keep=list(KEEP),
    )
    return _session_graph


@pytest.fixture(scope="session")
async def _session_nats(settings: Settings) -> AsyncIterator[NATS]:
    import nats

    nc = await nats.connect(servers=list(settings.nats_servers), name="kith-tests")
    yield nc
    await nc.drain()


@pytest.fixture
async def jetstream(_session_nats: NATS) -> JetStreamContext:
    """JetStream with the Kith stream present, empty, and without consumers."""
    js = _session_nats.jetstream()
    await ensure_stream(js, TEST_STREAM)
    for info in await js.consumers_info(TEST_STREAM):
        await js.delete_consumer(TEST_STREAM, info.name)
    await js.purge_stream(TEST_STREAM)
    return js


@pytest.fixture(scope="session")
def schema() -> strawberry.Schema:
    """The gateway's GraphQL schema, built once."""
    return build_schema()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def pytest_report_header() -> str:
    return f"kith: real Neo4j + NATS per session (CI={os.environ.get('CI', '')})"
