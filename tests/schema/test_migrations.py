"""Migrations against the real graph: ordered, recorded, safe to re-run, tamper-evident."""

from __future__ import annotations

import re

import pytest
from kith_common.graph import Graph
from kith_graph_schema import migrate as migrations
from kith_graph_schema.migrate import MigrationError, load_migrations, migrate


def test_files_are_ordered_and_every_statement_is_idempotent() -> None:
    """Schema statements say IF NOT EXISTS; data statements recompute in batches (so one
    interrupted half-way is run again whole; tests/referrals/test_milestones.py runs V0016
    twice)."""
    found = load_migrations()
    assert [m.version for m in found] == sorted(m.version for m in found)
    assert found[0].version == 1
    for migration in found:
        for statement in migration.statements:
            schema = re.match(r"CREATE (\w+ )?(INDEX|CONSTRAINT)\b", statement)
            marker = "IF NOT EXISTS" if schema else "IN TRANSACTIONS OF"
            assert marker in statement, (migration.name, statement)


async def test_rerunning_applies_nothing_and_changes_no_schema(graph: Graph) -> None:
    before = await graph.query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
    assert await migrate(graph.driver, graph.database) == []
    after = await graph.query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
    assert sorted(before[0]["names"]) == sorted(after[0]["names"])
    recorded = await graph.query("MATCH (m:SchemaMigration) RETURN m.version AS v ORDER BY v")
    assert [r["v"] for r in recorded] == [m.version for m in load_migrations()]


async def test_an_interrupted_migration_is_applied_again(graph: Graph) -> None:
    # Forget the last migration as if the process died before recording it.
    last = load_migrations()[-1]
    await graph.execute("MATCH (m:SchemaMigration {version: $v}) DELETE m", v=last.version)
    assert await migrate(graph.driver, graph.database) == [last.version]


async def test_an_edited_migration_is_refused(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = load_migrations()
    edited = [
        *real[:-1],
        real[-1].__class__(real[-1].version, real[-1].name, real[-1].statements, "edited-checksum"),
    ]
    monkeypatch.setattr(migrations, "load_migrations", lambda: edited)
    with pytest.raises(MigrationError, match="changed after it was applied"):
        await migrate(graph.driver, graph.database)


async def test_point_and_fulltext_indexes_exist(graph: Graph) -> None:
    rows = await graph.query("SHOW INDEXES YIELD name, type RETURN name, type")
    kinds = {r["name"]: r["type"] for r in rows}
    assert kinds["location_point"] == "POINT"
    assert kinds["service_text"] == "FULLTEXT"
