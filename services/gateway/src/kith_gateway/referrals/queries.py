"""Reading referrals and people, with access decided in the Cypher and every read audited.

The referring organisation sees its own people and referrals in full. A receiving
organisation sees referrals addressed to it, and of the person only the fields a currently
valid consent shares with it (`consent.rules.valid_consent`): withdraw or let the consent
expire and the fields come back empty on the next read. The reads run in a write
transaction because the audit entry is written in the same one.
"""

from __future__ import annotations

from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.rules import valid_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.referrals.pagination import Cursor
from kith_gateway.referrals.views import Page, ReferralView, referral_view


def _covered(keep: str) -> str:
    """The data categories valid consents share with the caller's organisation about `p`."""
    return f"""
OPTIONAL MATCH (c:Consent)-[:ABOUT]->(p) WHERE {valid_consent("c", "org")}
WITH {keep}, reduce(s = [], cats IN collect(c.categories) | s + cats) AS covered
"""


_PROJECT = f"""
MATCH (r)-[:FOR]->(p:Person)
WITH r, p, $as_referrer AND r.from_organisation_id = $org AS holder
{_covered("r, p, holder")}
OPTIONAL MATCH (r)-[:CHANGED]->(h:StatusChange)
WITH r, p, holder, covered, h ORDER BY h.version
WITH r, p, holder, covered, collect(h {{
  .from, .to, .action, .version, .at, .actor, .by_user, .by_organisation_id, .reason_code,
  .reason_text, .outcomes
}}) AS history
RETURN r {{.id, .status, .version, .service_id, .from_organisation_id, .to_organisation_id,
          .created_at, .business_status, .self_referral, .sla_level}} AS referral, history, p.id AS person_id,
       CASE WHEN holder OR 'pseudonym' IN covered THEN p.reference END AS pseudonym,
       CASE WHEN holder OR 'home-area' IN covered THEN p.home_area END AS home_area,
       CASE WHEN holder OR 'referral-reason' IN covered THEN r.reason END AS reason
"""

VISIBLE = """(($as_referrer AND r.from_organisation_id = $org)
   OR ($as_receiver AND r.to_organisation_id = $org AND r.status <> 'draft'))"""

REFERRAL = f"""
MATCH (r:Referral {{id: $referral_id}}) WHERE {VISIBLE}
{_PROJECT}
"""

REFERRALS_BY_ID = f"""
MATCH (r:Referral) WHERE r.id IN $ids
{_PROJECT}
"""

# Two index seeks (sent by us, addressed to us) instead of one scan over every referral; for
# one person, their few referrals from the person's node, kept to those the caller may see.
PAGE = f"""
CALL () {{
  MATCH (r:Referral {{from_organisation_id: $org}}) WHERE $person_id IS NULL AND $as_referrer
  RETURN r
  UNION
  MATCH (r:Referral {{to_organisation_id: $org}})
  WHERE $person_id IS NULL AND $as_receiver AND r.status <> 'draft'
  RETURN r
  UNION
  MATCH (:Person {{id: $person_id}})<-[:FOR]-(r:Referral) WHERE {VISIBLE}
  RETURN r
}}
WITH r, r.created_at.epochMillis AS ms
WHERE (size($statuses) = 0 OR r.status IN $statuses)
  AND ($after_ms IS NULL OR ms < $after_ms OR (ms = $after_ms AND r.id < $after_id))
RETURN r.id AS id, ms ORDER BY ms DESC, id DESC LIMIT $limit
"""


async def _rows(tx: AsyncManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    return [r.data() async for r in await tx.run(query, **params)]


async def _audit(
    tx: AsyncManagedTransaction, scope: Scope, what: str, views: list[ReferralView]
) -> None:
    await record(tx, scope, [Access(what, v.person.id, v.id) for v in views])


async def referral(graph: Graph, scope: Scope, referral_id: str) -> ReferralView | None:
    async def work(tx: AsyncManagedTransaction) -> ReferralView | None:
        rows = await _rows(tx, REFERRAL, referral_id=referral_id, **scope.params())
        views = [referral_view(row) for row in rows]
        await _audit(tx, scope, "referral.read", views)
        return views[0] if views else None

    return await graph.write(work)


async def referrals(
    graph: Graph,
    scope: Scope,
    first: int,
    after: Cursor | None,
    statuses: list[str],
    person_id: str | None = None,
) -> Page:
    """A page of the referrals the caller may see (of one person, when `person_id` is given)."""

    async def work(tx: AsyncManagedTransaction) -> Page:
        page = await _rows(
            tx,
            PAGE,
            person_id=person_id,
            statuses=statuses,
            after_ms=after.ms if after else None,
            after_id=after.id if after else None,
            limit=first + 1,  # one more than asked tells whether there is a next page
            **scope.params(),
        )
        ids = [row["id"] for row in page[:first]]
        rows = await _rows(tx, REFERRALS_BY_ID, ids=ids, **scope.params())
        by_id = {view.id: view for view in map(referral_view, rows)}
        views = [by_id[i] for i in ids]
        await _audit(tx, scope, "referral.list", views)
        cursors = [Cursor(row["ms"], row["id"]) for row in page[:first]]
        return Page(list(zip(cursors, views, strict=True)), has_next=len(page) > first)

    return await graph.write(work)
