"""Moving a person on a pathway, and reading where they are.

`change_tier_in` runs inside the caller's transaction so a case meeting's decision and the
tier change it makes commit together (the meetings domain calls it with `Basis.MEETING`).
Concurrency: the enrolment node is locked before it is read, and a client that read an older
version gets a conflict instead of overwriting someone else's move.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from kith_common import outbox
from kith_common.events import PATHWAY_TIER_CHANGED, Event
from kith_common.graph import Graph
from kith_common.locks import write_lock
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.refusals import Refused
from kith_gateway.pathways.domain import Basis, TierMove, decide_move

PRIOR = """
MATCH (c:TierChange {idempotency_key: $key})
RETURN c {.id, .request_hash, .pathway_id, .person_id, .from_tier, .to_tier, .direction,
          .version} AS change
"""

# A meeting's decision may move a person recorded by another attending organisation
# (`any_org`); everyone else only moves their own organisation's people.
LOCK = f"""
MATCH (p:Person {{id: $person_id}}) WHERE $any_org OR p.organisation_id = $org
MATCH (pw:Pathway {{id: $pathway_id}})
MERGE (e:PathwayEnrolment {{person_id: p.id, pathway_id: pw.id}})
ON CREATE SET e.version = 0, e.enrolled_at = datetime()
{write_lock("e")}
RETURN p.id AS id
"""

LOAD = """
MATCH (e:PathwayEnrolment {person_id: $person_id, pathway_id: $pathway_id})
MATCH (pw:Pathway {id: $pathway_id})
RETURN e.tier AS current, e.version AS version,
       [(pw)-[:HAS_TIER]->(t) | [t.level, t.requires_decision]] AS tiers
"""

SAVE = """
MATCH (e:PathwayEnrolment {person_id: $person_id, pathway_id: $pathway_id})
MATCH (p:Person {id: $person_id}), (pw:Pathway {id: $pathway_id})
SET e.tier = $to, e.version = $version, e.tier_since = datetime(),
    e.organisation_id = p.organisation_id
MERGE (p)-[:ON_PATHWAY]->(e)
MERGE (e)-[:OF]->(pw)
CREATE (e)-[:CHANGED]->(:TierChange {
  id: $change_id, person_id: $person_id, pathway_id: $pathway_id, from_tier: $from_tier,
  to_tier: $to, direction: $direction, basis: $basis, meeting_decision_id: $decision,
  by_user: $user, by_organisation_id: $org, at: datetime(), version: $version,
  idempotency_key: $key, request_hash: $request_hash
})
RETURN p.organisation_id AS person_org
"""


class EnrolmentRefused(Refused):
    """No such person or pathway for the caller, or a stale version."""


@dataclass(frozen=True)
class TierActor:
    """Who moves the person, and on whose authority."""

    user_id: str
    organisation_id: str
    basis: Basis
    meeting_decision_id: str | None = None  # set exactly when basis is MEETING

    def __post_init__(self) -> None:
        if (self.basis is Basis.MEETING) != (self.meeting_decision_id is not None):
            raise ValueError("a meeting basis names its decision, and only it does")


@dataclass(frozen=True)
class TierChange:
    person_id: str
    pathway_id: str
    to_tier: int
    idempotency_key: str
    expected_version: int | None  # None: no check (a meeting decision is authoritative)

    def request_hash(self) -> str:
        body = f"{self.person_id}|{self.pathway_id}|{self.to_tier}|{self.expected_version}"
        return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class TierChanged:
    change_id: str
    pathway_id: str
    person_id: str
    from_tier: int | None
    to_tier: int
    direction: str
    version: int
    created: bool


def _replayed(row: dict[str, Any], change: TierChange) -> TierChanged:
    if row["request_hash"] != change.request_hash():
        raise EnrolmentRefused(
            EnrolmentRefused.CONFLICT, "this idempotency key was already used for another change"
        )
    return TierChanged(
        row["id"],
        row["pathway_id"],
        row["person_id"],
        row["from_tier"],
        row["to_tier"],
        row["direction"],
        row["version"],
        created=False,
    )


async def _load(tx: AsyncManagedTransaction, actor: TierActor, change: TierChange) -> Any:
    params: dict[str, Any] = {"person_id": change.person_id, "pathway_id": change.pathway_id}
    any_org = actor.basis is Basis.MEETING
    lock_params = {**params, "any_org": any_org, "org": actor.organisation_id}
    locked = await (await tx.run(LOCK, lock_params)).single()
    if locked is None:
        raise EnrolmentRefused(EnrolmentRefused.NOT_FOUND, "no such person or pathway")
    return await (await tx.run(LOAD, params)).single(strict=True)


async def _save(
    tx: AsyncManagedTransaction,
    actor: TierActor,
    change: TierChange,
    key: str,
    move: TierMove,
    version: int,
) -> TierChanged:
    change_id = str(uuid.uuid4())
    row = await (
        await tx.run(
            SAVE,
            person_id=change.person_id,
            pathway_id=change.pathway_id,
            change_id=change_id,
            to=move.to_tier,
            version=version,
            direction=move.direction.value,
            basis=move.basis.value,
            decision=actor.meeting_decision_id,
            user=actor.user_id,
            org=actor.organisation_id,
            key=key,
            request_hash=change.request_hash(),
            from_tier=move.from_tier,
        )
    ).single(strict=True)
    event = Event(
        type=PATHWAY_TIER_CHANGED,
        aggregate_id=change.pathway_id,
        aggregate_version=version,
        data={
            "pathway_id": change.pathway_id,
            "change_id": change_id,
            "organisation_id": row["person_org"],
            "tier": str(move.to_tier),
            "direction": move.direction.value,
        },
    )
    await outbox.add(tx, event)
    scope = Scope(actor.user_id, actor.organisation_id, True, False, f"pathway-{actor.basis}")
    await record(tx, scope, [Access("pathway.tier-change", change.person_id, change_id)])
    return TierChanged(
        change_id,
        change.pathway_id,
        change.person_id,
        move.from_tier,
        move.to_tier,
        move.direction.value,
        version,
        created=True,
    )


async def change_tier_in(
    tx: AsyncManagedTransaction, actor: TierActor, change: TierChange
) -> TierChanged:
    """Move a person to `change.to_tier`, inside the caller's transaction. Raises
    `PathwayRuleRefused` (the pathway's rules) or `EnrolmentRefused` (not found, conflict)."""
    key = f"{actor.organisation_id}:{change.idempotency_key}"
    prior = await (await tx.run(PRIOR, key=key)).single()
    if prior is not None:
        return _replayed(prior["change"], change)
    row = await _load(tx, actor, change)
    expected = change.expected_version
    if expected is not None and expected != row["version"]:
        raise EnrolmentRefused(
            EnrolmentRefused.CONFLICT,
            f"the person's place on this pathway changed (now version {row['version']})",
            current_version=row["version"],
        )
    move = decide_move(dict(row["tiers"]), row["current"], change.to_tier, actor.basis)
    return await _save(tx, actor, change, key, move, row["version"] + 1)


async def change_tier(graph: Graph, actor: TierActor, change: TierChange) -> TierChanged:
    async def work(tx: AsyncManagedTransaction) -> TierChanged:
        return await change_tier_in(tx, actor, change)

    return await graph.write(work)
