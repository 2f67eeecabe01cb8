"""Same seed → same graph: the demo district loads byte-for-byte identically twice."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kith_common.graph import Graph
from kith_devstack.demo_district import generate_directory, read_areas
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas

DEMO_AREAS = "data/areas/bradford_craven_lsoa2011_imd2019.csv"
# Provenance and bookkeeping that legitimately differ between two loads.
VOLATILE = {
    "imported_at",
    "created_at",
    "updated_at",
    "removed_at",
    "applied_at",
    "at",
    "event_id",
    "payload",
    "lease_until",
    "lease_owner",
    "published_at",
    "last_import_at",
    "first_import_at",
}

FINGERPRINT = """
MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:Outbox
OPTIONAL MATCH (n)-[r]->(m)
WITH n, collect([type(r), coalesce(m.id, m.code, '')]) AS out
RETURN labels(n) AS labels, properties(n) AS props, out
"""


def stable(key: str, value: object) -> str:
    """The property as text, without the import times inside a service's field provenance."""
    if key == "field_sources" and isinstance(value, str):
        sources = json.loads(value)
        return json.dumps(
            {
                field: {k: v for k, v in source.items() if k != "at"}
                for field, source in sources.items()
            },
            sort_keys=True,
        )
    return str(value)


async def fingerprint(graph: Graph) -> str:
    rows = []
    for row in await graph.query(FINGERPRINT):
        props = {k: stable(k, v) for k, v in row["props"].items() if k not in VOLATILE}
        rows.append(json.dumps([sorted(row["labels"]), props, sorted(row["out"])], sort_keys=True))
    return hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()


async def load(graph: Graph, root: Path, seed: int) -> None:
    await load_areas(graph, area_csv_rows(root / DEMO_AREAS))
    services = generate_directory(read_areas(root / DEMO_AREAS), seed=seed)
    summary = await import_services(build_importer(graph), services, "demo-district")
    assert not summary.rejected


async def wipe(graph: Graph) -> None:
    await graph.execute("MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n")


async def test_same_seed_gives_the_same_graph(graph: Graph, repo_root: Path) -> None:
    await load(graph, repo_root, seed=7)
    first = await fingerprint(graph)
    await wipe(graph)
    await load(graph, repo_root, seed=7)
    assert await fingerprint(graph) == first
    await wipe(graph)
    await load(graph, repo_root, seed=8)
    assert await fingerprint(graph) != first
