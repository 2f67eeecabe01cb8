"""Recording and withdrawing consent. Withdrawal is one transaction: the record stops counting
(so receiving organisations lose access at once, see `rules.valid_consent`), every open
referral sent under it is cancelled on the person's behalf, and the events announcing both are
written to the outbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kith_common import outbox
from kith_common.events import CONSENT_WITHDRAWN, Event
from kith_common.graph import Graph
from kith_common.locks import write_lock
from kith_referrals import OPEN, Action, Reason, ReasonCode
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.domain import NewConsent
from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.refusals import Refused
from kith_gateway.referrals.changes import TransitionRequest
from kith_gateway.referrals.transitions import change_in

KNOWN_ORGANISATIONS = "MATCH (o:Organisation) WHERE o.id IN $ids RETURN collect(o.id) AS ids"

RECORD_CONSENT = """
MERGE (c:Consent {idempotency_key: $key})
ON CREATE SET c += $props, c.id = $consent_id, c.status = 'active', c.recorded_at = datetime(),
              c._created = true
WITH c, coalesce(c._created, false) AS created
REMOVE c._created
WITH c, created
CALL (c, created) {
  WITH c WHERE created
  MERGE (p:Person {reference: $pseudonym, organisation_id: $org})
  ON CREATE SET p.id = randomUUID(), p.created_at = datetime()
  CREATE (c)-[:ABOUT]->(p)
}
MATCH (c)-[:ABOUT]->(p:Person)
RETURN c.id AS id, c.request_hash AS request_hash, p.id AS person_id, created
"""

# Only the organisation that holds the person withdraws for them; the lock serialises two
# withdrawals of the same record.
LOCK_CONSENT = f"""
MATCH (c:Consent {{id: $consent_id}})-[:ABOUT]->(p:Person {{organisation_id: $org}})
{write_lock("c")}
RETURN c.id AS id
"""

WITHDRAW = """
MATCH (c:Consent {id: $consent_id})-[:ABOUT]->(p:Person)
WITH c, p, c.status AS was, c.withdrawal_key AS prior_key
FOREACH (_ IN CASE WHEN was = 'active' THEN [1] ELSE [] END |
  SET c.status = 'withdrawn', c.withdrawn_at = datetime(), c.withdrawn_by = $user,
      c.withdrawal_key = $key)
WITH c, p, was, prior_key
OPTIONAL MATCH (r:Referral)-[:UNDER]->(c) WHERE r.status IN $open
RETURN was, prior_key, p.id AS person_id, c.shared_with AS shared_with,
       c.organisation_id AS from_org, collect(r.id) AS open_referrals
"""


class ConsentRefused(Refused):
    """A consent record that cannot be written or withdrawn."""


@dataclass(frozen=True)
class ConsentRecorded:
    id: str
    person_id: str
    created: bool


@dataclass(frozen=True)
class ConsentWithdrawn:
    id: str
    cancelled_referral_ids: tuple[str, ...]
    replayed: bool


def _properties(new: NewConsent) -> dict[str, object]:
    return {
        "basis": new.basis.value,
        "categories": [c.value for c in new.categories],
        "shared_with": list(new.shared_with),
        "purpose": new.purpose.value,
        "method": new.method.value if new.method else None,
        "justification": new.justification,
        "expires_at": new.expires_at,
        "recorded_by": new.recorded_by,
        "organisation_id": new.organisation_id,
        "review_required": new.review_required,
        "request_hash": new.request_hash,
    }


async def record_consent(graph: Graph, scope: Scope, new: NewConsent) -> ConsentRecorded:
    async def work(tx: AsyncManagedTransaction) -> ConsentRecorded:
        return await record_in(tx, scope, new)

    return await graph.write(work)


async def record_in(tx: AsyncManagedTransaction, scope: Scope, new: NewConsent) -> ConsentRecorded:
    """Record consent inside the caller's transaction (a self-referral records both at once)."""
    known = await (await tx.run(KNOWN_ORGANISATIONS, ids=list(new.shared_with))).single()
    missing = sorted(set(new.shared_with) - set(known["ids"] if known else []))
    if missing:
        raise ConsentRefused(ConsentRefused.NOT_FOUND, f"no organisation with id {missing[0]}")
    params = {
        "key": new.scoped_key,
        "props": _properties(new),
        "org": scope.organisation_id,
        "consent_id": str(uuid.uuid4()),
        "pseudonym": new.person_pseudonym,
    }
    row = await (await tx.run(RECORD_CONSENT, params)).single(strict=True)
    if not row["created"]:
        if row["request_hash"] != new.request_hash:
            raise ConsentRefused(
                ConsentRefused.CONFLICT, "this idempotency key was used for a different consent"
            )
        return ConsentRecorded(row["id"], row["person_id"], created=False)
    await record(tx, scope, [Access("consent.record", row["person_id"], row["id"])])
    return ConsentRecorded(row["id"], row["person_id"], created=True)


async def withdraw_consent(
    graph: Graph, scope: Scope, consent_id: str, idempotency_key: str
) -> ConsentWithdrawn:
    key = f"{scope.organisation_id}:{idempotency_key}"

    async def work(tx: AsyncManagedTransaction) -> ConsentWithdrawn:
        params = {"consent_id": consent_id, "org": scope.organisation_id}
        if await (await tx.run(LOCK_CONSENT, params)).single() is None:
            raise ConsentRefused(ConsentRefused.NOT_FOUND, "no such consent visible to you")
        more = {"user": scope.user_id, "key": key, "open": [s.value for s in OPEN]}
        row = await (await tx.run(WITHDRAW, {**params, **more})).single(strict=True)
        if row["was"] != "active":
            if row["prior_key"] == key:
                return ConsentWithdrawn(consent_id, (), replayed=True)
            raise ConsentRefused(ConsentRefused.CONFLICT, "this consent was already withdrawn")
        cancelled = await cancel_open_referrals(tx, scope, row["open_referrals"])
        await outbox.add(tx, *withdrawal_events(consent_id, row["shared_with"], row["from_org"]))
        await record(tx, scope, [Access("consent.withdraw", row["person_id"], consent_id)])
        return ConsentWithdrawn(consent_id, cancelled, replayed=False)

    return await graph.write(work)


async def cancel_open_referrals(
    tx: AsyncManagedTransaction, scope: Scope, referral_ids: list[str]
) -> tuple[str, ...]:
    """Cancelled on the person's behalf: withdrawing consent is their decision."""
    reason = Reason(ReasonCode.CONSENT_WITHDRAWN)
    for referral_id in sorted(referral_ids):  # a fixed order keeps concurrent locks deadlock-free
        request = TransitionRequest(
            referral_id, Action.CANCEL, None, None, on_behalf_of_person=True, reason=reason
        )
        await change_in(tx, scope, request)
    return tuple(sorted(referral_ids))


def withdrawal_events(consent_id: str, shared_with: list[str], from_org: str) -> list[Event]:
    return [
        Event(
            type=CONSENT_WITHDRAWN,
            aggregate_id=consent_id,
            data={
                "consent_id": consent_id,
                "organisation_id": org,
                "from_organisation_id": from_org,
            },
        )
        for org in sorted(shared_with)
    ]
