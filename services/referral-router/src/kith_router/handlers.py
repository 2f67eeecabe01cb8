"""Delivery: `referral.requested` → `received`. Idempotent: a redelivered event changes nothing
twice.

The router moves referrals with the same lifecycle as the gateway (`kith_referrals`): it is
the `router` actor, and the lifecycle decides whether `receive` applies. A referral that is
no longer `requested` (already received, or cancelled meanwhile) is left alone, which is what
makes a redelivery a no-op.

Delivery also reads the service's capacity: the referral is received whatever it is (only
the receiving organisation may reject, and a waitlist is still a place in the queue), but a
waitlisted, closed or assessment-first service marks it with a `business_status` and tells
the referrer with `kith.referral.delivery-flagged`. And it starts the SLA clock: both
deadlines, in working days from receipt, are stored on the referral for the sweep.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kith_common import outbox
from kith_common.events import REFERRAL_DELIVERY_FLAGGED, REFERRAL_RECEIVED, Event
from kith_common.graph import Graph
from kith_common.locks import write_lock
from kith_common.logging import get_logger
from kith_referrals import Action, Actor, Command, LifecycleError, Status, Transition, decide
from kith_referrals.history import change_params, record_change
from neo4j import AsyncManagedTransaction

from kith_router.domain import BusinessStatus, SlaPolicy, business_status, deadlines

log = get_logger(__name__)

# Lock first, read after: a concurrent cancel that commits first is seen, not overwritten.
LOCK = f"""
MATCH (r:Referral {{id: $referral_id}})
{write_lock("r")}
RETURN r.id AS id
"""

LOAD = """
MATCH (r:Referral {id: $referral_id})
OPTIONAL MATCH (s:Service {id: r.service_id})
RETURN r.status AS status, r.version AS version, s.capacity_status AS capacity_status
"""

SAVE = record_change(
    also_set="r.received_at = $at, r.business_status = $business_status,"
    " r.sla_due_at = $sla_due_at, r.second_due_at = $second_due_at, r.sla_level = 0,"
    " r.sla_next_due_at = $sla_due_at",
    also_record="business_status: $business_status",
)


async def _load(tx: AsyncManagedTransaction, referral_id: str) -> dict[str, Any] | None:
    if await (await tx.run(LOCK, referral_id=referral_id)).single() is None:
        return None
    row = await (await tx.run(LOAD, referral_id=referral_id)).single(strict=True)
    return row.data()


async def _save(
    tx: AsyncManagedTransaction,
    referral_id: str,
    change: Transition,
    event: Event,
    flag: BusinessStatus,
    policy: SlaPolicy,
) -> None:
    due = deadlines(change.at, policy)
    params: dict[str, Any] = {
        **change_params(referral_id, change, event.aggregate_version, event.id),
        "business_status": flag.value,
        "sla_due_at": due.first,
        "second_due_at": due.second,
    }
    await (await tx.run(SAVE, params)).consume()


def _announce(requested: Event, version: int, flag: BusinessStatus) -> list[Event]:
    received = requested.derive(REFERRAL_RECEIVED, dict(requested.data), version=version)
    if flag is BusinessStatus.DELIVERED:
        return [received]
    data = {**requested.data, "business_status": flag.value}
    return [received, requested.derive(REFERRAL_DELIVERY_FLAGGED, data, version=version)]


async def deliver_referral(
    graph: Graph, event: Event, policy: SlaPolicy | None = None
) -> BusinessStatus | None:
    """On `referral.requested`: mark the referral received by its organisation. Returns how
    it was delivered, or None when there was nothing to deliver."""
    [delivered] = await deliver_referrals(graph, [event], policy)
    return delivered


async def deliver_referrals(
    graph: Graph, events: Sequence[Event], policy: SlaPolicy | None = None
) -> list[BusinessStatus | None]:
    """`deliver_referral` for a fetched batch in one transaction: one commit however many
    arrived together. Idempotent as a whole, so a failed batch is simply redelivered."""
    sla = policy or SlaPolicy()

    async def work(tx: AsyncManagedTransaction) -> list[BusinessStatus | None]:
        return [await _deliver_in(tx, event, sla) for event in events]

    return await graph.write(work)


async def _deliver_in(
    tx: AsyncManagedTransaction, event: Event, sla: SlaPolicy
) -> BusinessStatus | None:
    referral_id = event.data["referral_id"]
    row = await _load(tx, referral_id)
    if row is None:
        log.warning("referral_missing", referral_id=referral_id)
        return None
    try:
        change = decide(Status(row["status"]), Command(Action.RECEIVE, Actor.router()))
    except LifecycleError:
        return None  # already delivered, or stopped before delivery: nothing to do
    flag = business_status(row["capacity_status"])
    events = _announce(event, row["version"] + 1, flag)
    await _save(tx, referral_id, change, events[0], flag, sla)
    await outbox.add(tx, *events)
    log.info("referral_received", referral_id=referral_id, business_status=flag.value)
    return flag
