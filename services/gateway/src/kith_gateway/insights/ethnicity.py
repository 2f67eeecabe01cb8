"""A person's ethnic group, recorded only when they chose to give it (and consented to its
use for equity monitoring), as a node of its own so the person's profile stays untouched:
`(:Person)-[:SELF_DESCRIBED]->(:EthnicityStatement {group, consented_at, ...})`.

Only the organisation that holds the person may record or withdraw it; it is never shown
back through insights except counted among at least the suppression threshold of people.
Both writes are naturally idempotent (the statement is keyed on the person), so a retried
request converges on the same state without an idempotency key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kith_common.auth import Principal
from kith_common.graph import Graph
from kith_referrals.tallies import RETALLY_IF_REFERRED
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope

# The unique constraint on person_id (V0008) makes concurrent MERGEs find one statement.
# Both re-count the reports' tallies of the person's LSOA (kith_referrals.tallies).
RECORD = f"""
MATCH (p:Person {{id: $person_id, organisation_id: $org}})
MERGE (e:EthnicityStatement {{person_id: p.id}})
SET e.group = $group, e.consented_at = $consented_at, e.recorded_by = $user,
    e.organisation_id = $org, e.updated_at = datetime()
MERGE (p)-[:SELF_DESCRIBED]->(e)
WITH p
{RETALLY_IF_REFERRED}
RETURN p.id AS id
"""

WITHDRAW = f"""
MATCH (p:Person {{id: $person_id, organisation_id: $org}})
OPTIONAL MATCH (e:EthnicityStatement {{person_id: p.id}})
DETACH DELETE e
WITH DISTINCT p
{RETALLY_IF_REFERRED}
RETURN p.id AS id
"""


def _scope(who: Principal) -> Scope:
    return Scope(who.user_id, who.organisation_id, True, False, "equity-monitoring")


async def _write(graph: Graph, who: Principal, query: str, what: str, **params: Any) -> bool:
    async def work(tx: AsyncManagedTransaction) -> bool:
        found = await (
            await tx.run(query, org=who.organisation_id, user=who.user_id, **params)
        ).single()
        if found is None:
            return False
        await record(tx, _scope(who), [Access(what, found["id"], found["id"])])
        return True

    return await graph.write(work)


async def record_ethnicity(
    graph: Graph, who: Principal, person_id: str, group: str, consented_at: datetime
) -> bool:
    """False when the person is not one of the caller's organisation's."""
    return await _write(
        graph, who, RECORD, "ethnicity.record",
        person_id=person_id, group=group, consented_at=consented_at,
    )  # fmt: skip


async def withdraw_ethnicity(graph: Graph, who: Principal, person_id: str) -> bool:
    return await _write(graph, who, WITHDRAW, "ethnicity.withdraw", person_id=person_id)
