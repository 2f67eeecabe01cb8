"""Apply the ordered Cypher migrations in `migrations/`, recording each in the graph.

Files are named `V<NNNN>__<name>.cypher`; statements end with `;`. Each statement runs in its
own auto-commit transaction because Neo4j does not mix schema and data changes in one (and
`CALL { ... } IN TRANSACTIONS`, which batches data changes, needs one). Every statement is
idempotent: schema statements say `IF NOT EXISTS`, data statements recompute what they set,
so a migration interrupted half-way is simply applied again. An applied migration whose file
later changed is refused: write a new one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources

from neo4j import AsyncDriver

_NAME = re.compile(r"^V(\d{4})__([a-z0-9_]+)\.cypher$")

APPLIED = "MATCH (m:SchemaMigration) RETURN m.version AS version, m.checksum AS checksum"
RECORD = """
MERGE (m:SchemaMigration {version: $version})
SET m.name = $name, m.checksum = $checksum, m.applied_at = datetime()
"""


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    checksum: str


def _statements(text: str) -> tuple[str, ...]:
    lines = [line for line in text.splitlines() if not line.strip().startswith("//")]
    return tuple(s.strip() for s in "\n".join(lines).split(";") if s.strip())


def load_migrations() -> list[Migration]:
    folder = resources.files("kith_graph_schema") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.fullmatch(entry.name)
        if match is None:
            continue
        text = entry.read_text(encoding="utf-8")
        checksum = hashlib.sha256(text.encode()).hexdigest()
        found.append(Migration(int(match[1]), match[2], _statements(text), checksum))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"duplicate migration versions in {versions}")
    return found


async def migrate(driver: AsyncDriver, database: str = "neo4j") -> list[int]:
    """Apply pending migrations; returns the versions applied by this call."""
    records, _, _ = await driver.execute_query(APPLIED, database_=database)
    applied = {r["version"]: r["checksum"] for r in records}
    newly = []
    for migration in load_migrations():
        if migration.version in applied:
            if applied[migration.version] != migration.checksum:
                raise MigrationError(
                    f"migration V{migration.version:04d} changed after it was applied"
                )
            continue
        async with driver.session(database=database) as session:
            for statement in migration.statements:
                await (await session.run(statement)).consume()
        await driver.execute_query(
            RECORD,
            version=migration.version,
            name=migration.name,
            checksum=migration.checksum,
            database_=database,
        )
        newly.append(migration.version)
    return newly
