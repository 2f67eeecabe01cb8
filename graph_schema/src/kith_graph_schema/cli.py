"""`kith-migrate`: the release's migrations job. Applies pending graph migrations, then seals
every sealed property under the current data key (plaintext from before encryption, values
under a retired key). Idempotent: run it on every release, before the rollout.

    kith-migrate                 apply, then reseal
    kith-migrate --check         list pending migrations; exit 3 if any (writes nothing)
    kith-migrate --reseal-only   after making a new data key current (deploy/README.md)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

from kith_common.envelope import KeyRing
from kith_common.graph import Graph
from kith_common.logging import configure_logging, get_logger
from kith_common.settings import Settings, SettingsError

from kith_graph_schema.migrate import APPLIED, MigrationError, load_migrations, migrate
from kith_graph_schema.sealed import reseal_all

log = get_logger(__name__)
PENDING_EXIT = 3


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="kith-migrate",
        description="Apply Kith's graph migrations and reseal encrypted properties "
        "(connection from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE).",
    )
    mode = parse.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="list pending migrations only")
    mode.add_argument("--reseal-only", action="store_true", help="skip migrations")
    parse.add_argument(
        "--wait",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="how long to wait for Neo4j to answer before giving up (default 120)",
    )
    return parse


async def wait_for(graph: Graph, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not await graph.ping():
        if time.monotonic() >= deadline:
            raise MigrationError(f"Neo4j did not answer within {seconds:.0f} s")
        await asyncio.sleep(1.0)  # polling an external server that is still starting


async def pending(graph: Graph) -> list[str]:
    applied = {row["version"] for row in await graph.query(APPLIED)}
    return [f"V{m.version:04d}__{m.name}" for m in load_migrations() if m.version not in applied]


async def run(args: argparse.Namespace, settings: Settings) -> int:
    graph = Graph.from_settings(settings)
    try:
        await wait_for(graph, args.wait)
        if args.check:
            waiting = await pending(graph)
            print(json.dumps({"pending": waiting}))
            return PENDING_EXIT if waiting else 0
        applied = [] if args.reseal_only else await migrate(graph.driver, graph.database)
        resealed = await reseal_all(graph, KeyRing.configured(settings.data_keys))
        log.info("migrations_done", applied=applied, resealed=resealed)
        print(json.dumps({"applied": applied, "resealed": resealed}))
        return 0
    finally:
        await graph.close()


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        configure_logging("migrate", settings.log_level)
        code = asyncio.run(run(args, settings))
    except (SettingsError, MigrationError, ValueError) as exc:
        print(f"kith-migrate: {exc}", file=sys.stderr)
        code = 2
    sys.exit(code)
