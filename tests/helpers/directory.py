"""Helpers for the directory suites: the CLI, and what an import left in the graph."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

from kith_common.graph import Graph
from kith_common.settings import Settings


async def run_cli(settings: Settings, *args: str) -> str:
    env = {**os.environ, "NEO4J_URI": settings.neo4j_uri, "KITH_ENV": "test"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kith_directory.cli",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


async def count(graph: Graph, pattern: str, **params: Any) -> int:
    rows = await graph.query(f"MATCH {pattern} RETURN count(*) AS n", **params)
    return int(rows[0]["n"])


async def events(graph: Graph) -> list[dict[str, Any]]:
    rows = await graph.query("MATCH (o:Outbox) RETURN o.subject AS subject, o.payload AS payload")
    return [{"subject": r["subject"], **json.loads(r["payload"])["data"]} for r in rows]
