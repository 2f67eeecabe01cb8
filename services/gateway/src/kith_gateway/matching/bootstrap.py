"""The matching refresher's composition root (`kith-matching-refresh`): settings, graph,
embedder; once, or as a follower process on the shared worker runtime (`--follow`)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Mapping

from kith_common.graph import Graph
from kith_common.logging import configure_logging
from kith_common.runtime import Loop, Messaging, serve, worker_app
from kith_common.settings import Settings
from kith_common.tracing import configure_tracing
from kith_gateway.matching.embeddings import Embedder, default_embedder
from kith_gateway.matching.follow import follower
from kith_gateway.matching.refresh import Refreshed, refresh_profiles
from nats.js import JetStreamContext
from starlette.applications import Starlette

DEFAULT_PORT = 8004  # KITH_MATCHING_REFRESH_PORT: health probes only
THREADS_VAR = "KITH_EMBED_THREADS"  # OpenMP threads for embedding batches (default 1)


def embed_threads(env: Mapping[str, str] | None = None) -> int:
    """`KITH_EMBED_THREADS`, a whole number from 1 to 64; anything else stops the start."""
    raw = (os.environ if env is None else env).get(THREADS_VAR, "1").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 64:
        raise SystemExit(f"{THREADS_VAR} must be a whole number from 1 to 64, got {raw!r}")
    return int(raw)


def build_app(settings: Settings, embedder: Embedder | None = None) -> Starlette:
    """The follower: a durable consumer of service updates plus the outbox relay."""
    graph = Graph.from_settings(settings)
    model = embedder or default_embedder(embed_threads())

    def loops(js: JetStreamContext) -> list[tuple[str, Loop]]:
        return [("matching-refresh", follower(js, graph, settings, model).run)]

    return worker_app(graph, Messaging(settings, "kith-matching-refresh"), loops)


async def _refresh_once(settings: Settings) -> Refreshed:
    graph = Graph.from_settings(settings)
    try:
        return await refresh_profiles(graph, default_embedder(embed_threads()))
    finally:
        await graph.close()


def main() -> None:
    """`kith-matching-refresh`: refresh every profile once; `--follow`: then keep them fresh
    from `kith.directory.service-updated` events (follow.py)."""
    settings = Settings.from_env()
    configure_logging("matching-refresh", settings.log_level)
    configure_tracing("matching-refresh", os.environ)
    if "--follow" in sys.argv[1:]:
        port = int(os.environ.get("KITH_MATCHING_REFRESH_PORT", DEFAULT_PORT))
        serve(build_app(settings), settings, port)
        return
    done = asyncio.run(_refresh_once(settings))
    print(f"embedded {done.embedded}, unchanged {done.unchanged}, dropped {done.dropped}")
