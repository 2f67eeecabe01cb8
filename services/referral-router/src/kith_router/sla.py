"""SLA escalation of one received referral, in one transaction: lock it, let the domain say
what is due, then write the escalation (and, at level 2, the proposal) with its outbox events.

Exactly once across replicas does not rest on the sweep's lease (two replicas can both claim
a referral in a race): it rests on the lock plus the level stored on the referral. Whoever
locks second reads the level the first one wrote and finds nothing due. The events' ids are
UUIDv5 of (referral, level, type) as a further guard: the outbox and JetStream drop copies.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kith_common import outbox
from kith_common.events import (
    REFERRAL_ALTERNATIVE_PROPOSED,
    REFERRAL_ESCALATED,
    Event,
    EventType,
)
from kith_common.logging import get_logger
from kith_referrals import Status
from neo4j import AsyncManagedTransaction

from kith_router.alternatives import next_best_service
from kith_router.domain import Deadlines, SlaState, Step, event_id, next_due, next_step, sla_id
from kith_router.handlers import LOCK  # the same lock delivery takes: one writer at a time

log = get_logger(__name__)

LOAD = """
MATCH (r:Referral {id: $referral_id})
RETURN r.status AS status, r.version AS version, coalesce(r.sla_level, 0) AS level,
       r.sla_due_at AS first, r.second_due_at AS second, r.service_id AS service_id,
       r.from_organisation_id AS from_organisation_id, r.to_organisation_id AS to_organisation_id
"""

# Setting null removes the property: a referral with no `sla_next_due_at` is off the sweep.
RESCHEDULE = """
MATCH (r:Referral {id: $referral_id})
SET r.sla_next_due_at = $next_due, r.sla_lease_until = null, r.sla_lease_owner = null
"""

ESCALATE = """
MATCH (r:Referral {id: $referral_id})
SET r.sla_level = $level, r.sla_next_due_at = $next_due, r.sla_lease_until = null,
    r.sla_lease_owner = null
CREATE (r)-[:ESCALATED]->(:Escalation {
  id: $id, referral_id: r.id, level: $level, at: $at, due_at: $due_at, by_router: $owner,
  event_id: $event_id
})
"""

PROPOSE = """
MATCH (r:Referral {id: $referral_id})
CREATE (r)-[:PROPOSED]->(p:AlternativeProposal {
  id: $id, referral_id: r.id, service_id: $service_id, reason: $reason, at: $at,
  status: CASE WHEN $service_id IS NULL THEN 'none' ELSE 'proposed' END, event_id: $event_id
})
WITH p
OPTIONAL MATCH (s:Service {id: $service_id})
FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (p)-[:OF]->(s))
"""

ROUTING = ("referral_id", "service_id", "to_organisation_id", "from_organisation_id")


def _event(row: dict[str, Any], step: int, type_: EventType, at: datetime, **extra: str) -> Event:
    data = {key: str(row[key]) for key in ROUTING} | extra
    return Event(
        type=type_,
        aggregate_id=row["referral_id"],
        data=data,
        id=event_id(row["referral_id"], step, type_),
        occurred_at=at,
        aggregate_version=row["version"],
    )


async def _run(tx: AsyncManagedTransaction, query: str, **params: Any) -> None:
    await (await tx.run(query, **params)).consume()


async def _load(tx: AsyncManagedTransaction, referral_id: str) -> dict[str, Any] | None:
    if await (await tx.run(LOCK, referral_id=referral_id)).single() is None:
        return None
    row = (await (await tx.run(LOAD, referral_id=referral_id)).single(strict=True)).data()
    return {**row, "referral_id": referral_id}


def _state(row: dict[str, Any]) -> SlaState | None:
    if row["first"] is None or row["second"] is None:
        return None  # delivered before SLAs existed: nothing to escalate against
    due = Deadlines(row["first"].to_native(), row["second"].to_native())
    return SlaState(Status(row["status"]), row["level"], due)


async def _escalate(
    tx: AsyncManagedTransaction, row: dict[str, Any], state: SlaState, now: datetime, owner: str
) -> list[Event]:
    level = state.level + 1
    escalated = _event(row, level, REFERRAL_ESCALATED, now, level=str(level))
    due_at = state.due.first if level == 1 else state.due.second
    await _run(
        tx, ESCALATE, referral_id=row["referral_id"], level=level, at=now, due_at=due_at,
        next_due=next_due(level, state.due), id=sla_id(row["referral_id"], level, "escalation"),
        owner=owner, event_id=escalated.id,
    )  # fmt: skip
    if level < 2:
        return [escalated]
    service_id = await next_best_service(tx, row["referral_id"])
    reason = "next-best" if service_id else "no-alternative"
    proposed = _event(
        row, level, REFERRAL_ALTERNATIVE_PROPOSED, now,
        proposed_service_id=service_id or "", reason=reason,
    )  # fmt: skip
    await _run(
        tx, PROPOSE, referral_id=row["referral_id"], service_id=service_id, reason=reason,
        at=now, id=sla_id(row["referral_id"], level, "proposal"), event_id=proposed.id,
    )  # fmt: skip
    return [escalated, proposed]


async def escalate_in(
    tx: AsyncManagedTransaction, referral_id: str, now: datetime, owner: str
) -> Step:
    """Do whatever is due for `referral_id` at `now`; returns what was done."""
    row = await _load(tx, referral_id)
    state = None if row is None else _state(row)
    if row is None or state is None:
        await _run(tx, RESCHEDULE, referral_id=referral_id, next_due=None)
        return Step.STOP
    step = next_step(state, now)
    if step in (Step.WAIT, Step.STOP):
        later = next_due(state.level, state.due) if step is Step.WAIT else None
        await _run(tx, RESCHEDULE, referral_id=referral_id, next_due=later)
        return step
    events = await _escalate(tx, row, state, now, owner)
    await outbox.add(tx, *events)
    log.info("referral_escalated", referral_id=referral_id, level=state.level + 1)
    return step
