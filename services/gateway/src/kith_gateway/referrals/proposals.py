"""The referrer's answer to the router's next-best proposal (the level-2 SLA escalation).

Confirming cancels the stuck referral (reason `other`, "replaced by the proposed
alternative") and creates and sends a new one to the proposed service, in ONE transaction,
through the same `change_in` / `create_in` as the API: the new receiver must be covered by
the person's consent, else nothing changes and the client gets `ConsentRequiredError`.
Declining records the answer; the referral stays with its receiver. Both are idempotent on
the client's key (scoped to its organisation) and visible to the referring organisation only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kith_common.graph import Graph
from kith_common.locks import write_lock
from kith_referrals import Action, Reason, ReasonCode, Status
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope
from kith_gateway.referrals.changes import TransitionRefused, TransitionRequest
from kith_gateway.referrals.domain import NewReferral
from kith_gateway.referrals.handlers import create_in
from kith_gateway.referrals.transitions import change_in

REPLACED = Reason.of(ReasonCode.OTHER, "replaced by the proposed alternative service")

LOCK = f"""
MATCH (r:Referral {{id: $referral_id}}) WHERE r.from_organisation_id = $org
{write_lock("r")}
RETURN r.id AS id
"""

LOAD = """
MATCH (r:Referral {id: $referral_id})-[:FOR]->(p:Person)
OPTIONAL MATCH (r)-[:PROPOSED]->(a:AlternativeProposal)
RETURN r.status AS status, r.reason AS reason, p.id AS person_id, p.reference AS pseudonym,
       p.home_area AS home_area, a.id AS proposal_id, a.status AS proposal,
       a.service_id AS service_id, a.decision_key AS decision_key,
       a.new_referral_id AS new_referral_id
"""

DECIDE = """
MATCH (a:AlternativeProposal {id: $proposal_id})
SET a.status = $status, a.decision_key = $key, a.decided_at = datetime(), a.decided_by = $user,
    a.decided_by_organisation_id = $org, a.new_referral_id = $new_referral_id
WITH a
OPTIONAL MATCH (n:Referral {id: $new_referral_id})
FOREACH (_ IN CASE WHEN n IS NULL THEN [] ELSE [1] END | CREATE (a)-[:RESULTED_IN]->(n))
"""

STATES = """
UNWIND $ids AS id
MATCH (r:Referral {id: id})
RETURN r.id AS id, r.status AS status, r.version AS version
"""


@dataclass(frozen=True)
class State:
    id: str
    status: str
    version: int


@dataclass(frozen=True)
class Decided:
    referral: State  # the referral the proposal was about
    new_referral: State | None  # the one created on confirmation
    replayed: bool


async def _one(tx: AsyncManagedTransaction, query: str, **params: Any) -> dict[str, Any] | None:
    found = await (await tx.run(query, **params)).single()
    return None if found is None else found.data()


async def _states(
    tx: AsyncManagedTransaction, old: str, new: str | None, replayed: bool
) -> Decided:
    rows = [row.data() async for row in await tx.run(STATES, ids=[old, new] if new else [old])]
    by_id = {row["id"]: State(**row) for row in rows}
    return Decided(by_id[old], by_id.get(new) if new else None, replayed)


def _check(row: dict[str, Any]) -> None:
    if row["proposal_id"] is None:
        raise TransitionRefused(TransitionRefused.NOT_FOUND, "no alternative has been proposed")
    if row["proposal"] == "none":
        raise TransitionRefused(TransitionRefused.NOT_FOUND, "no suitable alternative was found")
    if row["proposal"] != "proposed":
        raise TransitionRefused(
            TransitionRefused.CONFLICT, f"the proposal was already {row['proposal']}"
        )
    if row["status"] != Status.RECEIVED.value:
        raise TransitionRefused(
            TransitionRefused.CONFLICT,
            f"the referral is now {row['status']}: the proposal no longer applies",
        )


async def _replace(tx: AsyncManagedTransaction, scope: Scope, row: dict[str, Any], key: str) -> str:
    cancel = TransitionRequest(row["id"], Action.CANCEL, None, f"{key}:cancel", reason=REPLACED)
    await change_in(tx, scope, cancel)
    new = NewReferral(
        key, row["pseudonym"], row["home_area"], row["service_id"], row["reason"],
        scope.organisation_id,
    )  # fmt: skip
    return (await create_in(tx, scope, new)).id


async def decide_in(
    tx: AsyncManagedTransaction, scope: Scope, referral_id: str, key: str, confirm: bool
) -> Decided:
    if await _one(tx, LOCK, referral_id=referral_id, org=scope.organisation_id) is None:
        raise TransitionRefused(TransitionRefused.NOT_FOUND, "no such referral visible to you")
    row = await _one(tx, LOAD, referral_id=referral_id)
    assert row is not None  # locked above, in this transaction
    row["id"], scoped = referral_id, f"{scope.organisation_id}:{key}"
    if row["decision_key"] == scoped:
        if row["proposal"] != ("confirmed" if confirm else "declined"):
            raise TransitionRefused(
                TransitionRefused.CONFLICT, "this idempotency key was used for the other answer"
            )
        return await _states(tx, referral_id, row["new_referral_id"], replayed=True)
    _check(row)
    new_id = await _replace(tx, scope, row, key) if confirm else None
    if not confirm:
        await record(
            tx, scope, [Access("referral.decline-alternative", row["person_id"], referral_id)]
        )
    await (
        await tx.run(
            DECIDE, proposal_id=row["proposal_id"], key=scoped, user=scope.user_id,
            org=scope.organisation_id, new_referral_id=new_id,
            status="confirmed" if confirm else "declined",
        )
    ).consume()  # fmt: skip
    return await _states(tx, referral_id, new_id, replayed=False)


async def decide(graph: Graph, scope: Scope, referral_id: str, key: str, confirm: bool) -> Decided:
    async def work(tx: AsyncManagedTransaction) -> Decided:
        return await decide_in(tx, scope, referral_id, key, confirm)

    return await graph.write(work)
