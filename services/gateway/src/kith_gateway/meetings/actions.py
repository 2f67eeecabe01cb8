"""Actions after the meeting: moving one (done / cancelled) with optimistic concurrency and
idempotency keys, and the overdue sweep. The owner organisation or the host's chair changes
an action; anyone else gets "not found".

The sweep: every open action past its due date raises one `kith.meeting.action-overdue`
event for its owner and the chair's organisation. Idempotent by construction: the event id
is a UUIDv5 of the action id and due date, and the outbox MERGEs on the event id, so any
number of sweeps in any number of gateway replicas announce each overdue action once (per
due date). `now` is a parameter: tests freeze it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from kith_common import outbox
from kith_common.events import MEETING_ACTION_OVERDUE, Event
from kith_common.graph import Graph
from kith_common.locks import write_lock
from kith_common.logging import get_logger
from kith_common.runtime import Loop, periodic
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.access import MeetingRefused, check_version
from kith_gateway.meetings.domain import (
    ActionChange,
    ActionStatus,
    next_action_status,
    overdue_event_id,
)

log = get_logger(__name__)
SWEEP_EVERY_SECONDS = 300.0  # the default of `Settings.meetings_sweep_seconds`

# Lock first, then read: a second change waiting on the lock reads the first one's result.
LOCK_ACTION = f"""
MATCH (a:MeetingAction {{id: $id}})
{write_lock("a")}
"""

READ_ACTION = """
MATCH (a:MeetingAction {id: $id})-[:FOR_CASE]->(:MeetingCase)-[:ABOUT]->(p:Person)
MATCH (m:CaseMeeting {id: a.meeting_id})
RETURN a.status AS status, a.version AS version, a.last_change_key AS last_key,
       a.owner_organisation_id AS owner, p.id AS person_id, m.host_organisation_id AS host
"""

CHANGE = """
MATCH (a:MeetingAction {id: $id})
SET a.status = $status, a.version = a.version + 1, a.last_change_key = $key,
    a.changed_at = $now, a.changed_by = $user
RETURN a.version AS version
"""


@dataclass(frozen=True)
class ActionChanged:
    id: str
    status: ActionStatus
    version: int
    replayed: bool


async def change_action(
    graph: Graph,
    scope: Scope,
    action_id: str,
    change: ActionChange,
    expected_version: int,
    idempotency_key: str,
    now: datetime,
) -> ActionChanged:
    key = f"{scope.organisation_id}:{idempotency_key}"

    async def work(tx: AsyncManagedTransaction) -> ActionChanged:
        await (await tx.run(LOCK_ACTION, id=action_id)).consume()
        row = await (await tx.run(READ_ACTION, id=action_id)).single()
        if row is None or scope.organisation_id not in (row["owner"], row["host"]):
            raise MeetingRefused(MeetingRefused.NOT_FOUND, "no such action you can change")
        if row["last_key"] == key:
            return ActionChanged(action_id, ActionStatus(row["status"]), row["version"], True)
        check_version(row["version"], expected_version)
        status = next_action_status(ActionStatus(row["status"]), change)
        params = {"id": action_id, "status": status.value, "key": key, "now": now,
                  "user": scope.user_id}  # fmt: skip
        changed = await (await tx.run(CHANGE, params)).single(strict=True)
        await record(
            tx, scope, [Access(f"meeting.action.{change.value}", row["person_id"], action_id)]
        )
        return ActionChanged(action_id, status, int(changed["version"]), False)

    return await graph.write(work)


# Marking the action (`overdue_for`) keeps later sweeps cheap; the event id keeps them honest.
OVERDUE = """
MATCH (a:MeetingAction {status: 'open'})
WHERE a.due_on < $today AND coalesce(a.overdue_for, date('1970-01-01')) <> a.due_on
MATCH (m:CaseMeeting {id: a.meeting_id})
WITH a, m ORDER BY a.due_on, a.id LIMIT $limit
SET a.overdue_for = a.due_on
RETURN a.id AS action_id, a.due_on AS due_on, a.owner_organisation_id AS owner,
       m.id AS meeting_id, m.host_organisation_id AS chair_org
"""


def _event(row: dict[str, Any]) -> Event:
    due: date = row["due_on"].to_native()
    data = {"meeting_id": row["meeting_id"], "action_id": row["action_id"],
            "organisation_id": row["owner"], "chair_organisation_id": row["chair_org"]}  # fmt: skip
    return Event(
        MEETING_ACTION_OVERDUE, row["meeting_id"], data, id=overdue_event_id(row["action_id"], due)
    )


async def sweep_overdue(graph: Graph, now: datetime, limit: int = 500) -> int:
    """One pass; returns how many actions it announced as overdue."""

    async def work(tx: AsyncManagedTransaction) -> int:
        rows = [r.data() async for r in await tx.run(OVERDUE, today=now.date(), limit=limit)]
        await outbox.add(tx, *(_event(r) for r in rows))
        return len(rows)

    return await graph.write(work)


def overdue_loop(
    graph: Graph,
    every: float = SWEEP_EVERY_SECONDS,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Loop:
    """The sweep as a background loop for the gateway's lifespan (`runtime.running`); `every`
    comes from `KITH_MEETINGS_SWEEP_SECONDS` (`Settings.meetings_sweep_seconds`)."""

    async def once() -> None:
        count = await sweep_overdue(graph, clock())
        if count:
            log.info("meeting_actions_overdue", count=count)

    return periodic("meeting-overdue-sweep", once, every)
