"""Defining a pathway (an organisation admin's job) and reading definitions back.

A definition is public service information, not personal data: any signed-in user may read it.
Its id is derived from the organisation and name, so re-defining updates in place.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.pathways.domain import InvalidPathway, PathwayDefinition, TierDefinition

_NAMESPACE = uuid.UUID("0b8f4a52-5d0e-4c5e-9f38-8f1f0d6c2b71")

UNKNOWN_SERVICES = """
UNWIND $ids AS sid
OPTIONAL MATCH (s:Service {id: sid})
WITH sid, s WHERE s IS NULL
RETURN collect(sid) AS unknown
"""

# Removing a tier that people are on would strand them; the admin must move them first.
OCCUPIED_ABOVE = """
MATCH (e:PathwayEnrolment {pathway_id: $id}) WHERE e.tier > $levels
RETURN count(e) AS stranded
"""

WRITE = """
MERGE (p:Pathway {id: $id})
ON CREATE SET p.created_at = datetime(), p.version = 0
WITH p, coalesce(p.content_hash, '') = $hash AS unchanged
CALL (p, unchanged) {
  WITH p WHERE NOT unchanged
  SET p.name = $name, p.description = $description, p.organisation_id = $org,
      p.content_hash = $hash, p.version = p.version + 1, p.updated_at = datetime(),
      p.updated_by = $user
  WITH p
  OPTIONAL MATCH (p)-[:HAS_TIER]->(gone:PathwayTier) WHERE gone.level > size($tiers)
  DETACH DELETE gone
  WITH DISTINCT p
  UNWIND $tiers AS tier
  MERGE (t:PathwayTier {pathway_id: p.id, level: tier.level})
  SET t.name = tier.name, t.requires_decision = tier.requires_decision
  MERGE (p)-[:HAS_TIER]->(t)
  WITH t, tier
  OPTIONAL MATCH (t)-[old:DELIVERED_BY]->()
  DELETE old
  WITH DISTINCT t, tier
  UNWIND tier.service_ids AS sid
  MATCH (s:Service {id: sid})
  MERGE (t)-[:DELIVERED_BY]->(s)
}
RETURN p.version AS version, NOT unchanged AS changed
"""

READ_ALL = """
MATCH (p:Pathway)
WHERE $organisation_id IS NULL OR p.organisation_id = $organisation_id
RETURN p {.id, .name, .description, .organisation_id, .version,
          tiers: [(p)-[:HAS_TIER]->(t) | t {.level, .name, .requires_decision,
                  service_ids: [(t)-[:DELIVERED_BY]->(s) | s.id]}]} AS pathway
ORDER BY p.name, p.id
"""


@dataclass(frozen=True)
class StoredPathway:
    id: str
    name: str
    description: str
    organisation_id: str
    version: int
    tiers: tuple[TierDefinition, ...]


def pathway_id(organisation_id: str, name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{organisation_id}:{name.casefold()}"))


def _content_hash(definition: PathwayDefinition) -> str:
    body = json.dumps(asdict(definition), sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


async def _check_writable(tx: AsyncManagedTransaction, pid: str, new: PathwayDefinition) -> None:
    ids = sorted({s for t in new.tiers for s in t.service_ids})
    unknown = (await (await tx.run(UNKNOWN_SERVICES, ids=ids)).single(strict=True))["unknown"]
    if unknown:
        raise InvalidPathway("tiers", f"unknown service id {unknown[0]}")
    found = await (await tx.run(OCCUPIED_ABOVE, id=pid, levels=len(new.tiers))).single(strict=True)
    if found["stranded"]:
        raise InvalidPathway(
            "tiers", f"{found['stranded']} people are on tiers this definition removes"
        )


async def define_pathway(
    graph: Graph, organisation_id: str, user_id: str, new: PathwayDefinition
) -> tuple[str, int, bool]:
    """Create or update the organisation's pathway of that name: (id, version, changed)."""
    pid = pathway_id(organisation_id, new.name)

    async def work(tx: AsyncManagedTransaction) -> tuple[str, int, bool]:
        await _check_writable(tx, pid, new)
        row = await (
            await tx.run(
                WRITE,
                id=pid,
                name=new.name,
                description=new.description,
                org=organisation_id,
                user=user_id,
                hash=_content_hash(new),
                tiers=[asdict(t) for t in new.tiers],
            )
        ).single(strict=True)
        return pid, row["version"], row["changed"]

    return await graph.write(work)


def _stored(row: dict[str, Any]) -> StoredPathway:
    tiers = sorted(row["tiers"], key=lambda t: t["level"])
    return StoredPathway(
        id=row["id"],
        name=row["name"],
        description=row["description"] or "",
        organisation_id=row["organisation_id"],
        version=row["version"],
        tiers=tuple(
            TierDefinition(
                t["level"], t["name"], t["requires_decision"], tuple(sorted(t["service_ids"]))
            )
            for t in tiers
        ),
    )


async def pathways(graph: Graph, organisation_id: str | None = None) -> list[StoredPathway]:
    rows = await graph.query(READ_ALL, organisation_id=organisation_id)
    return [_stored(r["pathway"]) for r in rows]
