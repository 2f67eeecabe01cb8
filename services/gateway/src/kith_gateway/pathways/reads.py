"""Where a person is on each pathway, with the history of every move (audited reads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope

READ = """
MATCH (p:Person {id: $person_id}) WHERE p.organisation_id = $org
OPTIONAL MATCH (p)-[:ON_PATHWAY]->(e:PathwayEnrolment)-[:OF]->(pw:Pathway)
WITH p, e, pw ORDER BY pw.name
RETURN p.id AS person_id, collect(CASE WHEN e IS NULL THEN null ELSE {
  pathway_id: pw.id, pathway_name: pw.name, tier: e.tier, version: e.version,
  enrolled_at: e.enrolled_at, tier_since: e.tier_since,
  history: [(e)-[:CHANGED]->(c:TierChange) | c {.from_tier, .to_tier, .direction, .basis,
            .by_organisation_id, .meeting_decision_id, .at, .version}]
} END) AS enrolments
"""


@dataclass(frozen=True)
class TierHistoryEntry:
    from_tier: int | None
    to_tier: int
    direction: str
    basis: str
    by_organisation_id: str
    meeting_decision_id: str | None
    at: datetime
    version: int


@dataclass(frozen=True)
class Enrolment:
    pathway_id: str
    pathway_name: str
    tier: int
    version: int
    enrolled_at: datetime
    tier_since: datetime
    history: tuple[TierHistoryEntry, ...]


def _enrolment(row: dict[str, Any]) -> Enrolment:
    history = sorted(row["history"], key=lambda h: h["version"])
    return Enrolment(
        row["pathway_id"],
        row["pathway_name"],
        row["tier"],
        row["version"],
        row["enrolled_at"].to_native(),
        row["tier_since"].to_native(),
        tuple(TierHistoryEntry(**{**h, "at": h["at"].to_native()}) for h in history),
    )


async def person_pathways(graph: Graph, scope: Scope, person_id: str) -> list[Enrolment] | None:
    """Where one of the caller's organisation's people is on each pathway (audited);
    None when the person is not theirs."""

    async def work(tx: AsyncManagedTransaction) -> list[Enrolment] | None:
        row = await (await tx.run(READ, person_id=person_id, org=scope.organisation_id)).single()
        if row is None:
            return None
        await record(tx, scope, [Access("pathway.read", person_id, person_id)])
        return [_enrolment(e) for e in row["enrolments"] if e is not None]

    return await graph.write(work)
