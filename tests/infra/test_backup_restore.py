"""Backup and restore with Neo4j's own offline `neo4j-admin database dump` / `load`: the demo
directory is dumped from a stopped store and loaded into a fresh one, which then holds exactly
the same graph (every node's labels and properties, every relationship) and the same indexes."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack import neo4j_admin
from kith_devstack.processes import free_port, start_neo4j, wait_for_neo4j
from kith_graph_schema.migrate import migrate

from tests.schema.test_demo_determinism import load

EVERYTHING = """
MATCH (n)
OPTIONAL MATCH (n)-[r]->(m)
WITH n, collect([type(r), properties(r), coalesce(m.id, m.code, m.event_id, '')]) AS out
RETURN labels(n) AS labels, properties(n) AS props, out
"""
INDEXES = "SHOW INDEXES YIELD name, type, labelsOrTypes, properties RETURN *"


async def fingerprint(graph: Graph) -> tuple[int, str]:
    rows = [
        json.dumps(
            [sorted(r["labels"]), r["props"], sorted(map(str, r["out"]))],
            default=str,
            sort_keys=True,
        )
        for r in await graph.query(EVERYTHING)
    ]
    rows += [json.dumps(r, sort_keys=True) for r in await graph.query(INDEXES)]
    return len(rows), hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()


async def fingerprint_of_store(home: Path) -> tuple[int, str]:
    port = free_port()
    with start_neo4j(home, port, log_file=home / "neo4j.log") as proc:
        wait_for_neo4j(f"bolt://127.0.0.1:{port}", timeout=180, process=proc)
        graph = Graph.from_settings(Settings(neo4j_uri=f"bolt://127.0.0.1:{port}"))
        try:
            return await fingerprint(graph)
        finally:
            await graph.close()
            proc.stop(timeout=120)


async def test_a_dump_loads_into_a_fresh_store_as_the_same_graph(
    tmp_path: Path, repo_root: Path
) -> None:
    original, restored, backups = tmp_path / "original", tmp_path / "restored", tmp_path / "dumps"
    port = free_port()
    with start_neo4j(original, port, log_file=tmp_path / "original.log") as proc:
        wait_for_neo4j(f"bolt://127.0.0.1:{port}", timeout=180, process=proc)
        graph = Graph.from_settings(Settings(neo4j_uri=f"bolt://127.0.0.1:{port}"))
        try:
            await migrate(graph.driver, graph.database)
            await load(graph, repo_root, seed=7)
            before = await fingerprint(graph)
        finally:
            await graph.close()
        proc.stop(timeout=120)  # a clean shutdown: the dump is of a consistent store
    assert before[0] > 1000  # the demo directory, not an empty store

    backups.mkdir()
    started = time.monotonic()
    dumped = neo4j_admin.run(original, "database", "dump", "neo4j", f"--to-path={backups}")
    assert dumped.returncode == 0, dumped.stderr
    loaded = neo4j_admin.run(restored, "database", "load", "neo4j", f"--from-path={backups}")
    assert loaded.returncode == 0, loaded.stderr
    size = (backups / "neo4j.dump").stat().st_size
    print(f"dump + load: {time.monotonic() - started:.1f} s for {size / 1e6:.1f} MB")

    assert await fingerprint_of_store(restored) == before


def test_dumping_a_running_database_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "running"
    port = free_port()
    with start_neo4j(home, port, log_file=tmp_path / "running.log") as proc:
        wait_for_neo4j(f"bolt://127.0.0.1:{port}", timeout=180, process=proc)
        refused = neo4j_admin.run(home, "database", "dump", "neo4j", f"--to-path={tmp_path}")
    assert refused.returncode != 0
    assert "in use" in (refused.stderr + refused.stdout).lower()
