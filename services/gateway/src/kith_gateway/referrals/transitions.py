"""Moving a referral through its lifecycle, in one transaction: lock the referral, check the
client's idempotency key and expected version, let `kith_referrals` decide, then save the
status with a `StatusChange` history node, an outbox event and an audit entry.

The lock comes first and everything else is read after it: two workers accepting the same
referral at once queue on the lock, and the second then sees the first one's new version
and gets a conflict instead of silently overwriting it.
"""

from __future__ import annotations

from typing import Any

from kith_common import outbox
from kith_common.events import Event
from kith_common.graph import Graph
from kith_common.locks import write_lock
from kith_referrals import Action, Command, Status, Transition, decide
from kith_referrals.history import change_params, record_change
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.consent.rules import valid_consent
from kith_gateway.kernel.access import Scope
from kith_gateway.referrals.changes import (
    Changed,
    TransitionRefused,
    TransitionRequest,
    actor_for,
)
from kith_gateway.referrals.events import EVENT_FOR_STATUS

VISIBLE_TO_ACTOR = """(NOT $enforce
   OR ($as_referrer AND r.from_organisation_id = $org)
   OR ($as_receiver AND r.to_organisation_id = $org AND r.status <> 'draft'))"""

LOCK = f"""
MATCH (r:Referral {{id: $referral_id}})
WHERE {VISIBLE_TO_ACTOR}
{write_lock("r")}
RETURN r.id AS id
"""

# Run after LOCK, in its own statement, so it reads what committed before we got the lock.
LOAD = """
MATCH (r:Referral {id: $referral_id})-[:FOR]->(p:Person)
OPTIONAL MATCH (prior:StatusChange {idempotency_key: $key})
RETURN r.status AS status, r.version AS version, r.service_id AS service_id,
       r.from_organisation_id AS from_org, r.to_organisation_id AS to_org, p.id AS person_id,
       prior IS NOT NULL AS seen, prior.request_hash AS prior_hash
"""

# Sending and withdrawing both lock the person's consent records, so a referral is never sent
# under a consent whose withdrawal is committing at the same moment (it would miss the cancel).
LOCK_CONSENTS = f"""
MATCH (c:Consent)-[:ABOUT]->(:Person {{id: $person_id}})
WITH c ORDER BY c.id
{write_lock("c")}
RETURN count(c) AS locked
"""

CONSENT_FOR_SEND = f"""
MATCH (c:Consent)-[:ABOUT]->(:Person {{id: $person_id}})
WHERE {valid_consent("c", "to_org")}
RETURN c.id AS id ORDER BY c.expires_at DESC LIMIT 1
"""

SAVE = record_change(
    also_record="by_organisation_id: $by_org, reason_code: $reason_code,"
    " reason_text: $reason_text, outcomes: $outcomes, idempotency_key: $key,"
    " request_hash: $request_hash",
    then="""WITH r
OPTIONAL MATCH (c:Consent {id: $consent_id})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | MERGE (r)-[:UNDER]->(c))
""",
)


async def _one(tx: AsyncManagedTransaction, query: str, **params: Any) -> dict[str, Any] | None:
    record_ = await (await tx.run(query, **params)).single()
    return None if record_ is None else record_.data()


async def _load(
    tx: AsyncManagedTransaction, scope: Scope, request: TransitionRequest, enforce: bool
) -> dict[str, Any]:
    params = {**scope.params(), "referral_id": request.referral_id, "enforce": enforce}
    if await _one(tx, LOCK, **params) is None:
        raise TransitionRefused(TransitionRefused.NOT_FOUND, "no such referral visible to you")
    loaded = await _one(tx, LOAD, referral_id=request.referral_id, key=request.scoped_key(scope))
    assert loaded is not None  # locked above, in this transaction
    return loaded


def _check_version(row: dict[str, Any], request: TransitionRequest) -> None:
    if request.expected_version is not None and row["version"] != request.expected_version:
        raise TransitionRefused(
            TransitionRefused.CONFLICT,
            f"the referral changed: it is now {row['status']} at version {row['version']},"
            f" not version {request.expected_version}; reload it and try again",
            row["version"],
        )


async def _consent_for_send(tx: AsyncManagedTransaction, row: dict[str, Any]) -> str:
    await _one(tx, LOCK_CONSENTS, person_id=row["person_id"])
    found = await _one(tx, CONSENT_FOR_SEND, person_id=row["person_id"], to_org=row["to_org"])
    if found is None:
        raise TransitionRefused(
            TransitionRefused.CONSENT_REQUIRED,
            "record the person's consent (or a safeguarding basis) covering the receiving"
            " organisation before sending this referral",
        )
    return str(found["id"])


def _event(
    request: TransitionRequest, row: dict[str, Any], change: Transition, version: int
) -> Event:
    return Event(
        type=EVENT_FOR_STATUS[change.target],
        aggregate_id=request.referral_id,
        aggregate_version=version,
        data={
            "referral_id": request.referral_id,
            "service_id": row["service_id"],
            "to_organisation_id": row["to_org"],
            "from_organisation_id": row["from_org"],
        },
    )


async def _save(
    tx: AsyncManagedTransaction,
    scope: Scope,
    request: TransitionRequest,
    change: Transition,
    event: Event,
    consent_id: str | None,
) -> None:
    reason = change.reason
    params: dict[str, Any] = {
        **change_params(request.referral_id, change, event.aggregate_version, event.id),
        "by_org": change.actor.organisation_id,
        "reason_code": reason.code.value if reason else None,
        "reason_text": reason.text if reason else None,
        "outcomes": [o.value for o in change.outcomes],
        "key": request.scoped_key(scope),
        "request_hash": request.request_hash,
        "consent_id": consent_id,
    }
    await (await tx.run(SAVE, params)).consume()


async def change_in(
    tx: AsyncManagedTransaction, scope: Scope, request: TransitionRequest, *, enforce: bool = True
) -> Changed:
    """Apply `request` inside the caller's transaction (creation and consent withdrawal reuse it)."""
    row = await _load(tx, scope, request, enforce)
    if row["seen"]:
        if row["prior_hash"] != request.request_hash:
            raise TransitionRefused(
                TransitionRefused.CONFLICT, "this idempotency key was used for a different change"
            )
        return Changed(request.referral_id, Status(row["status"]), row["version"], replayed=True)
    _check_version(row, request)
    changed, access = await apply_loaded(tx, scope, request, row)
    if enforce:
        await record(tx, scope, [access])
    return changed


async def apply_loaded(
    tx: AsyncManagedTransaction, scope: Scope, request: TransitionRequest, row: dict[str, Any]
) -> tuple[Changed, Access]:
    """Decide and save `request` for a referral this transaction holds the lock on, `row` being
    what LOAD reads (a creation passes the row it just wrote, skipping LOCK and LOAD); returns
    the change and its audit entry, for the caller to record with its own."""
    actor = actor_for(scope, request.on_behalf_of_person)
    command = Command(request.action, actor, request.reason, request.outcomes)
    change = decide(Status(row["status"]), command)
    consent_id = await _consent_for_send(tx, row) if request.action is Action.SEND else None
    event = _event(request, row, change, row["version"] + 1)
    await _save(tx, scope, request, change, event, consent_id)
    await outbox.add(tx, event)
    access = Access(f"referral.{change.action.value}", row["person_id"], request.referral_id)
    changed = Changed(request.referral_id, change.target, event.aggregate_version, replayed=False)
    return changed, access


async def transition(
    graph: Graph, scope: Scope, request: TransitionRequest, *, enforce: bool = True
) -> Changed:
    """One change as its own unit of work. `enforce=False` skips the organisation check and
    the audit entry: the benchmark uses it to price them; no API path passes it."""

    async def work(tx: AsyncManagedTransaction) -> Changed:
        return await change_in(tx, scope, request, enforce=enforce)

    return await graph.write(work)
