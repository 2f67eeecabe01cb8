"""A practitioner's caseload and what their pages need around a person: the people their
organisation records (with tier, open referrals and what needs them), a person's consent
records, the needs taxonomy, and home areas found by place name. Every read of a person is
audited in its own transaction (`audit.trail.record`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope

OPEN = ["draft", "requested", "received", "accepted", "in-progress", "on-hold"]
MAX_CASELOAD = 500

# Newest first. "Needs you": declined in the last 30 days, escalated, a proposal to answer.
CASELOAD = """
MATCH (p:Person) WHERE p.organisation_id = $org
WITH p ORDER BY coalesce(p.updated_at, p.created_at) DESC, p.id LIMIT $limit
CALL (p) {
  OPTIONAL MATCH (r:Referral {from_organisation_id: $org})-[:FOR]->(p)
  OPTIONAL MATCH (r)-[:PROPOSED]->(a:AlternativeProposal {status: 'proposed'})
  RETURN sum(CASE WHEN r.status IN $open THEN 1 ELSE 0 END) AS open,
         sum(CASE WHEN r.status IN $open AND coalesce(r.sla_level, 0) > 0 THEN 1 ELSE 0 END)
           AS escalated,
         sum(CASE WHEN r.status = 'rejected'
                   AND r.updated_at > datetime() - duration({days: 30}) THEN 1 ELSE 0 END)
           AS declined,
         sum(CASE WHEN a IS NOT NULL AND r.status IN $open THEN 1 ELSE 0 END) AS proposals
}
RETURN p.id AS id, p.reference AS reference,
       [(p)-[:HAS_NEED]->(n:Need) | coalesce(n.name, n.code)] AS needs,
       [(p)-[:LIVES_IN]->(a:Area) | a.name][0] AS home_area,
       [(p)-[:ON_PATHWAY]->(e:PathwayEnrolment)-[:OF]->(pw:Pathway) |
         pw.name + ': ' + coalesce([(pw)-[:HAS_TIER]->(t:PathwayTier {level: e.tier}) | t.name][0],
                                   'tier ' + toString(e.tier))] AS tiers,
       open, escalated, declined, proposals
"""

OVERVIEW = """
MATCH (p:Person {id: $person_id}) WHERE p.organisation_id = $org
OPTIONAL MATCH (c:Consent)-[:ABOUT]->(p)
WITH p, c ORDER BY c.recorded_at DESC
RETURN p.id AS person_id,
       [(p)-[:LIVES_IN]->(a:Area) | a.name][0] AS home_area,
       [(p)-[:HAS_NEED]->(n:Need) | coalesce(n.name, n.code)] AS needs,
       [(p)-[:ON_PATHWAY]->(e:PathwayEnrolment)-[:OF]->(pw:Pathway) |
         pw.name + ': ' + coalesce([(pw)-[:HAS_TIER]->(t:PathwayTier {level: e.tier}) | t.name][0],
                                   'tier ' + toString(e.tier))] AS tiers,
       collect(CASE WHEN c IS NULL THEN null ELSE c {
  .id, .status, .purpose, .categories, .method, .basis, .expires_at, .recorded_at,
  .shared_with,
  names: COLLECT { MATCH (o:Organisation) WHERE o.id IN c.shared_with RETURN o.name }
} END) AS consents
"""

NEED_OPTIONS = """
MATCH (n:Need) RETURN n.code AS code, coalesce(n.name, n.code) AS name ORDER BY name
"""


@dataclass(frozen=True)
class CaseloadEntry:
    id: str
    reference: str | None
    needs: list[str]
    home_area: str | None
    tiers: list[str]
    open: int
    escalated: int
    declined: int
    proposals: int


@dataclass(frozen=True)
class PersonOverview:
    home_area: str | None
    needs: list[str]
    tiers: list[str]
    consents: list[ConsentSummary]


@dataclass(frozen=True)
class ConsentSummary:
    id: str
    status: str  # active, withdrawn or expired
    purpose: str
    basis: str
    method: str | None
    categories: list[str]
    shared_with: list[str]  # organisation names
    recorded_at: datetime
    expires_at: datetime


async def caseload(graph: Graph, scope: Scope, limit: int = MAX_CASELOAD) -> list[CaseloadEntry]:
    async def work(tx: AsyncManagedTransaction) -> list[CaseloadEntry]:
        result = await tx.run(
            CASELOAD, org=scope.organisation_id, open=OPEN, limit=min(limit, MAX_CASELOAD)
        )
        found = [CaseloadEntry(**row.data()) async for row in result]
        await record(tx, scope, [Access("people.caseload.read", e.id, e.id) for e in found])
        return found

    return await graph.write(work)


def _consent(c: dict[str, Any], now: datetime) -> ConsentSummary:
    expires = c["expires_at"].to_native()
    status = c["status"]
    if status == "active" and expires <= now:
        status = "expired"
    return ConsentSummary(
        id=c["id"],
        status=status,
        purpose=c["purpose"],
        basis=c["basis"],
        method=c.get("method"),
        categories=list(c.get("categories") or []),
        shared_with=sorted(c["names"]),
        recorded_at=c["recorded_at"].to_native(),
        expires_at=expires,
    )


async def person_overview(
    graph: Graph, scope: Scope, person_id: str, now: datetime
) -> PersonOverview | None:
    """None when the person is not the caller's organisation's."""

    async def work(tx: AsyncManagedTransaction) -> PersonOverview | None:
        result = await tx.run(OVERVIEW, person_id=person_id, org=scope.organisation_id)
        row = await result.single()
        if row is None:
            return None
        await record(tx, scope, [Access("people.overview.read", person_id, person_id)])
        consents = [_consent(c, now) for c in row["consents"]]
        return PersonOverview(row["home_area"], sorted(row["needs"]), row["tiers"], consents)

    return await graph.write(work)


async def need_options(graph: Graph) -> list[tuple[str, str]]:
    return [(r["code"], r["name"]) for r in await graph.query(NEED_OPTIONS)]
