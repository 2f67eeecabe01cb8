"""The safeguarding review queue: every record that shares a person's data without their
consent is reviewed by an organisation admin other than the person who recorded it.

Upheld, the record keeps counting and leaves the queue. Not upheld, it stops counting at once,
exactly as a withdrawal does: open referrals sent under it are cancelled and every organisation
it was shared with is told (`kith.consent.withdrawn`), in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kith_common import outbox
from kith_common.graph import Graph
from kith_common.locks import write_lock
from kith_referrals import OPEN
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.handlers import (
    ConsentRefused,
    cancel_open_referrals,
    withdrawal_events,
)
from kith_gateway.kernel.access import Scope

MAX_QUEUE = 200

PENDING = """
MATCH (c:Consent {organisation_id: $org, basis: 'safeguarding', review_required: true})
      -[:ABOUT]->(p:Person)
RETURN c {.id, .recorded_by, .recorded_at, .shared_with, .purpose, .justification,
          .expires_at} AS consent, p.id AS person_id
ORDER BY c.recorded_at, c.id
LIMIT $limit
"""

LOCK = f"""
MATCH (c:Consent {{id: $consent_id, organisation_id: $org, basis: 'safeguarding'}})
{write_lock("c")}
RETURN c.id AS id
"""

READ = """
MATCH (c:Consent {id: $consent_id})-[:ABOUT]->(p:Person)
OPTIONAL MATCH (r:Referral)-[:UNDER]->(c) WHERE r.status IN $open
RETURN c.review_required AS pending, c.review_key AS prior_key, c.review_outcome AS outcome,
       c.recorded_by AS recorded_by, c.status AS status, c.shared_with AS shared_with,
       c.organisation_id AS from_org, p.id AS person_id, collect(r.id) AS open_referrals
"""

DECIDE = """
MATCH (c:Consent {id: $consent_id})
SET c.review_required = false, c.review_outcome = $outcome, c.reviewed_by = $user,
    c.reviewed_at = datetime(), c.review_key = $key
FOREACH (_ IN CASE WHEN $outcome = 'not-upheld' AND c.status = 'active' THEN [1] ELSE [] END |
  SET c.status = 'withdrawn', c.withdrawn_at = datetime(), c.withdrawn_by = $user)
"""


class ReviewOutcome(StrEnum):
    UPHELD = "upheld"
    NOT_UPHELD = "not-upheld"


@dataclass(frozen=True)
class PendingReview:
    consent_id: str
    person_id: str
    recorded_by: str
    recorded_at: datetime
    shared_with: tuple[str, ...]
    purpose: str
    justification: str
    expires_at: datetime


@dataclass(frozen=True)
class Reviewed:
    consent_id: str
    outcome: ReviewOutcome
    cancelled_referral_ids: tuple[str, ...]
    replayed: bool


async def pending_reviews(graph: Graph, scope: Scope) -> list[PendingReview]:
    """The organisation's safeguarding records awaiting review, oldest first (each audited:
    the justification is about the person)."""

    async def work(tx: AsyncManagedTransaction) -> list[PendingReview]:
        rows = await (await tx.run(PENDING, org=scope.organisation_id, limit=MAX_QUEUE)).data()
        found = [
            PendingReview(
                consent_id=r["consent"]["id"],
                person_id=r["person_id"],
                recorded_by=r["consent"]["recorded_by"],
                recorded_at=r["consent"]["recorded_at"].to_native(),
                shared_with=tuple(r["consent"]["shared_with"]),
                purpose=r["consent"]["purpose"],
                justification=r["consent"]["justification"] or "",
                expires_at=r["consent"]["expires_at"].to_native(),
            )
            for r in rows
        ]
        accesses = [Access("safeguarding.review-read", p.person_id, p.consent_id) for p in found]
        await record(tx, scope, accesses)
        return found

    return await graph.write(work)


def _check(row: dict[str, object], scope: Scope, key: str) -> bool:
    """True when this is a replay of the same review; raises when the review is not allowed."""
    if not row["pending"]:
        if row["prior_key"] == key:
            return True
        raise ConsentRefused(ConsentRefused.CONFLICT, "this record was already reviewed")
    if row["recorded_by"] == scope.user_id:
        raise ConsentRefused(
            ConsentRefused.CONFLICT, "someone other than the person who recorded it must review it"
        )
    return False


async def review_safeguarding(
    graph: Graph, scope: Scope, consent_id: str, outcome: ReviewOutcome, idempotency_key: str
) -> Reviewed:
    key = f"{scope.organisation_id}:{idempotency_key}"

    async def work(tx: AsyncManagedTransaction) -> Reviewed:
        params = {"consent_id": consent_id, "org": scope.organisation_id}
        if await (await tx.run(LOCK, params)).single() is None:
            raise ConsentRefused(ConsentRefused.NOT_FOUND, "no such safeguarding record for you")
        row = await (
            await tx.run(READ, consent_id=consent_id, open=[s.value for s in OPEN])
        ).single(strict=True)
        if _check(row.data(), scope, key):
            return Reviewed(consent_id, ReviewOutcome(row["outcome"]), (), replayed=True)
        await tx.run(
            DECIDE, consent_id=consent_id, outcome=outcome.value, user=scope.user_id, key=key
        )
        cancelled: tuple[str, ...] = ()
        if outcome is ReviewOutcome.NOT_UPHELD and row["status"] == "active":
            cancelled = await cancel_open_referrals(tx, scope, row["open_referrals"])
            await outbox.add(
                tx, *withdrawal_events(consent_id, row["shared_with"], row["from_org"])
            )
        await record(
            tx, scope, [Access(f"safeguarding.{outcome.value}", row["person_id"], consent_id)]
        )
        return Reviewed(consent_id, outcome, cancelled, replayed=False)

    return await graph.write(work)
